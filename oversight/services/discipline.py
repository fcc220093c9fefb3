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
- Authority (§5.3) is data: `ky_luat.tham_quyen.dang_vien` / `.to_chuc` rows whose scope is the
  deciding body kind, optionally with ".<level>" and a subject qualifier (see `check_authority`).
  `record_decision` refuses a form the body may not decide and warns when the rule is S/U.
- Deferral (§5.6) and resumption go through `defer` / `resume`, never the bare machine action;
  a changed discipline goes through `decide_complaint`, never `thay_doi` by hand.
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
from django.utils.translation import gettext_lazy

from audit import services as audit
from common.versioning import save_versioned
from oversight.models import (
    MEMBER_FORMS,
    ORGANISATION_FORMS,
    ComplaintChangeReason,
    ComplaintContent,
    ComplaintResult,
    DisciplineCase,
    DisciplineComplaint,
    DisciplineDecision,
    DisciplineDeferral,
    DisciplineForm,
    MemberStatus,
    OversightCase,
    Rule,
)
from oversight.rules import NoRuleInForce, add_period, is_unconfirmed, rule_in_force
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


def _check_member_form(form: str, member_status: str, holds_post: bool) -> None:
    """§5.1: cách chức needs a post; a probationary member gets khiển trách or cảnh cáo only."""
    label = DisciplineForm(form).label if form in DisciplineForm.values else form
    if member_status == MemberStatus.DU_BI and form not in ("khien_trach", "canh_cao"):
        raise ValidationError(
            {
                "form": _(
                    "Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo, không thể áp dụng "
                    "hình thức “%(form)s” (Điều lệ Điều 35, 69-QĐ/TW Điều 7)."
                )
                % {"form": label}
            }
        )
    if form == "cach_chuc" and not holds_post:
        raise ValidationError(
            {"form": _("Chỉ áp dụng cách chức khi đảng viên đang giữ chức vụ (§5.1).")}
        )


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
    party_card_number: str = "",
    member_status: str = "",
    holds_post: bool = False,
    is_committee_member: bool = False,
    managed_by_higher: bool = False,
    article_violated: str = "",
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
    if member_status and member_status not in MemberStatus.values:
        raise ValidationError({"member_status": _("Loại đảng viên không hợp lệ.")})
    if is_organisation and (member_status or holds_post or is_committee_member):
        raise ValidationError(
            {"member_status": _("Tổ chức đảng không có loại đảng viên, chức vụ, cấp ủy viên.")}
        )
    if prospective_form and not is_organisation:
        _check_member_form(prospective_form, member_status, holds_post)
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
        party_card_number="" if is_organisation else party_card_number.strip(),
        member_status="" if is_organisation else member_status,
        holds_post=holds_post,
        is_committee_member=is_committee_member,
        managed_by_higher=managed_by_higher,
        article_violated=article_violated.strip(),
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


MEMBER_AUTHORITY_KEY = "ky_luat.tham_quyen.dang_vien"
ORGANISATION_AUTHORITY_KEY = "ky_luat.tham_quyen.to_chuc"
# Subject qualifiers of the authority rows, most specific first (rules.yaml §5.3 header).
HIGHER_DUTY_QUALIFIER = ":nhiem_vu_cap_tren_giao"
COMMITTEE_QUALIFIER = ":cap_uy_vien"
# Actions with their own service, so their records and checks are never skipped.
GUARDED_ACTIONS = {
    "hoan_xem_xet": gettext_lazy(
        "Hãy dùng chức năng “Chưa xem xét kỷ luật” để ghi lý do và ngày bắt đầu."
    ),
    "xem_xet_lai": gettext_lazy(
        "Hãy dùng chức năng “Tiếp tục xem xét” để ghi ngày kết thúc thời gian hoãn."
    ),
    "thay_doi": gettext_lazy("Kỷ luật chỉ bị thay đổi qua quyết định giải quyết khiếu nại."),
}


@dataclass(frozen=True)
class AuthorityCheck:
    """The rule that lets a body decide a form, with warnings when it is not confirmed."""

    rule: Rule
    forms: tuple[str, ...]
    warnings: list[str] = field(default_factory=list)


def authority_forms(rule: Rule) -> tuple[str, ...]:
    """The forms an authority row allows: the known form codes in its comma-separated value."""
    tokens = [token.strip() for token in rule.value.split(",")]
    return tuple(token for token in tokens if token in DisciplineForm.values)


def _rule_for_scopes(key: str, on: dt.date, scopes: list[str]) -> Rule | None:
    for scope in scopes:
        try:
            rule = rule_in_force(key, on, scope)
        except NoRuleInForce:
            continue
        if rule.scope == scope:  # not the every-scope fallback
            return rule
    return None


def _basis(rule: Rule) -> str:
    return " ".join(part for part in (rule.legal_document.code, rule.article) if part)


def _unconfirmed_warning(rule: Rule) -> str:
    return _(
        "Quy định thẩm quyền “%(key)s” (phạm vi %(scope)s) theo %(basis)s chưa xác nhận "
        "(độ tin cậy %(confidence)s): cần đối chiếu văn bản chính thức. %(note)s"
    ) % {
        "key": rule.key,
        "scope": rule.scope,
        "basis": _basis(rule),
        "confidence": rule.confidence,
        "note": rule.note,
    }


def check_authority(
    *,
    is_organisation: bool,
    body_kind: str,
    body_level: str,
    form: str,
    on: dt.date,
    is_committee_member: bool = False,
    managed_by_higher: bool = False,
    higher_assigned_duty: bool = False,
) -> AuthorityCheck:
    """May this body decide this form for this subject on this date (§5.3, rules as data)?

    The base row is `<body>.<level>` or else `<body>`; when the member is a committee member or
    a cadre managed by a higher level, a qualifier row (`<body>[.<level>]:nhiem_vu_cap_tren_giao`
    when the violation concerns duties assigned by the higher level, then `:cap_uy_vien`)
    narrows it. Refuses with the body, form and legal basis; warns when a row used is S or U.
    """
    if body_kind not in DisciplineDecision.BodyKind.values:
        raise ValidationError({"body_kind": _("Cơ quan quyết định kỷ luật không hợp lệ.")})
    if body_level and body_level not in Rule.Level.values:
        raise ValidationError({"body_level": _("Cấp của cơ quan quyết định không hợp lệ.")})
    key = ORGANISATION_AUTHORITY_KEY if is_organisation else MEMBER_AUTHORITY_KEY
    body_label = str(DisciplineDecision.BodyKind(body_kind).label)
    levels = [f"{body_kind}.{body_level}"] if body_level else []
    base = _rule_for_scopes(key, on, [*levels, body_kind])
    if base is None:
        level_text = f" ({Rule.Level(body_level).label})" if body_level else ""
        raise ValidationError(
            {
                "body_kind": _(
                    "Không có quy định thẩm quyền “%(key)s” cho %(body)s%(level)s có hiệu lực "
                    "ngày %(date)s: không thể xác định thẩm quyền quyết định kỷ luật."
                )
                % {"key": key, "body": body_label, "level": level_text, "date": f"{on:%d/%m/%Y}"}
            }
        )
    qualifiers: list[str] = []
    if not is_organisation and (is_committee_member or managed_by_higher):
        if higher_assigned_duty:
            qualifiers.append(HIGHER_DUTY_QUALIFIER)
        qualifiers.append(COMMITTEE_QUALIFIER)
    narrowing = _rule_for_scopes(
        key, on, [scope + q for q in qualifiers for scope in [*levels, body_kind]]
    )
    used = [base] if narrowing is None else [base, narrowing]
    for rule in used:
        allowed = authority_forms(rule)
        if form in allowed:
            continue
        form_label = (
            str(DisciplineForm(form).label).lower() if form in DisciplineForm.values else form
        )
        if allowed:
            limit = _("%(body)s chỉ quyết định: %(forms)s; hình thức khác chỉ đề nghị") % {
                "body": body_label.lower(),
                "forms": ", ".join(str(DisciplineForm(f).label).lower() for f in allowed),
            }
        else:
            limit = _("%(body)s chỉ đề nghị, không quyết định kỷ luật") % {
                "body": body_label.lower()
            }
        unconfirmed = _(" (quy định chưa xác nhận)") if is_unconfirmed(rule) else ""
        raise ValidationError(
            {
                "form": _(
                    "%(body)s không có thẩm quyền quyết định hình thức %(form)s đối với "
                    "%(subject)s; theo %(basis)s, %(limit)s (quy định “%(key)s”, phạm vi "
                    "%(scope)s%(unconfirmed)s)."
                )
                % {
                    "body": body_label,
                    "form": form_label,
                    "subject": _("tổ chức đảng") if is_organisation else _("đảng viên này"),
                    "basis": _basis(rule),
                    "limit": limit,
                    "key": rule.key,
                    "scope": rule.scope,
                    "unconfirmed": unconfirmed,
                }
            }
        )
    warnings = [_unconfirmed_warning(rule) for rule in used if is_unconfirmed(rule)]
    applied = used[-1]
    return AuthorityCheck(applied, authority_forms(applied), warnings)


def _move(discipline_case: DisciplineCase, action: str) -> tuple[str, str]:
    try:
        target = DISCIPLINE_CASE.next_state(discipline_case.state, action)
    except TransitionError as error:
        raise ValidationError(str(error), code="transition") from error
    before = discipline_case.state
    discipline_case.state = target
    save_versioned(discipline_case, expected_version=discipline_case.version, fields=["state"])
    return before, target


@transaction.atomic
def act_on_discipline(
    discipline_case: DisciplineCase, action: str, *, actor: Any
) -> DisciplineCase:
    """Move a discipline case one step through DISCIPLINE_CASE."""
    if action in GUARDED_ACTIONS and DISCIPLINE_CASE.can(discipline_case.state, action):
        raise ValidationError(str(GUARDED_ACTIONS[action]), code="guarded")
    if (
        action == "ky_quyet_dinh"
        and DISCIPLINE_CASE.can(discipline_case.state, action)
        and not DisciplineDecision.objects.filter(discipline_case=discipline_case).exists()
    ):
        raise ValidationError(
            _("Hãy ghi quyết định kỷ luật (hình thức, cơ quan quyết định) trước khi ký."),
            code="no_decision",
        )
    before, target = _move(discipline_case, action)
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
    body_level: str = "",
    decision_number: str = "",
    announced_on: dt.date | None = None,
    authority_note: str = "",
    higher_assigned_duty: bool = False,
) -> DisciplineDecision:
    """Record the decision of a case after checking the subject (§5.1) and authority (§5.3).

    The applied authority rule and body level are stored; warnings of an unconfirmed rule are
    appended to `authority_note`. Automatic expiry comes from the rule in force on the date.
    """
    _check_form(form, discipline_case.is_organisation)
    if not discipline_case.is_organisation:
        _check_member_form(form, discipline_case.member_status, discipline_case.holds_post)
    if discipline_case.state in DISCIPLINE_CASE.finals or discipline_case.state == "chua_xem_xet":
        raise ValidationError(
            _("Không ghi quyết định kỷ luật khi hồ sơ đang ở bước “%(state)s”.")
            % {"state": DISCIPLINE_CASE.states[discipline_case.state]}
        )
    if DisciplineDecision.objects.filter(discipline_case=discipline_case).exists():
        raise ValidationError(_("Vụ kỷ luật này đã có quyết định."))
    if decided_on < discipline_case.opened_on:
        raise ValidationError({"decided_on": _("Ngày quyết định không được trước ngày xem xét.")})
    if announced_on is not None and announced_on < decided_on:
        raise ValidationError({"announced_on": _("Ngày công bố không được trước ngày quyết định.")})
    authority = check_authority(
        is_organisation=discipline_case.is_organisation,
        body_kind=body_kind,
        body_level=body_level,
        form=form,
        on=decided_on,
        is_committee_member=discipline_case.is_committee_member,
        managed_by_higher=discipline_case.managed_by_higher,
        higher_assigned_duty=higher_assigned_duty,
    )
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
    note = authority_note.strip()
    if authority.warnings:
        note = "\n".join([note, *authority.warnings]).strip()
    decision = DisciplineDecision.objects.create(
        discipline_case=discipline_case,
        form=form,
        body_kind=body_kind,
        body_level=body_level,
        authority_rule=authority.rule,
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        announced_on=announced_on,
        expires_on=expires_on,
        authority_note=note,
    )
    audit.record(
        actor,
        "discipline_decision.recorded",
        decision,
        unit=discipline_case.unit,
        data={
            "case": discipline_case.pk,
            "form": form,
            "body_kind": body_kind,
            "body_level": body_level,
            "authority_rule": {
                "key": authority.rule.key,
                "scope": authority.rule.scope,
                "confidence": authority.rule.confidence,
            },
            "warnings": authority.warnings,
            "expires_on": expires_on,
        },
    )
    return decision


@transaction.atomic
def defer(
    discipline_case: DisciplineCase,
    *,
    actor: Any,
    reason: str,
    started_on: dt.date,
    note: str = "",
) -> DisciplineDeferral:
    """Put a case aside while the member is pregnant, nursing or seriously ill (§5.6)."""
    if reason not in DisciplineDeferral.Reason.values:
        raise ValidationError({"reason": _("Lý do chưa xem xét kỷ luật không hợp lệ.")})
    if discipline_case.is_organisation and reason != DisciplineDeferral.Reason.KHAC:
        raise ValidationError(
            {"reason": _("Lý do này chỉ áp dụng cho đảng viên, không cho tổ chức đảng.")}
        )
    if reason == DisciplineDeferral.Reason.KHAC and not note.strip():
        raise ValidationError({"note": _("Lý do khác: hãy ghi rõ căn cứ chưa xem xét.")})
    if started_on < discipline_case.opened_on:
        raise ValidationError({"started_on": _("Ngày bắt đầu không được trước ngày xem xét.")})
    before, target = _move(discipline_case, "hoan_xem_xet")
    deferral = DisciplineDeferral.objects.create(
        discipline_case=discipline_case, reason=reason, started_on=started_on, note=note.strip()
    )
    audit.record(
        actor,
        "discipline_case.deferred",
        discipline_case,
        unit=discipline_case.unit,
        changes={"state": [before, target]},
        data={"reason": reason, "started_on": started_on, "note": deferral.note},
    )
    return deferral


@transaction.atomic
def resume(discipline_case: DisciplineCase, *, actor: Any, ended_on: dt.date) -> DisciplineCase:
    """The reason for deferral ended: close the deferral and consider the case again (§5.6)."""
    deferral = (
        DisciplineDeferral.objects.select_for_update()
        .filter(discipline_case=discipline_case, ended_on__isnull=True)
        .order_by("-started_on")
        .first()
    )
    if deferral is None:
        raise ValidationError(_("Vụ kỷ luật này không có thời gian chưa xem xét đang mở."))
    if ended_on < deferral.started_on:
        raise ValidationError(
            {
                "ended_on": _("Ngày kết thúc không được trước ngày bắt đầu %(date)s.")
                % {"date": f"{deferral.started_on:%d/%m/%Y}"}
            }
        )
    before, target = _move(discipline_case, "xem_xet_lai")
    deferral.ended_on = ended_on
    deferral.save(update_fields=["ended_on"])
    audit.record(
        actor,
        "discipline_case.resumed",
        discipline_case,
        unit=discipline_case.unit,
        changes={"state": [before, target]},
        data={"deferral": deferral.pk, "ended_on": ended_on},
    )
    return discipline_case


@transaction.atomic
def expire_decisions(today: dt.date, *, actor: Any) -> list[DisciplineCase]:
    """End the effect of decisions whose expiry date passed before `today` (§5.7, nightly)."""
    expired: list[DisciplineCase] = []
    cases = DisciplineCase.objects.select_for_update().filter(
        state="co_hieu_luc", decision__expires_on__lt=today
    )
    for discipline_case in cases.select_related("unit", "decision"):
        before, target = _move(discipline_case, "het_hieu_luc")
        audit.record(
            actor,
            "discipline_case.expired",
            discipline_case,
            unit=discipline_case.unit,
            changes={"state": [before, target]},
            data={"expires_on": discipline_case.decision.expires_on, "today": today},
        )
        expired.append(discipline_case)
    return expired


@transaction.atomic
def file_complaint(
    decision: DisciplineDecision,
    *,
    actor: Any,
    filed_on: dt.date,
    resolver_scope: str | None = None,
    content: str = "",
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
    if content and content not in ComplaintContent.values:
        raise ValidationError({"content": _("Nội dung khiếu nại không hợp lệ.")})
    complaint = DisciplineComplaint.objects.create(
        decision=decision,
        filed_on=filed_on,
        state=DISCIPLINE_COMPLAINT.initial,
        deadline=deadline,
        content=content,
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


COMPLAINT_GUARDED_ACTIONS = {
    "quyet_dinh": gettext_lazy("Hãy ghi kết quả giải quyết để ra quyết định giải quyết."),
    "khong_thu_ly": gettext_lazy("Hãy ghi lý do không thụ lý khiếu nại."),
}
CHANGING_RESULTS = (ComplaintResult.TANG, ComplaintResult.GIAM, ComplaintResult.XOA)


@transaction.atomic
def act_on_complaint(
    complaint: DisciplineComplaint, action: str, *, actor: Any
) -> DisciplineComplaint:
    """Move a complaint one step; deciding and rejecting have their own services."""
    if action in COMPLAINT_GUARDED_ACTIONS:
        raise ValidationError(str(COMPLAINT_GUARDED_ACTIONS[action]), code="guarded")
    return _move_complaint(complaint, action, actor=actor, fields=[])


def _complaint_can(complaint: DisciplineComplaint, action: str) -> None:
    try:
        DISCIPLINE_COMPLAINT.next_state(complaint.state, action)
    except TransitionError as error:
        raise ValidationError(str(error), code="transition") from error


@transaction.atomic
def reject_complaint(
    complaint: DisciplineComplaint, *, actor: Any, reason: str
) -> DisciplineComplaint:
    """Do not accept a complaint (late, already decided, on behalf of others …, §7)."""
    _complaint_can(complaint, "khong_thu_ly")
    if not reason.strip():
        raise ValidationError({"not_accepted_reason": _("Hãy ghi lý do không thụ lý.")})
    complaint.not_accepted_reason = reason.strip()
    return _move_complaint(complaint, "khong_thu_ly", actor=actor, fields=["not_accepted_reason"])


@transaction.atomic
def decide_complaint(
    complaint: DisciplineComplaint,
    *,
    actor: Any,
    result: str,
    outcome: str,
    decided_on: dt.date,
    change_reason: str = "",
) -> DisciplineComplaint:
    """Record the result of a complaint; a changed discipline moves the case to "bị thay đổi"."""
    _complaint_can(complaint, "quyet_dinh")
    if result not in ComplaintResult.values:
        raise ValidationError({"result": _("Hãy chọn kết quả giải quyết khiếu nại.")})
    if result in CHANGING_RESULTS:
        if change_reason not in ComplaintChangeReason.values:
            raise ValidationError(
                {"change_reason": _("Kết quả thay đổi kỷ luật phải có lý do thay đổi.")}
            )
    elif change_reason:
        raise ValidationError(
            {"change_reason": _("Giữ nguyên hình thức kỷ luật thì không có lý do thay đổi.")}
        )
    if not outcome.strip():
        raise ValidationError({"outcome": _("Quyết định giải quyết phải có kết quả.")})
    if decided_on < complaint.filed_on:
        raise ValidationError({"decided_on": _("Ngày giải quyết không được trước ngày nhận đơn.")})
    complaint.result = result
    complaint.change_reason = change_reason
    complaint.outcome = outcome.strip()
    complaint.decided_on = decided_on
    if result in CHANGING_RESULTS:
        discipline_case = DisciplineCase.objects.select_for_update().get(
            pk=complaint.decision.discipline_case_id
        )
        before, target = _move(discipline_case, "thay_doi")
        audit.record(
            actor,
            "discipline_case.thay_doi",
            discipline_case,
            unit=discipline_case.unit,
            changes={"state": [before, target]},
            data={"complaint": complaint.pk, "result": result, "change_reason": change_reason},
        )
    return _move_complaint(
        complaint,
        "quyet_dinh",
        actor=actor,
        fields=["result", "change_reason", "outcome", "decided_on"],
    )
