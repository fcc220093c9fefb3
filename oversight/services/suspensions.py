"""Suspension from Party activity, committee activity or of an organisation (spec §5.8).

Rules chosen here:

- The period comes from the rule in force on the start date: `dinh_chi.thoi_han` (scope
  "đảng viên", members and committee members) or `dinh_chi.to_chuc` (scope "tổ chức đảng").
  Days are counted inclusively: 90 days from 01/01 end on 31/03 ("không quá 90 ngày").
- An extension never takes the whole suspension beyond the rule's `maximum_amount` (or its
  `amount` when there is no maximum: organisations cannot be extended past 90 days).
- Hoạt động applies only to organisations, sinh hoạt cấp ủy only to members.
- Criminal cases follow the procedural time limits (§5.8): not modelled, noted in the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import save_versioned
from oversight.models import DisciplineCase, Rule, Suspension
from oversight.rules import NoRuleInForce, rule_in_force
from units.models import Unit

MEMBER_KEY = "dinh_chi.thoi_han"
ORGANISATION_KEY = "dinh_chi.to_chuc"
MEMBER_SCOPE = "đảng viên"
ORGANISATION_SCOPE = "tổ chức đảng"


def suspension_rule(*, is_organisation: bool, on: dt.date) -> Rule:
    """The period rule in force on `on` for an organisation or a member."""
    key, scope = (
        (ORGANISATION_KEY, ORGANISATION_SCOPE) if is_organisation else (MEMBER_KEY, MEMBER_SCOPE)
    )
    try:
        rule = rule_in_force(key, on, scope)
    except NoRuleInForce as error:
        raise ValidationError({"started_on": str(error)}) from error
    if rule.unit != Rule.Unit.DAYS or rule.amount is None:
        raise ValidationError(
            {"started_on": _("Quy định '%(key)s' không tính bằng ngày.") % {"key": key}}
        )
    return rule


def maximum_days(rule: Rule) -> int:
    """Longest total period, extensions included."""
    return int(rule.maximum_amount if rule.maximum_amount is not None else rule.amount or 0)


def _days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


def _basis(rule: Rule) -> str:
    return " ".join(part for part in (rule.legal_document.code, rule.article) if part)


@transaction.atomic
def open_suspension(
    unit: Unit,
    *,
    actor: Any,
    kind: str,
    started_on: dt.date,
    reason: str,
    subject_unit: Unit | None = None,
    full_name: str = "",
    party_cell: Unit | None = None,
    discipline_case: DisciplineCase | None = None,
    decision_number: str = "",
    days: int | None = None,
) -> Suspension:
    """Suspend a member or an organisation for the rule's period (or `days`, not more)."""
    full_name = full_name.strip()
    if (subject_unit is None) == (not full_name):
        raise ValidationError(
            _("Đối tượng là một tổ chức đảng hoặc một đảng viên, không phải cả hai.")
        )
    is_organisation = subject_unit is not None
    if kind not in Suspension.Kind.values:
        raise ValidationError({"kind": _("Hình thức đình chỉ không hợp lệ.")})
    if kind == Suspension.Kind.HOAT_DONG and not is_organisation:
        raise ValidationError({"kind": _("Đình chỉ hoạt động chỉ áp dụng cho tổ chức đảng.")})
    if kind != Suspension.Kind.HOAT_DONG and is_organisation:
        raise ValidationError(
            {"kind": _("Tổ chức đảng chỉ bị đình chỉ hoạt động, không đình chỉ sinh hoạt.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do đình chỉ.")})
    rule = suspension_rule(is_organisation=is_organisation, on=started_on)
    period = int(rule.amount or 0)
    if days is not None:
        if days < 1 or days > period:
            raise ValidationError(
                {
                    "days": _(
                        "Thời gian đình chỉ phải từ 1 đến %(max)s ngày theo quy định "
                        "“%(key)s” (%(basis)s)."
                    )
                    % {"max": period, "key": rule.key, "basis": _basis(rule)}
                }
            )
        period = days
    suspension = Suspension.objects.create(
        unit=unit,
        discipline_case=discipline_case,
        kind=kind,
        subject_unit=subject_unit,
        full_name=full_name,
        party_cell=None if is_organisation else party_cell,
        reason=reason.strip(),
        decision_number=decision_number.strip(),
        started_on=started_on,
        ends_on=started_on + dt.timedelta(days=period - 1),
        rule=rule,
    )
    audit.record(
        actor,
        "suspension.opened",
        suspension,
        unit=unit,
        data={
            "kind": kind,
            "started_on": started_on,
            "ends_on": suspension.ends_on,
            "rule": {"key": rule.key, "scope": rule.scope, "confidence": rule.confidence},
        },
    )
    return suspension


@transaction.atomic
def extend_suspension(
    suspension: Suspension, *, actor: Any, ends_on: dt.date, expected_version: int
) -> Suspension:
    """Move the end date; the whole suspension never exceeds the rule's maximum (§5.8)."""
    if suspension.lifted_on is not None:
        raise ValidationError(_("Đình chỉ đã chấm dứt, không gia hạn được."))
    if ends_on <= suspension.ends_on:
        raise ValidationError(
            {
                "ends_on": _("Ngày kết thúc mới phải sau ngày %(date)s.")
                % {"date": f"{suspension.ends_on:%d/%m/%Y}"}
            }
        )
    rule = suspension.rule or suspension_rule(
        is_organisation=suspension.subject_unit_id is not None, on=suspension.started_on
    )
    limit = maximum_days(rule)
    total = _days(suspension.started_on, ends_on)
    if total > limit:
        last = suspension.started_on + dt.timedelta(days=limit - 1)
        raise ValidationError(
            {
                "ends_on": _(
                    "Tổng thời gian đình chỉ %(total)s ngày vượt quá tối đa %(limit)s ngày (kể cả "
                    "gia hạn) theo quy định “%(key)s” (%(basis)s): ngày kết thúc muộn nhất là "
                    "%(last)s."
                )
                % {
                    "total": total,
                    "limit": limit,
                    "key": rule.key,
                    "basis": _basis(rule),
                    "last": f"{last:%d/%m/%Y}",
                }
            }
        )
    before = suspension.ends_on
    suspension.ends_on = ends_on
    suspension.is_extended = True
    save_versioned(suspension, expected_version=expected_version, fields=["ends_on", "is_extended"])
    audit.record(
        actor,
        "suspension.extended",
        suspension,
        unit=suspension.unit,
        changes={"ends_on": [before.isoformat(), ends_on.isoformat()]},
    )
    return suspension


@transaction.atomic
def lift_suspension(
    suspension: Suspension, *, actor: Any, lifted_on: dt.date, expected_version: int
) -> Suspension:
    """End a suspension before its end date (the reason for it no longer exists)."""
    if suspension.lifted_on is not None:
        raise ValidationError(_("Đình chỉ này đã chấm dứt."))
    if lifted_on < suspension.started_on or lifted_on > suspension.ends_on:
        raise ValidationError(
            {
                "lifted_on": _("Ngày chấm dứt phải trong thời gian đình chỉ (%(start)s – %(end)s).")
                % {
                    "start": f"{suspension.started_on:%d/%m/%Y}",
                    "end": f"{suspension.ends_on:%d/%m/%Y}",
                }
            }
        )
    suspension.lifted_on = lifted_on
    save_versioned(suspension, expected_version=expected_version, fields=["lifted_on"])
    audit.record(
        actor,
        "suspension.lifted",
        suspension,
        unit=suspension.unit,
        data={"lifted_on": lifted_on},
    )
    return suspension
