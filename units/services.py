"""Changes to units made by people: edits, closing a unit, succession links.

Bulk loading of official lists lives in units/loading.py.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import save_versioned
from units.models import LEVEL_BY_KIND, Succession, Unit, path_segment, tree_of_kind

EDITABLE_FIELDS = ["name", "code", "valid_from", "valid_to", "region", "note"]


def _check_dates(valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    if valid_from and valid_to and valid_from > valid_to:
        raise ValidationError(
            {"valid_to": _("Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực.")}
        )


@transaction.atomic
def create_unit(
    *,
    actor: Any,
    kind: str,
    name: str,
    parent: Unit | None,
    code: str = "",
    key: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    admin_unit: Unit | None = None,
    region: str = "",
    source: str = "",
    is_demo: bool = False,
) -> Unit:
    """Add one unit (a village, a Party cell, …) under a parent of the same tree."""
    if kind not in LEVEL_BY_KIND:
        raise ValidationError({"kind": _("Loại đơn vị không hợp lệ.")})
    tree = tree_of_kind(kind)
    if parent is not None and parent.tree != tree:
        raise ValidationError({"parent": _("Đơn vị cấp trên phải cùng hệ thống.")})
    if parent is not None and LEVEL_BY_KIND[kind] <= parent.level:
        raise ValidationError({"parent": _("Đơn vị cấp trên phải ở cấp cao hơn.")})
    if admin_unit is not None and admin_unit.tree != Unit.Tree.ADMINISTRATIVE:
        raise ValidationError({"admin_unit": _("Đơn vị tương ứng phải là đơn vị hành chính.")})
    _check_dates(valid_from, valid_to)
    unit = Unit.objects.create(
        tree=tree,
        kind=kind,
        level=LEVEL_BY_KIND[kind],
        key=key or f"tmp-{uuid.uuid4().hex}",
        code=code,
        name=name,
        parent=parent,
        path=f"tmp-{uuid.uuid4().hex}",
        valid_from=valid_from,
        valid_to=valid_to,
        admin_unit=admin_unit,
        region=region or (parent.region if parent else ""),
        source=source,
        is_demo=is_demo,
    )
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    if not key:
        unit.key = f"u{unit.pk}"
    unit.save(update_fields=["path", "key"])
    audit.record(
        actor,
        "unit.created",
        unit,
        unit=unit,
        changes={
            name: [None, value] for name, value in audit.snapshot(unit, EDITABLE_FIELDS).items()
        },
    )
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, actor: Any, expected_version: int, **values: Any) -> Unit:
    """Correct a unit's name, code, dates, region or note; refuses a stale form."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    before = audit.snapshot(unit, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(unit, name, value)
    _check_dates(unit.valid_from, unit.valid_to)
    save_versioned(unit, expected_version=expected_version, fields=list(values))
    changes = audit.diff(before, audit.snapshot(unit, EDITABLE_FIELDS))
    audit.record(actor, "unit.updated", unit, unit=unit, changes=changes)
    return unit


@transaction.atomic
def record_succession(
    predecessor: Unit,
    successor: Unit,
    *,
    actor: Any,
    kind: str,
    effective_on: dt.date,
    basis: str = "",
    is_confirmed: bool = False,
    note: str = "",
) -> Succession:
    """Link a closed unit to the unit that took it over, closing it the day before."""
    if predecessor.pk == successor.pk:
        raise ValidationError({"successor": _("Đơn vị không thể kế tục chính nó.")})
    if kind not in Succession.Kind.values:
        raise ValidationError({"kind": _("Hình thức kế tục không hợp lệ.")})
    if predecessor.tree != successor.tree:
        raise ValidationError(
            {"successor": _("Đơn vị kế tục phải cùng hệ thống (hành chính hoặc tổ chức đảng).")}
        )
    if Succession.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationError({"successor": _("Liên kết kế tục này đã có.")})
    if successor.valid_from and successor.valid_from > effective_on:
        raise ValidationError(
            {"effective_on": _("Đơn vị kế tục chưa tồn tại vào ngày hiệu lực đã nhập.")}
        )
    closing_on = effective_on - dt.timedelta(days=1)
    if predecessor.valid_from and predecessor.valid_from > closing_on:
        raise ValidationError(
            {"effective_on": _("Ngày hiệu lực phải sau ngày bắt đầu hiệu lực của đơn vị cũ.")}
        )
    link = Succession.objects.create(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        effective_on=effective_on,
        basis=basis,
        is_confirmed=is_confirmed,
        note=note,
    )
    changes: dict[str, list[Any]] = {}
    if predecessor.valid_to is None or predecessor.valid_to > closing_on:
        changes["valid_to"] = [predecessor.valid_to, closing_on]
        predecessor.valid_to = closing_on
        predecessor.save(update_fields=["valid_to", "updated_at"])
    audit.record(
        actor,
        "unit.succeeded",
        predecessor,
        unit=predecessor,
        changes=changes,
        data={"successor": successor.name, "kind": kind, "effective_on": effective_on},
    )
    return link
