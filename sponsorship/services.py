"""Writes for sponsorship (đỡ đầu): a sponsor takes on a commune, its terms and results."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import save_versioned
from sponsorship.models import Sponsorship
from units.models import Unit

EDITABLE_FIELDS = [
    "sponsor",
    "sponsor_name",
    "start_year",
    "end_year",
    "criteria_codes",
    "commitments",
    "results",
]
COMMUNE_KINDS = {Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.TOWNSHIP}
# Criterion numbers of the national NTM sets run from 1 to 19 (QĐ 318/QĐ-TTg 2022).
HIGHEST_CRITERION = 19


def _criteria_codes(codes: Any) -> list[str]:
    if not isinstance(codes, list | tuple):
        raise ValidationError({"criteria_codes": _("Tiêu chí giúp đỡ phải là một danh sách.")})
    cleaned: list[str] = []
    for code in codes:
        text = str(code).strip()
        if not text.isdigit() or not 1 <= int(text) <= HIGHEST_CRITERION:
            raise ValidationError(
                {
                    "criteria_codes": _("Tiêu chí “%(code)s” không phải số tiêu chí từ 1 đến 19.")
                    % {"code": text}
                }
            )
        if str(int(text)) not in cleaned:
            cleaned.append(str(int(text)))
    return sorted(cleaned, key=int)


def _check(item: Sponsorship) -> None:
    """Vietnamese errors keyed by the field that is wrong."""
    errors: dict[str, str] = {}
    item.sponsor_name = " ".join((item.sponsor_name or "").split())
    if item.sponsor is not None and item.sponsor_name:
        errors["sponsor_name"] = _(
            "Chọn tổ chức đảng đỡ đầu hoặc ghi tên cơ quan đỡ đầu, không cả hai."
        )
    elif item.sponsor is None and not item.sponsor_name:
        errors["sponsor"] = _("Phải chọn tổ chức đảng đỡ đầu hoặc ghi tên cơ quan đỡ đầu.")
    elif item.sponsor is not None and item.sponsor.tree != Unit.Tree.PARTY:
        errors["sponsor"] = _(
            "Đơn vị đỡ đầu phải là tổ chức đảng; cơ quan ngoài danh mục thì ghi tên."
        )
    commune = item.commune
    if commune.tree != Unit.Tree.ADMINISTRATIVE or commune.kind not in COMMUNE_KINDS:
        errors["commune"] = _("Đơn vị được đỡ đầu phải là xã, phường hoặc thị trấn.")
    if item.end_year is not None and item.end_year < item.start_year:
        errors["end_year"] = _("Năm kết thúc phải sau hoặc bằng năm bắt đầu.")
    if errors:
        raise ValidationError(errors)
    item.criteria_codes = _criteria_codes(item.criteria_codes)


@transaction.atomic
def create_sponsorship(
    *,
    actor: Any,
    commune: Unit,
    start_year: int,
    sponsor: Unit | None = None,
    sponsor_name: str = "",
    end_year: int | None = None,
    criteria_codes: list[str] | None = None,
    commitments: str = "",
    results: str = "",
) -> Sponsorship:
    """Record that a Party organisation or agency sponsors a commune from a year."""
    item = Sponsorship(
        sponsor=sponsor,
        sponsor_name=sponsor_name,
        commune=commune,
        start_year=start_year,
        end_year=end_year,
        criteria_codes=list(criteria_codes or []),
        commitments=commitments,
        results=results,
    )
    _check(item)
    item.save()
    audit.record(
        actor,
        "sponsorship.created",
        item,
        unit=commune,
        data=audit.snapshot(item, EDITABLE_FIELDS),
    )
    return item


@transaction.atomic
def update_sponsorship(
    item: Sponsorship, *, actor: Any, expected_version: int, **values: Any
) -> Sponsorship:
    """Correct a sponsorship, end it, or write down its results."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    before = audit.snapshot(item, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(item, name, value)
    _check(item)
    fields = ["sponsor_id" if name == "sponsor" else name for name in values]
    save_versioned(item, expected_version=expected_version, fields=fields)
    changes = audit.diff(before, audit.snapshot(item, EDITABLE_FIELDS))
    audit.record(actor, "sponsorship.updated", item, unit=item.commune, changes=changes)
    return item
