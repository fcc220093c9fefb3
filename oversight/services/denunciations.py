"""Resolution of denunciations against Party organisations and members (spec §6).

Rules chosen here:

- A denunciation is opened from a letter classified as `to_cao` that must be resolved
  (`oversight.services.letters.classify_letter`); the clock starts on the day the competent
  organisation received it, and the deadline comes from `to_cao.thoi_han_giai_quyet` in force on
  that day for the level of the handling organisation (scope "cơ sở" for grassroots
  organisations and cells, "cấp trên cơ sở" above them). Without a rule for that level the
  deadline must be given.
- An extension (`gia_han`) adds the rule's `extension_amount` once, never more; without a rule it
  needs an explicit new deadline.
- When a congress opening date is given, `to_cao.truoc_dai_hoi` decides whether the
  denunciation falls in the window before the congress: it is then marked as related to the
  congress and the page proposes `tam_hoan_dai_hoi` (07-HD/UBKTTW 2019).
- Every step goes through DENUNCIATION; a refused step is a ValidationError carrying the
  machine's Vietnamese message. The denouncer's identity is never copied here nor into audit data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import conflict, save_versioned
from oversight.models import Denunciation, DisciplineCase, Letter, Rule
from oversight.rules import NoRuleInForce, add_period, rule_in_force
from oversight.services.discipline import open_discipline_case
from oversight.workflow.machines import DENUNCIATION, TransitionError
from units.models import Unit

DEADLINE_KEY = "to_cao.thoi_han_giai_quyet"
CONGRESS_KEY = "to_cao.truoc_dai_hoi"
GRASSROOTS_SCOPE = "cơ sở"
HIGHER_SCOPE = "cấp trên cơ sở"
GRASSROOTS_KINDS = (
    Unit.Kind.PARTY_GRASSROOTS,
    Unit.Kind.PARTY_CELL,
    Unit.Kind.PARTY_SUB_CELL,
)
# Steps with their own service (they carry data); the others go through `act_on_denunciation`.
SPECIAL_ACTIONS = {"gia_han": "extend", "ket_luan": "conclude", "thong_bao": "notify"}
REASON_ACTIONS = ("khong_thu_ly", "chuyen", "rut_to_cao")
AUDIT_ACTIONS = {
    "phan_loai": "denunciation.classified",
    "khong_thu_ly": "denunciation.rejected",
    "chuyen": "denunciation.transferred",
    "thu_ly": "denunciation.accepted",
    "chuan_bi": "denunciation.prepared",
    "tien_hanh": "denunciation.verification_started",
    "dong": "denunciation.closed",
    "tam_hoan_dai_hoi": "denunciation.postponed",
    "chuyen_cap_uy_moi": "denunciation.handed_over",
    "rut_to_cao": "denunciation.withdrawn",
}
CONCLUDED_STATES = ("ket_luan", "thong_bao_nguoi_to_cao", "dong")


def _today() -> dt.date:
    return timezone.localdate()


def scope_for(unit: Unit) -> str:
    """The rule scope of a handling organisation: grassroots or above (§6 time limits)."""
    return GRASSROOTS_SCOPE if unit.kind in GRASSROOTS_KINDS else HIGHER_SCOPE


def _rule(key: str, on: dt.date, scope: str) -> Rule | None:
    try:
        return rule_in_force(key, on, scope)
    except NoRuleInForce:
        return None


def resolution_deadline(unit: Unit, received_on: dt.date, scope: str | None = None) -> dt.date:
    """The deadline set by the rule in force on `received_on` for the handler's level.

    Raises ValidationError (field `deadline`) when no rule applies.
    """
    scope = scope or scope_for(unit)
    rule = _rule(DEADLINE_KEY, received_on, scope)
    if rule is None or rule.amount is None:
        raise ValidationError(
            {
                "deadline": _(
                    "Không có quy định '%(key)s' cho cấp '%(scope)s' có hiệu lực ngày %(date)s: "
                    "hãy nhập thời hạn giải quyết."
                )
                % {"key": DEADLINE_KEY, "scope": scope, "date": f"{received_on:%d/%m/%Y}"}
            }
        )
    return add_period(received_on, rule)


def in_congress_window(received_on: dt.date, congress_opens_on: dt.date, scope: str) -> Rule | None:
    """The `to_cao.truoc_dai_hoi` rule when `received_on` falls in its window before the congress.

    Received within N working days before the opening (07-HD/UBKTTW 2019): not resolved before
    the congress but compiled, reported and transferred to the new committee.
    """
    if received_on > congress_opens_on:
        return None
    rule = _rule(CONGRESS_KEY, received_on, scope)
    if rule is None or rule.amount is None:
        return None
    return rule if add_period(received_on, rule) >= congress_opens_on else None


@dataclass(frozen=True)
class CongressCheck:
    """What the congress rule says about one denunciation."""

    rule: Rule | None
    proposes_postponement: bool


def check_congress(denunciation: Denunciation, congress_opens_on: dt.date) -> CongressCheck:
    """Whether the congress rule proposes postponing this denunciation (no change is made)."""
    rule = in_congress_window(
        denunciation.received_on, congress_opens_on, scope_for(denunciation.unit)
    )
    return CongressCheck(
        rule, rule is not None and DENUNCIATION.can(denunciation.state, "tam_hoan_dai_hoi")
    )


def open_denunciation(
    letter: Letter,
    *,
    actor: Any,
    received_on: dt.date,
    accused_unit: Unit | None = None,
    accused_name: str = "",
    accused_party_cell: Unit | None = None,
    accused_is_committee_member: bool = False,
    accused_level: str = "",
    content_categories: Sequence[str] = (),
    related_to_congress: bool = False,
    congress_opens_on: dt.date | None = None,
    deadline: dt.date | None = None,
    rule_scope: str | None = None,
) -> Denunciation:
    """Open the denunciation of a letter; must run inside the caller's transaction."""
    accused_name = accused_name.strip()
    if accused_unit is None and not accused_name:
        raise ValidationError({"accused_name": _("Hãy nêu tổ chức đảng hoặc đảng viên bị tố cáo.")})
    if accused_unit is not None and accused_name:
        raise ValidationError(
            {
                "accused_name": _(
                    "Người bị tố cáo là một tổ chức đảng hoặc một đảng viên, không phải cả hai."
                )
            }
        )
    if received_on < letter.received_on:
        raise ValidationError(
            {"received_on": _("Ngày tổ chức có thẩm quyền nhận không được trước ngày nhận đơn.")}
        )
    if received_on > _today():
        raise ValidationError({"received_on": _("Ngày nhận không được sau ngày hôm nay.")})
    scope = rule_scope or scope_for(letter.unit)
    rule = _rule(DEADLINE_KEY, received_on, scope)
    if rule is not None and rule.amount is not None:
        deadline = add_period(received_on, rule)
    elif deadline is None:
        deadline = resolution_deadline(letter.unit, received_on, scope)
    elif deadline < received_on:
        raise ValidationError({"deadline": _("Thời hạn không được trước ngày nhận.")})
    congress_rule = None
    if congress_opens_on is not None:
        congress_rule = in_congress_window(received_on, congress_opens_on, scope)
        related_to_congress = related_to_congress or congress_rule is not None
    denunciation = Denunciation.objects.create(
        unit=letter.unit,
        letter=letter,
        received_on=received_on,
        accused_unit=accused_unit,
        accused_name=accused_name,
        accused_party_cell=accused_party_cell if accused_unit is None else None,
        accused_is_committee_member=accused_is_committee_member,
        accused_level=accused_level,
        content_categories=list(content_categories),
        summary=letter.summary,
        related_to_congress=related_to_congress,
        state=DENUNCIATION.initial,
        deadline=deadline,
    )
    audit.record(
        actor,
        "denunciation.opened",
        denunciation,
        unit=letter.unit,
        data={
            "letter": letter.pk,
            "received_on": received_on,
            "deadline": deadline,
            "rule": {"key": rule.key, "scope": rule.scope, "from": rule.effective_from}
            if rule
            else None,
            "congress_opens_on": congress_opens_on,
            "congress_window": congress_rule is not None,
        },
    )
    return denunciation


def _move(denunciation: Denunciation, action: str, expected_version: int | None = None) -> str:
    """The next state, after checking the form was not opened on an older version."""
    if expected_version is not None and expected_version != denunciation.version:
        raise conflict()
    try:
        return DENUNCIATION.next_state(denunciation.state, action)
    except TransitionError as error:
        raise ValidationError(str(error)) from error


def _save(denunciation: Denunciation, expected_version: int | None, fields: list[str]) -> None:
    version = denunciation.version if expected_version is None else expected_version
    save_versioned(denunciation, expected_version=version, fields=fields)


@transaction.atomic
def act_on_denunciation(
    denunciation: Denunciation,
    action: str,
    *,
    actor: Any,
    reason: str = "",
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Denunciation:
    """Move a denunciation one step; refusing, transferring and withdrawal need a reason."""
    if action in SPECIAL_ACTIONS:
        raise ValidationError(
            _("Thao tác “%s” cần nhập thông tin riêng trên trang vụ tố cáo.")
            % DENUNCIATION.action_label(action)
        )
    if action not in DENUNCIATION.actions:
        raise ValidationError(_("Thao tác không hợp lệ."))
    target = _move(denunciation, action, expected_version)
    reason = reason.strip()
    if action in REASON_ACTIONS and not reason:
        messages = {
            "khong_thu_ly": _(
                "Hãy nêu lý do không thụ lý (ví dụ: giấu tên, mạo tên, đã giải "
                "quyết mà không có nội dung mới, nội dung không cụ thể)."
            ),
            "chuyen": _("Hãy nêu cơ quan có thẩm quyền nhận và lý do chuyển."),
            "rut_to_cao": _(
                "Hãy ghi nhận việc người tố cáo rút tố cáo và xác nhận không bị ép buộc."
            ),
        }
        raise ValidationError({"reason": messages[action]})
    if action == "tam_hoan_dai_hoi" and not denunciation.related_to_congress:
        raise ValidationError(_("Chỉ tạm hoãn giải quyết những tố cáo liên quan đến đại hội."))
    fields = ["state"]
    denunciation.state = target
    if action in REASON_ACTIONS:
        denunciation.rejection_reason = reason
        fields.append("rejection_reason")
    if action == "dong":
        denunciation.closed_on = on or _today()
        if denunciation.notified_on and denunciation.closed_on < denunciation.notified_on:
            raise ValidationError(
                {"on": _("Ngày đóng hồ sơ không được trước ngày thông báo người tố cáo.")}
            )
        fields.append("closed_on")
    _save(denunciation, expected_version, fields)
    audit.record(
        actor,
        AUDIT_ACTIONS[action],
        denunciation,
        unit=denunciation.unit,
        data={"action": action, "state": target, "reason": reason},
    )
    return denunciation


@transaction.atomic
def extend_denunciation(
    denunciation: Denunciation,
    *,
    actor: Any,
    new_deadline: dt.date | None = None,
    expected_version: int | None = None,
) -> Denunciation:
    """Extend once by the rule's extension amount (§6: ≤ 30 working days at grassroots level)."""
    target = _move(denunciation, "gia_han", expected_version)
    if denunciation.extended:
        raise ValidationError(_("Vụ tố cáo đã được gia hạn một lần; không được gia hạn thêm."))
    if denunciation.deadline is None:
        raise ValidationError(_("Vụ tố cáo chưa có thời hạn giải quyết để gia hạn."))
    rule = _rule(DEADLINE_KEY, denunciation.received_on, scope_for(denunciation.unit))
    if rule is not None and rule.extension_amount:
        longest = add_period(
            denunciation.deadline,
            Rule(key=rule.key, amount=rule.extension_amount, unit=rule.unit),
        )
        if new_deadline is not None and new_deadline > longest:
            raise ValidationError(
                {
                    "new_deadline": _(
                        "Chỉ được gia hạn tối đa %(amount)s %(unit)s theo quy định '%(key)s': "
                        "thời hạn mới không được sau ngày %(date)s."
                    )
                    % {
                        "amount": _amount(rule.extension_amount),
                        "unit": rule.get_unit_display(),
                        "key": rule.key,
                        "date": f"{longest:%d/%m/%Y}",
                    }
                }
            )
        extended_to = new_deadline or longest
    elif new_deadline is None:
        raise ValidationError(
            {"new_deadline": _("Không có quy định gia hạn áp dụng: hãy nhập thời hạn mới.")}
        )
    else:
        extended_to = new_deadline
    if extended_to <= denunciation.deadline:
        raise ValidationError({"new_deadline": _("Thời hạn mới phải sau thời hạn hiện tại.")})
    previous = denunciation.deadline
    denunciation.state = target
    denunciation.deadline = extended_to
    denunciation.extended = True
    _save(denunciation, expected_version, ["state", "deadline", "extended"])
    audit.record(
        actor,
        "denunciation.extended",
        denunciation,
        unit=denunciation.unit,
        changes={"deadline": [previous, extended_to]},
        data={"rule": rule.key if rule else None},
    )
    return denunciation


def _amount(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value)


@transaction.atomic
def conclude_denunciation(
    denunciation: Denunciation,
    *,
    actor: Any,
    result: str,
    concluded_on: dt.date,
    has_violation: bool = False,
    discipline_required: bool = False,
    expected_version: int | None = None,
) -> Denunciation:
    """Record the conclusion: tố đúng / tố sai / chưa có cơ sở kết luận, violation, discipline."""
    target = _move(denunciation, "ket_luan", expected_version)
    if result not in Denunciation.Result.values:
        raise ValidationError({"result": _("Hãy chọn kết quả giải quyết tố cáo.")})
    if concluded_on < denunciation.received_on:
        raise ValidationError(
            {"concluded_on": _("Ngày kết luận không được trước ngày nhận tố cáo.")}
        )
    if concluded_on > _today():
        raise ValidationError({"concluded_on": _("Ngày kết luận không được sau ngày hôm nay.")})
    if discipline_required and not has_violation:
        raise ValidationError(
            {"discipline_required": _("Chỉ thi hành kỷ luật khi kết luận có vi phạm.")}
        )
    if has_violation and result != Denunciation.Result.DUNG:
        raise ValidationError(
            {"has_violation": _("Kết luận có vi phạm chỉ khi tố đúng hoặc đúng một phần.")}
        )
    denunciation.state = target
    denunciation.result = result
    denunciation.has_violation = has_violation
    denunciation.discipline_required = discipline_required
    denunciation.concluded_on = concluded_on
    _save(
        denunciation,
        expected_version,
        ["state", "result", "has_violation", "discipline_required", "concluded_on"],
    )
    audit.record(
        actor,
        "denunciation.concluded",
        denunciation,
        unit=denunciation.unit,
        data={
            "result": result,
            "has_violation": has_violation,
            "discipline_required": discipline_required,
            "concluded_on": concluded_on,
        },
    )
    return denunciation


@transaction.atomic
def notify_denouncer(
    denunciation: Denunciation,
    *,
    actor: Any,
    notified_on: dt.date,
    expected_version: int | None = None,
) -> Denunciation:
    """Record that the denouncer was told the result (§6)."""
    target = _move(denunciation, "thong_bao", expected_version)
    if denunciation.concluded_on and notified_on < denunciation.concluded_on:
        raise ValidationError({"notified_on": _("Ngày thông báo không được trước ngày kết luận.")})
    if notified_on > _today():
        raise ValidationError({"notified_on": _("Ngày thông báo không được sau ngày hôm nay.")})
    denunciation.state = target
    denunciation.notified_on = notified_on
    _save(denunciation, expected_version, ["state", "notified_on"])
    audit.record(
        actor,
        "denunciation.notified",
        denunciation,
        unit=denunciation.unit,
        data={"notified_on": notified_on},
    )
    return denunciation


@transaction.atomic
def record_denunciation_viewed(denunciation: Denunciation, *, actor: Any) -> None:
    """Note that someone opened the denunciation's file."""
    audit.record(actor, "denunciation.viewed", denunciation, unit=denunciation.unit)


@transaction.atomic
def open_discipline_from_denunciation(
    denunciation: Denunciation,
    *,
    actor: Any,
    violation_on: dt.date,
    opened_on: dt.date,
    prospective_form: str = "",
) -> DisciplineCase:
    """Open the discipline case a conclusion calls for, linked to the denunciation (§6)."""
    if denunciation.state not in CONCLUDED_STATES or not denunciation.discipline_required:
        raise ValidationError(
            _("Chỉ xem xét kỷ luật khi tố cáo đã kết luận và kết luận phải thi hành kỷ luật.")
        )
    if DisciplineCase.objects.filter(denunciation=denunciation).exists():
        raise ValidationError(_("Đã mở vụ thi hành kỷ luật cho vụ tố cáo này."))
    opened = open_discipline_case(
        denunciation.unit,
        actor=actor,
        violation_on=violation_on,
        opened_on=opened_on,
        subject_unit=denunciation.accused_unit,
        full_name=denunciation.accused_name,
        party_cell=denunciation.accused_party_cell,
        violation_categories=denunciation.content_categories,
        prospective_form=prospective_form,
        is_committee_member=denunciation.accused_is_committee_member,
    )
    discipline_case = opened.case
    discipline_case.denunciation = denunciation
    discipline_case.save(update_fields=["denunciation"])
    audit.record(
        actor,
        "denunciation.discipline_opened",
        denunciation,
        unit=denunciation.unit,
        data={"discipline_case": discipline_case.pk},
    )
    return discipline_case
