"""Reads for sponsorship (đỡ đầu): figures for an area and a sponsor's communes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Max, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.queries import units_visible_to
from common import formats
from criteria.models import Assessment, CriteriaSet, SetVersion
from criteria.queries import judge_area, level_rank
from criteria.services import UnitResult
from monitoring.models import ValueSheet
from sponsorship.models import Sponsorship
from units.models import Unit


def active_in(year: int) -> Q:
    """Sponsorships running in the year."""
    return Q(start_year__lte=year) & (Q(end_year__isnull=True) | Q(end_year__gte=year))


def sponsorships_in(area: Unit, year: int) -> QuerySet[Sponsorship]:
    """Sponsorships running in the year, seen from an area.

    A Party area counts what its organisations sponsor ("51 đảng bộ, chi bộ trực thuộc
    Đảng bộ Khối đỡ đầu 73 xã"); an administrative area counts the help its communes get.
    """
    if area.tree == Unit.Tree.PARTY:
        side = Q(sponsor__path__startswith=area.path)
    else:
        side = Q(commune__path__startswith=area.path)
    return (
        Sponsorship.objects.filter(side, active_in(year))
        .select_related("sponsor", "commune")
        .order_by("commune__path", "start_year", "pk")
    )


def agency_key(name: str) -> str:
    """An agency's name as it is compared: Unicode NFC, any case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class Figures:
    sponsors: int  # organisations and agencies sponsoring at least one commune
    communes: int  # communes sponsored by at least one of them


def figures(area: Unit, year: int) -> Figures:
    """How many organisations sponsor how many communes in the year, within an area."""
    sponsors: set[tuple[str, str]] = set()
    communes: set[int] = set()
    for sponsor_id, sponsor_name, commune_id in sponsorships_in(area, year).values_list(
        "sponsor_id", "sponsor_name", "commune_id"
    ):
        # Free-text agencies are told apart by name, ignoring case and spacing.
        key = ("unit", str(sponsor_id)) if sponsor_id else ("name", agency_key(sponsor_name))
        sponsors.add(key)
        communes.add(commune_id)
    return Figures(sponsors=len(sponsors), communes=len(communes))


@dataclass(frozen=True)
class CommuneEvaluation:
    """A commune's NTM evaluation as the sponsor's view shows it: the 19 criteria of the base
    commune set, and the highest level the commune qualified for that year."""

    year: int
    level: str  # the level qualified for, "" for none
    criteria_met: int
    criteria_total: int
    set_title: str
    verdicts: dict[str, str]  # criterion number -> "dat", "chua_dat", "chua_xac_dinh"
    stored: bool  # a stored Assessment (batch evaluation) rather than the entered values


@dataclass(frozen=True)
class SponsoredCommune:
    sponsorship: Sponsorship
    commune: Unit
    # The commune's newest evaluation up to the year, or None when it has none.
    assessment: CommuneEvaluation | None


def latest_assessments(communes: list[Unit], year: int) -> dict[int, Assessment]:
    """Each commune's newest stored assessment in or before the year, the highest level first."""
    best: dict[int, Assessment] = {}
    found = (
        Assessment.objects.filter(unit__in=communes, year__lte=year)
        .select_related("set_version__criteria_set")
        .order_by("unit_id", "-year")
    )
    for assessment in found:
        current = best.get(assessment.unit_id)
        if current is None or _rank(assessment) > _rank(current):
            best[assessment.unit_id] = assessment
    return best


def _rank(assessment: Assessment) -> tuple[int, int, float]:
    level = assessment.set_version.criteria_set.level
    return (assessment.year, level_rank(level), assessment.computed_at.timestamp())


def _from_assessment(assessment: Assessment) -> CommuneEvaluation:
    details = assessment.details if isinstance(assessment.details, dict) else {}
    return CommuneEvaluation(
        year=assessment.year,
        level=assessment.level,
        criteria_met=assessment.criteria_met,
        criteria_total=assessment.criteria_total,
        set_title=assessment.set_version.criteria_set.title,
        verdicts={str(k): str(v) for k, v in (details.get("criteria") or {}).items()},
        stored=True,
    )


def _from_result(result: UnitResult) -> CommuneEvaluation | None:
    level_key = CriteriaSet.Level.XA_NTM
    evaluation = result.evaluations.get(level_key)
    if evaluation is None:
        return None
    return CommuneEvaluation(
        year=result.year,
        level=(result.qualification.level or "") if result.qualification else "",
        criteria_met=evaluation.criteria_met,
        criteria_total=evaluation.criteria_total,
        set_title=result.versions[level_key].criteria_set.title,
        verdicts={c.number: c.status.value for c in evaluation.criteria},
        stored=False,
    )


def latest_evaluations(communes: list[Unit], year: int) -> dict[int, CommuneEvaluation]:
    """Each commune's newest evaluation in or before the year: its entered values judged as the
    NTM screens judge them (the latest year with values), or a stored assessment of a later year
    (provinces that evaluate their data with `chidao evaluate`)."""
    last_years = (
        ValueSheet.objects.filter(unit__in=communes, year__lte=year, values__isnull=False)
        .values("unit_id")
        .annotate(last=Max("year"))
    )
    by_year: dict[int, list[int]] = {}
    for row in last_years:
        by_year.setdefault(row["last"], []).append(row["unit_id"])
    found: dict[int, CommuneEvaluation] = {}
    units = {unit.pk: unit for unit in communes}
    for values_year, unit_ids in by_year.items():
        for result in judge_area([units[pk] for pk in unit_ids], values_year):
            evaluation = _from_result(result)
            if evaluation is not None:
                found[result.unit.pk] = evaluation
    for unit_id, assessment in latest_assessments(communes, year).items():
        judged = found.get(unit_id)
        if judged is None or assessment.year > judged.year:
            found[unit_id] = _from_assessment(assessment)
    return found


def sponsor_view(sponsor: Unit | str, year: int) -> list[SponsoredCommune]:
    """The communes a sponsor helps in the year, each with its latest criteria assessment."""
    if isinstance(sponsor, Unit):
        mine = Q(sponsor=sponsor)
    else:
        mine = Q(sponsor__isnull=True)
    items = list(
        Sponsorship.objects.filter(mine, active_in(year))
        .select_related("sponsor", "commune")
        .order_by("commune__path", "start_year", "pk")
    )
    if not isinstance(sponsor, Unit):
        # Compared in Python: SQLite folds the case of ASCII letters only ("Điện" ≠ "điện").
        wanted = agency_key(sponsor)
        items = [item for item in items if agency_key(item.sponsor_name) == wanted]
    assessments = latest_evaluations([item.commune for item in items], year)
    return [
        SponsoredCommune(
            sponsorship=item, commune=item.commune, assessment=assessments.get(item.commune_id)
        )
        for item in items
    ]


# --- who sees what -------------------------------------------------------------------------
#
# A sponsorship concerns two units: the commune helped and, when it is in the Party tree, the
# sponsoring organisation. It is seen by people holding accounts.view_sponsorship on either of
# them (the commune's side follows the help its communes get, the sponsor's side what its
# organisations give), and written by people holding accounts.manage_sponsorship on either.
# Everything else answers 404 (STYLE §6); a reader opening a writing page gets 403.

VIEW_PERM = "accounts.view_sponsorship"
MANAGE_PERM = "accounts.manage_sponsorship"
CRITERIA_NUMBERS = [str(number) for number in range(1, 20)]


def require_sponsorship(user: Any) -> None:
    """404 for anyone who holds accounts.view_sponsorship nowhere."""
    if not user.is_superuser and not user.has_perm(VIEW_PERM):
        raise Http404


def areas_for_user(user: Any) -> QuerySet[Unit]:
    """Units (administrative or Party) whose sponsorships the user may see."""
    return units_visible_to(user, VIEW_PERM)


def sponsorships_for_user(user: Any) -> QuerySet[Sponsorship]:
    """Sponsorships whose commune or sponsoring organisation lies in the user's scope."""
    visible = units_visible_to(user, VIEW_PERM)
    return (
        Sponsorship.objects.filter(Q(commune__in=visible) | Q(sponsor__in=visible))
        .select_related("sponsor", "commune")
        .order_by("commune__path", "start_year", "pk")
    )


def can_manage(user: Any, item: Sponsorship) -> bool:
    """Whether the user writes sponsorships on the commune's or the sponsor's unit."""
    if user.has_perm(MANAGE_PERM, item.commune):
        return True
    return item.sponsor is not None and user.has_perm(MANAGE_PERM, item.sponsor)


def get_sponsorship_for_user(user: Any, item_id: int, *, action: str = "view") -> Sponsorship:
    """One sponsorship: 404 outside the user's scope, 403 when the user may read but not write."""
    if action not in ("view", "manage"):
        raise ValueError(f"unknown action {action!r}")
    item = get_object_or_404(sponsorships_for_user(user), pk=item_id)
    if action == "manage" and not can_manage(user, item):
        raise PermissionDenied
    return item


def filter_sponsorships(
    items: QuerySet[Sponsorship], *, search: str = "", criterion: str = ""
) -> list[Sponsorship]:
    """The list narrowed by words of the sponsor's or commune's name and a criterion helped."""
    # Filtered in Python, which works the same on every database: criterion codes are a JSON
    # list, and SQLite folds the case of ASCII letters only.
    words = agency_key(search).split()

    def matches(item: Sponsorship) -> bool:
        text = agency_key(f"{item.sponsor_label} {item.commune.name}")
        return all(word in text for word in words)

    return [
        item
        for item in items
        if matches(item) and (not criterion or criterion in item.criteria_codes)
    ]


def headline(area: Unit, year: int, found: Figures) -> str:
    """The figures in a report's words: "51 đảng bộ, chi bộ đỡ đầu, giúp đỡ 73 xã"."""
    values = {
        "year": year,
        "area": area.name,
        "sponsors": formats.count(found.sponsors),
        "communes": formats.count(found.communes),
    }
    if area.tree == Unit.Tree.PARTY:
        return (
            _(
                "Năm %(year)s, %(sponsors)s đảng bộ, chi bộ thuộc %(area)s đỡ đầu, "
                "giúp đỡ %(communes)s xã xây dựng nông thôn mới."
            )
            % values
        )
    return (
        _(
            "Năm %(year)s, %(communes)s xã của %(area)s được %(sponsors)s cơ quan, đơn vị, "
            "tổ chức đảng đỡ đầu, giúp đỡ xây dựng nông thôn mới."
        )
        % values
    )


# --- criteria names ------------------------------------------------------------------------


def criterion_names(year: int) -> tuple[dict[str, str], str]:
    """Names of the commune NTM criteria 1–19 and the title of the set they come from.

    Taken from the published national commune NTM set in force in the year when it numbers its
    criteria 1–19, else from the newest earlier set that does (the 2026–2030 set has 10
    criteria, so sponsorships keep the 19 of QĐ 318/QĐ-TTg and QĐ 1980/QĐ-TTg); empty when no
    such set is loaded, and the criteria are then shown by number only.
    """
    versions = (
        SetVersion.objects.filter(
            status=SetVersion.Status.PUBLISHED,
            criteria_set__level=CriteriaSet.Level.XA_NTM,
            criteria_set__unit_type="xa",
            criteria_set__province__isnull=True,
            criteria_set__base__isnull=True,
        )
        .filter(Q(criteria_set__start_year__isnull=True) | Q(criteria_set__start_year__lte=year))
        .select_related("criteria_set")
        .order_by(F("criteria_set__start_year").desc(nulls_last=True), "-number")
    )
    for version in versions:
        criteria = version.content.get("criteria") if isinstance(version.content, dict) else None
        names = {
            str(row.get("number")): str(row.get("name") or "")
            for row in criteria or []
            if isinstance(row, dict)
        }
        if sorted(names, key=_numeric) == CRITERIA_NUMBERS and all(names.values()):
            return names, version.criteria_set.title
    return {}, ""


def _numeric(code: str) -> tuple[int, str]:
    return (int(code), code) if code.isdigit() else (10**6, code)


def criterion_label(code: str, names: dict[str, str]) -> str:
    """ "17. Môi trường và an toàn thực phẩm", or "Tiêu chí 17" without a loaded set."""
    name = names.get(code)
    return f"{code}. {name}" if name else _("Tiêu chí %(code)s") % {"code": code}


# --- the sponsor's view --------------------------------------------------------------------

VERDICT_LABELS = {
    "dat": _lazy("đạt"),
    "chua_dat": _lazy("chưa đạt"),
    "chua_xac_dinh": _lazy("chưa xác định"),
}


@dataclass(frozen=True)
class CriterionMark:
    code: str
    label: str
    verdict: str  # "dat", "chua_dat", "chua_xac_dinh", or "" when not evaluated
    verdict_label: str


@dataclass(frozen=True)
class SponsorRow:
    item: SponsoredCommune
    level_label: str  # the NTM level the commune reached in the assessment's year
    set_label: str  # the criteria set the assessment judged against
    marks: list[CriterionMark]


def level_label(level: str) -> str:
    """The name of an NTM level, "chưa đạt chuẩn" for none."""
    if not level:
        return str(_("Chưa đạt chuẩn nông thôn mới"))
    return str(dict(CriteriaSet.Level.choices).get(level, level))


def sponsor_rows(
    sponsor: Unit | str, year: int, *, visible: QuerySet[Sponsorship]
) -> list[SponsorRow]:
    """The sponsor's communes in the year that the user may see, each with its latest evaluation
    and the criteria the sponsor helps with marked as that evaluation judged them."""
    names, _title = criterion_names(year)
    entries = sponsor_view(sponsor, year)
    ids = [entry.sponsorship.pk for entry in entries]
    allowed = set(visible.filter(pk__in=ids).values_list("pk", flat=True))
    rows = []
    for entry in entries:
        if entry.sponsorship.pk not in allowed:
            continue
        assessment = entry.assessment
        marks = []
        for code in entry.sponsorship.criteria_codes:
            verdict = assessment.verdicts.get(code, "") if assessment is not None else ""
            if assessment is None:
                shown = str(_("chưa đánh giá"))
            else:
                shown = str(VERDICT_LABELS.get(verdict, _("chưa xác định")))
            marks.append(CriterionMark(code, criterion_label(code, names), verdict, shown))
        rows.append(
            SponsorRow(
                item=entry,
                level_label=level_label(assessment.level) if assessment else "",
                set_label=assessment.set_title if assessment else "",
                marks=marks,
            )
        )
    return rows
