"""Party discipline and complaints about it (spec party-oversight.md §5, §7).

Rules chosen here:

- The statute of limitations is checked when the case is opened, against the rule in force on the
  opening date for the prospective form (`ky_luat.thoi_hieu.*`, scope "đảng viên" or
  "tổ chức đảng"); khai trừ and giải tán have no statute. Without a prospective form the longest
  period with a number is used, and the returned data carries a warning.
- A case moves only through DISCIPLINE_CASE; a refused step is a ValidationError carrying the
  machine's Vietnamese message.
- A decision's form must suit the subject (§5.1); `expires_on` comes from
  `ky_luat.hieu_luc_tu_dong_het` in force on the decision date (None for khai trừ, giải tán).
- A complaint is refused after the filing limit `khieu_nai.thoi_han_nop` when such a rule is in
  force; its deadline comes from `khieu_nai.thoi_han_giai_quyet` in force on the filing date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import save_versioned
from oversight.models import (
    MEMBER_FORMS,
    ORGANISATION_FORMS,
    DisciplineCase,
    DisciplineComplaint,
    DisciplineDecision,
    OversightCase,
    Rule,
)
from oversight.rules import NoRuleInForce, add_period, rule_in_force
from oversight.workflow.deadlines import discipline_expires_on, limitation_expires_on
from oversight.workflow.machines import DISCIPLINE_CASE, DISCIPLINE_COMPLAINT, TransitionError
from units.models import Unit

MEMBER_SCOPE = "đảng viên"
ORGANISATION_SCOPE = "tổ chức đảng"
MEMBER_LIMITATION_KEYS = {
    "khien_trach": "ky_luat.thoi_hieu.khien_trach",
    "canh_cao": "ky_luat.thoi_hieu.canh_cao_cach_chuc",
    "cach_chuc": "ky_luat.thoi_hieu.canh_cao_cach_chuc",
    "khai_tru": None,
}
ORGANISATION_LIMITATION_KEYS = {
    "khien_trach": "ky_luat.thoi_hieu.khien_trach",
    "canh_cao": "ky_luat.thoi_hieu.canh_cao",
    "giai_tan": None,
}
EXPIRY_KEY = "ky_luat.hieu_luc_tu_dong_het"
FILING_KEY = "khieu_nai.thoi_han_nop"
RESOLUTION_KEY = "khieu_nai.thoi_han_giai_quyet"


@dataclass(frozen=True)
class OpenedDiscipline:
    """A newly opened case with the limitation check that let it through."""

    case: DisciplineCase
    rule_key: str | None
    months: int | None
    limitation_expires_on: dt.date | None
    warnings: list[str] = field(default_factory=list)


def _months(rule: Rule) -> int | None:
    """The rule's period in months, or None when it sets none (không áp dụng thời hiệu)."""
    if rule.amount is None:
        return None
    if rule.unit == Rule.Unit.MONTHS:
        return int(rule.amount)
    if rule.unit == Rule.Unit.YEARS:
        return 12 * int(rule.amount)
    raise ValidationError(
        _("Quy định '%(key)s' không tính bằng tháng hoặc năm.") % {"key": rule.key}
    )


def _limitation(key: str, on: dt.date, scope: str) -> int | None:
    try:
        return _months(rule_in_force(key, on, scope))
    except NoRuleInForce as error:
        raise ValidationError({"violation_on": str(error)}) from error


def _forms_for(is_organisation: bool) -> tuple[str, ...]:
    return ORGANISATION_FORMS if is_organisation else MEMBER_FORMS


def _check_form(form: str, is_organisation: bool) -> None:
    if form not in _forms_for(is_organisation):
        if is_organisation:
            message = _("Hình thức “%(form)s” không áp dụng cho tổ chức đảng.")
        else:
            message = _("Hình thức “%(form)s” không áp dụng cho đảng viên.")
        raise ValidationError({"form": message % {"form": form}})


@transaction.atomic
def open_discipline_case(
    unit: Unit,
    *,
    actor: Any,
    violation_on: dt.date,
    opened_on: dt.date,
    subject_unit: Unit | None = None,
    full_name: str = "",
    party_cell: Unit | None = None,
    case: OversightCase | None = None,
    violation_categories: Sequence[str] = (),
    prospective_form: str = "",
) -> OpenedDiscipline:
    """Open a discipline case unless the violation is time-barred on the opening date (§5.5)."""
    full_name = full_name.strip()
    if (subject_unit is None) == (not full_name):
        raise ValidationError(
            _("Đối tượng là một tổ chức đảng hoặc một đảng viên, không phải cả hai.")
        )
    if opened_on < violation_on:
        raise ValidationError({"opened_on": _("Ngày xem xét không được trước ngày vi phạm.")})
    is_organisation = subject_unit is not None
    keys = ORGANISATION_LIMITATION_KEYS if is_organisation else MEMBER_LIMITATION_KEYS
    scope = ORGANISATION_SCOPE if is_organisation else MEMBER_SCOPE
    warnings: list[str] = []
    key: str | None
    if prospective_form:
        _check_form(prospective_form, is_organisation)
        key = keys[prospective_form]
        months = _limitation(key, opened_on, scope) if key else None
    else:
        periods = [
            (months, k)
            for k in sorted({k for k in keys.values() if k})
            if (months := _lim(k, opened_on, scope)) is not None
        ]
        months, key = max(periods) if periods else (None, None)
        warnings.append(
            _(
                "Chưa xác định hình thức kỷ luật: thời hiệu được kiểm tra theo thời hạn dài nhất "
                "(%(key)s, %(months)s tháng); cần kiểm tra lại khi biểu quyết hình thức."
            )
            % {"key": key or "—", "months": months if months is not None else "—"}
        )
    expires_on = limitation_expires_on(violation_on, months)
    if expires_on is not None and opened_on > expires_on:
        raise ValidationError(
            {
                "violation_on": _(
                    "Vi phạm đã hết thời hiệu kỷ luật theo quy định '%(key)s' (%(months)s tháng): "
                    "thời hiệu đã hết ngày %(date)s."
                )
                % {"key": key, "months": months, "date": f"{expires_on:%d/%m/%Y}"}
            }
        )
    discipline_case = DisciplineCase.objects.create(
        unit=unit,
        case=case,
        subject_unit=subject_unit,
        full_name=full_name,
        party_cell=party_cell if subject_unit is None else None,
        violation_on=violation_on,
        violation_categories=list(violation_categories),
        opened_on=opened_on,
        state=DISCIPLINE_CASE.initial,
    )
    audit.record(
        actor,
        "discipline_case.opened",
        discipline_case,
        unit=unit,
        data={
            "kind": "to_chuc_dang" if is_organisation else "dang_vien",
            "prospective_form": prospective_form,
            "limitation": {"key": key, "months": months, "expires_on": expires_on},
            "warnings": warnings,
        },
    )
    return OpenedDiscipline(discipline_case, key, months, expires_on, warnings)


def _lim(key: str, on: dt.date, scope: str) -> int | None:
    """Like `_limitation`, but a key without a rule in force is skipped (None)."""
    try:
        return _months(rule_in_force(key, on, scope))
    except NoRuleInForce:
        return None


@transaction.atomic
def act_on_discipline(
    discipline_case: DisciplineCase, action: str, *, actor: Any
) -> DisciplineCase:
    """Move a discipline case one step through DISCIPLINE_CASE."""
    try:
        target = DISCIPLINE_CASE.next_state(discipline_case.state, action)
    except TransitionError as error:
        raise ValidationError(str(error), code="transition") from error
    before = discipline_case.state
    discipline_case.state = target
    save_versioned(discipline_case, expected_version=discipline_case.version, fields=["state"])
    audit.record(
        actor,
        f"discipline_case.{action}",
        discipline_case,
        unit=discipline_case.unit,
        changes={"state": [before, target]},
    )
    return discipline_case


@transaction.atomic
def record_decision(
    discipline_case: DisciplineCase,
    *,
    actor: Any,
    form: str,
    body_kind: str,
    decided_on: dt.date,
    decision_number: str = "",
    announced_on: dt.date | None = None,
    authority_note: str = "",
) -> DisciplineDecision:
    """Record the decision of a case; its automatic expiry comes from the rule in force."""
    _check_form(form, discipline_case.is_organisation)
    if body_kind not in DisciplineDecision.BodyKind.values:
        raise ValidationError({"body_kind": _("Cơ quan quyết định kỷ luật không hợp lệ.")})
    if DisciplineDecision.objects.filter(discipline_case=discipline_case).exists():
        raise ValidationError(_("Vụ kỷ luật này đã có quyết định."))
    if decided_on < discipline_case.opened_on:
        raise ValidationError({"decided_on": _("Ngày quyết định không được trước ngày xem xét.")})
    if announced_on is not None and announced_on < decided_on:
        raise ValidationError({"announced_on": _("Ngày công bố không được trước ngày quyết định.")})
    expires_on = None
    if form not in ("khai_tru", "giai_tan"):
        try:
            months = _months(rule_in_force(EXPIRY_KEY, decided_on))
        except NoRuleInForce as error:
            raise ValidationError({"expires_on": str(error)}) from error
        if months is None:
            raise ValidationError(
                {"expires_on": _("Quy định '%(key)s' không có thời hạn.") % {"key": EXPIRY_KEY}}
            )
        expires_on = discipline_expires_on(announced_on or decided_on, form, months)
    decision = DisciplineDecision.objects.create(
        discipline_case=discipline_case,
        form=form,
        body_kind=body_kind,
        decision_number=decision_number,
        decided_on=decided_on,
        announced_on=announced_on,
        expires_on=expires_on,
        authority_note=authority_note,
    )
    audit.record(
        actor,
        "discipline_decision.recorded",
        decision,
        unit=discipline_case.unit,
        data={"case": discipline_case.pk, "form": form, "expires_on": expires_on},
    )
    return decision


@transaction.atomic
def file_complaint(
    decision: DisciplineDecision,
    *,
    actor: Any,
    filed_on: dt.date,
    resolver_scope: str | None = None,
) -> DisciplineComplaint:
    """Receive a complaint within the filing limit; its deadline comes from the rule in force."""
    received = decision.announced_on or decision.decided_on
    if filed_on < received:
        raise ValidationError({"filed_on": _("Chưa nhận quyết định kỷ luật thì chưa khiếu nại.")})
    try:
        filing_rule: Rule | None = rule_in_force(FILING_KEY, received)
    except NoRuleInForce:
        filing_rule = None
    if filing_rule is not None and filing_rule.amount is not None:
        last_day = add_period(received, filing_rule)
        if filed_on > last_day:
            raise ValidationError(
                {
                    "filed_on": _(
                        "Khiếu nại quá thời hạn theo quy định '%(key)s' (%(value)s %(unit)s): "
                        "hạn cuối là ngày %(date)s."
                    )
                    % {
                        "key": FILING_KEY,
                        "value": filing_rule.value,
                        "unit": filing_rule.get_unit_display(),
                        "date": f"{last_day:%d/%m/%Y}",
                    }
                }
            )
    try:
        deadline: dt.date | None = add_period(
            filed_on, rule_in_force(RESOLUTION_KEY, filed_on, resolver_scope)
        )
    except (NoRuleInForce, ValueError):
        deadline = None
    complaint = DisciplineComplaint.objects.create(
        decision=decision, filed_on=filed_on, state=DISCIPLINE_COMPLAINT.initial, deadline=deadline
    )
    audit.record(
        actor,
        "discipline_complaint.filed",
        complaint,
        unit=decision.discipline_case.unit,
        data={"decision": decision.pk, "deadline": deadline},
    )
    return complaint


def _move_complaint(
    complaint: DisciplineComplaint, action: str, *, actor: Any, fields: list[str]
) -> DisciplineComplaint:
    try:
        target = DISCIPLINE_COMPLAINT.next_state(complaint.state, action)
    except TransitionError as error:
        raise ValidationError(str(error), code="transition") from error
    before = complaint.state
    complaint.state = target
    save_versioned(complaint, expected_version=complaint.version, fields=["state", *fields])
    audit.record(
        actor,
        f"discipline_complaint.{action}",
        complaint,
        unit=complaint.decision.discipline_case.unit,
        changes={"state": [before, target]},
    )
    return complaint


@transaction.atomic
def act_on_complaint(
    complaint: DisciplineComplaint, action: str, *, actor: Any
) -> DisciplineComplaint:
    """Move a complaint one step; deciding goes through `decide_complaint`."""
    if action == "quyet_dinh":
        raise ValidationError(_("Hãy ghi kết quả giải quyết để ra quyết định giải quyết."))
    return _move_complaint(complaint, action, actor=actor, fields=[])


@transaction.atomic
def decide_complaint(
    complaint: DisciplineComplaint, *, actor: Any, outcome: str, decided_on: dt.date
) -> DisciplineComplaint:
    """Record the outcome of a complaint under resolution."""
    if not outcome.strip():
        raise ValidationError({"outcome": _("Quyết định giải quyết phải có kết quả.")})
    if decided_on < complaint.filed_on:
        raise ValidationError({"decided_on": _("Ngày giải quyết không được trước ngày nhận đơn.")})
    if not DISCIPLINE_COMPLAINT.can(complaint.state, "quyet_dinh"):
        try:
            DISCIPLINE_COMPLAINT.next_state(complaint.state, "quyet_dinh")
        except TransitionError as error:
            raise ValidationError(str(error), code="transition") from error
    complaint.outcome = outcome.strip()
    complaint.decided_on = decided_on
    return _move_complaint(complaint, "quyet_dinh", actor=actor, fields=["outcome", "decided_on"])
