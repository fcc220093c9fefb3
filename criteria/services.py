"""The bridge between stored sets, stored values and the pure-Python engine.

Turns a stored version into engine dataclasses, gathers a unit's profile and values through
monitoring.queries, evaluates, and saves the result with the version it used, so that last
year's report still gives last year's score after the set changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from criteria.engine import (
    Evaluation,
    Framework,
    LevelChain,
    Qualification,
    UnitProfile,
    Value,
    evaluate,
    framework_from_dict,
    merge_layer,
    qualify,
)
from criteria.models import (
    Assessment,
    CommuneProfile,
    CriteriaSet,
    Recognition,
    SetVersion,
)
from monitoring.queries import values_for_units
from units.models import Unit

CHAIN_LEVELS = (
    CriteriaSet.Level.XA_NTM,
    CriteriaSet.Level.XA_NTM_NANG_CAO,
    CriteriaSet.Level.XA_NTM_KIEU_MAU,
)


def resolved_content(version: SetVersion) -> dict[str, Any]:
    """A version's content with every base it inherits merged in (provincial layers)."""
    content = dict(version.content)
    if version.base_version_id is not None and version.base_version is not None:
        return merge_layer(resolved_content(version.base_version), content)
    return content


@lru_cache(maxsize=256)
def _framework(version_id: int, fingerprint: tuple[str, ...]) -> Framework:
    version = SetVersion.objects.select_related("base_version", "criteria_set").get(pk=version_id)
    return framework_from_dict(resolved_content(version), version=version.number)


def _fingerprint(version: SetVersion) -> tuple[str, ...]:
    # The content hashes of the version and every base it inherits: a cache key that stays
    # right even when ids are reused (a restored backup, a rolled-back test).
    hashes = []
    node: SetVersion | None = version
    while node is not None:
        hashes.append(node.content_hash)
        node = node.base_version
    return tuple(hashes)


def framework_for(version: SetVersion) -> Framework:
    """Engine dataclasses for a stored version (published versions are cached: they never change)."""
    if version.status == SetVersion.Status.DRAFT:
        return framework_from_dict(resolved_content(version), version=version.number)
    return _framework(version.pk, _fingerprint(version))


def province_of(unit: Unit) -> Unit | None:
    """The province (level 1 ancestor) the unit belonged to."""
    node: Unit | None = unit
    while node is not None and node.level > Unit.Level.PROVINCE:
        node = node.parent
    return node


def sets_in_force(year: int, *, province: Unit | None) -> dict[str, SetVersion]:
    """For each level of the commune chain, the version that applies in a year and province.

    A province's own published set (a layer over the national one) wins over the national set.
    """
    candidates = (
        SetVersion.objects.filter(
            status=SetVersion.Status.PUBLISHED,
            criteria_set__level__in=CHAIN_LEVELS,
            criteria_set__unit_type="xa",
        )
        .filter(Q(criteria_set__start_year__isnull=True) | Q(criteria_set__start_year__lte=year))
        .filter(Q(criteria_set__end_year__isnull=True) | Q(criteria_set__end_year__gte=year))
        .select_related("criteria_set", "criteria_set__province")
        .order_by("criteria_set__set_id", "-number")
    )
    chosen: dict[str, tuple[int, SetVersion]] = {}
    seen: set[int] = set()
    for version in candidates:
        if version.criteria_set_id in seen:
            continue  # only the newest published version of each set
        seen.add(version.criteria_set_id)
        set_province = version.criteria_set.province
        if version.criteria_set.base_id is not None and set_province is None:
            continue  # a layer applies only in its own province
        if set_province is not None and (province is None or set_province.pk != province.pk):
            continue
        rank = 1 if set_province is not None else 0
        level = version.criteria_set.level
        if level not in chosen or rank > chosen[level][0]:
            chosen[level] = (rank, version)
    return {level: version for level, (_rank, version) in chosen.items()}


def profile_for(unit: Unit, year: int) -> UnitProfile:
    """What the engine needs to know about a commune in a year."""
    stored = CommuneProfile.objects.filter(unit=unit, year=year).first()
    recognised = (
        Recognition.objects.filter(unit=unit, decided_on__year__lte=year)
        .order_by("-decided_on")
        .values_list("level", flat=True)
        .first()
    )
    return UnitProfile(
        region=unit.region or None,
        group=(stored.group or None) if stored else None,
        flags=stored.flags if stored else frozenset(),
        recognised_level=recognised,
    )


@dataclass(frozen=True)
class UnitResult:
    """One commune's judgement for a year: the evaluation of each level and the qualification."""

    unit: Unit
    year: int
    versions: Mapping[str, SetVersion]
    evaluations: Mapping[str, Evaluation]
    qualification: Qualification | None
    values: Mapping[str, Value]
    profile: UnitProfile

    @property
    def main(self) -> Evaluation | None:
        """The evaluation a scorecard leads with: the highest level with a set in force."""
        for level in reversed(CHAIN_LEVELS):
            if level in self.evaluations:
                return self.evaluations[level]
        return None


def judge(
    unit: Unit,
    year: int,
    *,
    versions: Mapping[str, SetVersion] | None = None,
    values: Mapping[str, Value] | None = None,
) -> UnitResult:
    """Evaluate a commune's values for a year against the sets in force (or those given)."""
    versions = dict(versions or sets_in_force(year, province=province_of(unit)))
    if values is None:
        values = values_for_units([unit], year).get(unit.pk, {})
    profile = profile_for(unit, year)
    frameworks = {level: framework_for(version) for level, version in versions.items()}
    evaluations = {
        level: evaluate(framework, profile, values, year=year)
        for level, framework in frameworks.items()
        if framework.level != CriteriaSet.Level.XA_NTM_KIEU_MAU
    }
    qualification = None
    if CriteriaSet.Level.XA_NTM in frameworks:
        chain = LevelChain(
            ntm=frameworks[CriteriaSet.Level.XA_NTM],
            nang_cao=frameworks.get(CriteriaSet.Level.XA_NTM_NANG_CAO),
            kieu_mau=frameworks.get(CriteriaSet.Level.XA_NTM_KIEU_MAU),
        )
        qualification = qualify(chain, profile, values, year=year)
    return UnitResult(unit, year, versions, evaluations, qualification, values, profile)


def assessment_details(evaluation: Evaluation) -> dict[str, Any]:
    """What an Assessment stores of an evaluation: each criterion's and indicator's verdict."""
    return {
        "criteria": {c.number: c.status.value for c in evaluation.criteria},
        "indicators": {
            i.code: [
                i.status.value,
                None if i.threshold is None else str(i.threshold),
                None if i.gap is None else str(i.gap),
            ]
            for c in evaluation.criteria
            for i in c.indicators
        },
    }


@transaction.atomic
def assess_units(units: Iterable[Unit], year: int, *, actor: Any) -> int:
    """Evaluate communes for a year and store one Assessment per unit and set version."""
    units = list(units)
    if not units:
        return 0
    values = values_for_units(units, year)
    stored = 0
    by_province: dict[int | None, dict[str, SetVersion]] = {}
    for unit in units:
        province = province_of(unit)
        key = province.pk if province else None
        if key not in by_province:
            by_province[key] = sets_in_force(year, province=province)
        result = judge(unit, year, versions=by_province[key], values=values.get(unit.pk, {}))
        level = result.qualification.level if result.qualification else None
        for level_key, evaluation in result.evaluations.items():
            Assessment.objects.update_or_create(
                unit=unit,
                year=year,
                set_version=result.versions[level_key],
                defaults={
                    "status": evaluation.status.value,
                    "criteria_met": evaluation.criteria_met,
                    "criteria_total": evaluation.criteria_total,
                    "indicators_met": evaluation.indicators_met,
                    "indicators_total": evaluation.indicators_total,
                    "level": level or "",
                    "details": assessment_details(evaluation),
                },
            )
            stored += 1
    audit.record(actor, "assessments.computed", None, data={"year": year, "units": len(units)})
    return stored


# Versions: a published version never changes; editing makes a new draft.


@transaction.atomic
def start_draft(criteria_set: CriteriaSet, *, actor: Any) -> SetVersion:
    """Open a draft copied from the newest published version (one draft per set)."""
    if criteria_set.versions.filter(status=SetVersion.Status.DRAFT).exists():
        raise ValidationError(_("Bộ tiêu chí này đã có một bản dự thảo đang sửa."))
    latest = (
        criteria_set.versions.filter(status=SetVersion.Status.PUBLISHED).order_by("-number").first()
    )
    if latest is None:
        raise ValidationError(_("Bộ tiêu chí chưa có phiên bản đã ban hành để sao chép."))
    draft = SetVersion.objects.create(
        criteria_set=criteria_set,
        number=latest.number + 1,
        status=SetVersion.Status.DRAFT,
        content=latest.content,
        content_hash=latest.content_hash,
        base_version=latest.base_version,
        created_by=actor if getattr(actor, "pk", None) else None,
        note="",
    )
    audit.record(actor, "criteria.draft_started", draft, data={"from_version": latest.number})
    return draft


def _indicator_entry(draft: SetVersion, content: dict[str, Any], code: str) -> dict[str, Any]:
    """The entry of an indicator in a draft's own content.

    A provincial layer holds only what it changes: an indicator it inherits gets a new entry
    that maps to the national code, under the same criterion number.
    """
    for criterion in content.get("criteria") or []:
        for indicator in criterion.get("indicators") or []:
            if str(indicator.get("code") or indicator.get("maps_to") or "") == code:
                return indicator
    framework = framework_for(draft)
    if draft.base_version_id is None or not framework.has_indicator(code):
        raise ValidationError({"code": _("Không có chỉ tiêu mã “%s” trong bộ tiêu chí.") % code})
    inherited = framework.indicator(code)
    owner = next(c for c in framework.criteria if inherited in c.indicators)
    number = owner.number
    entry: dict[str, Any] = {
        "maps_to": code,
        "name": inherited.name,
        "value_type": inherited.value_type,
        "unit": inherited.unit,
        "comparator": inherited.comparator,
    }
    criteria = content.setdefault("criteria", [])
    for criterion in criteria:
        if str(criterion.get("number")) == number:
            criterion.setdefault("indicators", []).append(entry)
            return entry
    criteria.append({"number": number, "name": owner.name, "indicators": [entry]})
    return entry


@transaction.atomic
def set_threshold(
    draft: SetVersion,
    *,
    actor: Any,
    expected_version: int,
    code: str,
    threshold: dict[str, Any],
    status: str,
    source: str,
) -> SetVersion:
    """Change one indicator's threshold in a draft, with its legal source and status."""
    from common.versioning import save_versioned

    if draft.status != SetVersion.Status.DRAFT:
        raise ValidationError(_("Chỉ sửa được bản dự thảo; phiên bản đã ban hành không thay đổi."))
    if status not in {"confirmed", "partial", "recalled", "unknown", "illustrative"}:
        raise ValidationError({"status": _("Trạng thái ngưỡng không hợp lệ.")})
    if status == "confirmed" and not source.strip():
        raise ValidationError({"source": _("Ngưỡng đã xác nhận phải ghi căn cứ pháp lý.")})
    content = json_copy(draft.content)
    indicator = _indicator_entry(draft, content, code)
    before = {"threshold": indicator.get("threshold"), "status": indicator.get("threshold_status")}
    indicator["threshold"] = threshold
    indicator["threshold_status"] = status
    indicator["threshold_source"] = source
    draft.content = content
    from criteria.loading import content_hash

    draft.content_hash = content_hash(content)
    save_versioned(draft, expected_version=expected_version, fields=["content", "content_hash"])
    audit.record(
        actor,
        "criteria.threshold_changed",
        draft,
        changes={code: [before, {"threshold": threshold, "status": status}]},
        data={"source": source},
    )
    return draft


@transaction.atomic
def publish_draft(draft: SetVersion, *, actor: Any, note: str) -> SetVersion:
    """Publish a draft: from now on it never changes and new results use it."""
    if draft.status != SetVersion.Status.DRAFT:
        raise ValidationError(_("Phiên bản này đã được ban hành."))
    if not note.strip():
        raise ValidationError({"note": _("Hãy ghi nội dung thay đổi và căn cứ ban hành.")})
    framework_from_dict(resolved_content(draft), version=draft.number)  # refuses a broken draft
    SetVersion.objects.filter(pk=draft.pk).update(
        status=SetVersion.Status.PUBLISHED,
        published_at=timezone.now(),
        published_by=actor if getattr(actor, "pk", None) else None,
        note=note,
    )
    draft.refresh_from_db()
    audit.record(actor, "criteria.published", draft, data={"note": note})
    return draft


def json_copy(content: Any) -> Any:
    """A deep copy of JSON content."""
    import json

    return json.loads(json.dumps(content))


def today() -> dt.date:
    return timezone.localdate()
