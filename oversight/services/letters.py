"""Intake of letters (đơn, thư) and the confidentiality of their senders (spec §6, §8).

Rules chosen here:

- Receiving registers the letter (number, date, source, sender kind, naming); the sender's name,
  address and phone go only to `LetterSender`, never into the letter's summary nor the audit data.
- Classifying sets kind, competence and handling. Anonymous (giấu tên) and false-name (mạo tên)
  letters are not resolved (§6 admissibility): their handling is "không phải giải quyết" and they
  are kept on file; one with concrete content may be kept as information for an inspection on
  signs of violation (noted in the letter's result).
- A letter `to_cao` that must be resolved opens a Denunciation (services.denunciations); one
  `khieu_nai_ky_luat_dang` files a complaint against an existing decision
  (services.discipline.file_complaint) and links the complaint to the letter.
- Routing follows the handling chosen: giao_xu_ly for phải giải quyết, chuyen for chuyển theo
  thẩm quyền, huong_dan for hướng dẫn, luu for the rest; each step goes through LETTER.
- `read_sender` returns the sender only to holders of accounts.view_denouncer_identity on the
  letter's unit and records every read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from common.versioning import conflict, save_versioned
from oversight.models import (
    Denunciation,
    DisciplineComplaint,
    DisciplineDecision,
    Letter,
    LetterKind,
    LetterSender,
)
from oversight.services import denunciations as denunciation_services
from oversight.services.discipline import file_complaint
from oversight.workflow.machines import LETTER, TransitionError
from units.models import Unit

IDENTITY_PERM = "accounts.view_denouncer_identity"
H = Letter.Handling
ANONYMOUS_HANDLING: dict[str, str] = {
    Letter.Naming.GIAU_TEN: H.GIAU_TEN,
    Letter.Naming.MAO_TEN: H.MAO_TEN,
}
NOT_RESOLVED_KINDS = (LetterKind.TRUNG_LAP, LetterKind.KHONG_DU_DIEU_KIEN)
# The routing step each handling leads to.
ROUTE_FOR_HANDLING: dict[str, str] = {
    H.PHAI_GIAI_QUYET: "giao_xu_ly",
    H.CHUYEN: "chuyen",
    H.HUONG_DAN: "huong_dan",
    H.LUU: "luu",
    H.GIAU_TEN: "luu",
    H.MAO_TEN: "luu",
}
ROUTE_AUDIT = {
    "giao_xu_ly": "letter.assigned",
    "chuyen": "letter.transferred",
    "huong_dan": "letter.guided",
    "luu": "letter.filed",
}
INFORMATION_NOTE = gettext_lazy(
    "Đơn giấu tên, mạo tên có nội dung cụ thể: giữ làm thông tin phục vụ kiểm tra khi có dấu "
    "hiệu vi phạm."
)


def _today() -> dt.date:
    return timezone.localdate()


def _move(letter: Letter, action: str, expected_version: int | None = None) -> str:
    """The next state, after checking the form was not opened on an older version."""
    if expected_version is not None and expected_version != letter.version:
        raise conflict()
    try:
        return LETTER.next_state(letter.state, action)
    except TransitionError as error:
        raise ValidationError(str(error)) from error


def _save(letter: Letter, expected_version: int | None, fields: list[str]) -> None:
    version = letter.version if expected_version is None else expected_version
    save_versioned(letter, expected_version=version, fields=fields)


def next_number(unit: Unit, year: int) -> str:
    """The next free register number of a unit's letter book for a year."""
    numbers = Letter.objects.filter(unit=unit, received_on__year=year).values_list(
        "number", flat=True
    )
    highest = max((int(n) for n in numbers if n.isdigit()), default=0)
    return str(highest + 1)


@transaction.atomic
def receive_letter(
    unit: Unit,
    *,
    actor: Any,
    received_on: dt.date,
    source: str,
    sender_kind: str,
    naming: str,
    summary: str,
    number: str = "",
    content_categories: Sequence[str] = (),
    accused_unit: Unit | None = None,
    accused_name: str = "",
    accused_level: str = "",
    sender_full_name: str = "",
    sender_address: str = "",
    sender_phone: str = "",
    sender_note: str = "",
) -> Letter:
    """Register a received letter; the sender's identity is stored apart and never audited."""
    errors: dict[str, str] = {}
    if received_on > _today():
        errors["received_on"] = _("Ngày nhận đơn không được sau ngày hôm nay.")
    if source not in Letter.Source.values:
        errors["source"] = _("Hãy chọn nguồn đơn.")
    if sender_kind not in Letter.SenderKind.values:
        errors["sender_kind"] = _("Hãy chọn người gửi là ai.")
    if naming not in Letter.Naming.values:
        errors["naming"] = _("Hãy chọn đơn có tên, giấu tên hay mạo tên.")
    if not summary.strip():
        errors["summary"] = _("Hãy tóm tắt nội dung đơn.")
    sender_full_name = sender_full_name.strip()
    if naming == Letter.Naming.CO_TEN and not sender_full_name:
        errors["sender_full_name"] = _("Đơn có tên: hãy nhập họ và tên người gửi.")
    if accused_unit is not None and accused_name.strip():
        errors["accused_name"] = _(
            "Người bị tố cáo, phản ánh là một tổ chức đảng hoặc một đảng viên, không phải cả hai."
        )
    number = number.strip() or next_number(unit, received_on.year)
    if Letter.objects.filter(unit=unit, received_on__year=received_on.year, number=number).exists():
        errors["number"] = _("Số vào sổ %(number)s đã dùng trong năm %(year)s.") % {
            "number": number,
            "year": received_on.year,
        }
    if errors:
        raise ValidationError(errors)
    letter = Letter.objects.create(
        unit=unit,
        number=number,
        received_on=received_on,
        source=source,
        sender_kind=sender_kind,
        naming=naming,
        summary=summary.strip(),
        content_categories=list(content_categories),
        accused_unit=accused_unit,
        accused_name=accused_name.strip(),
        accused_level=accused_level,
        state=LETTER.initial,
    )
    # Giấu tên: nobody is known; mạo tên: what is written may be kept, it is not the sender.
    if naming != Letter.Naming.GIAU_TEN and sender_full_name:
        LetterSender.objects.create(
            letter=letter,
            full_name=sender_full_name,
            address=sender_address.strip(),
            phone=sender_phone.strip(),
            note=sender_note.strip(),
        )
    audit.record(
        actor,
        "letter.received",
        letter,
        unit=unit,
        data={
            "number": number,
            "received_on": received_on,
            "source": source,
            "sender_kind": sender_kind,
            "naming": naming,
        },
    )
    return letter


def _check_classification(letter: Letter, kind: str, competence: str, handling: str) -> None:
    errors: dict[str, str] = {}
    if kind not in LetterKind.values:
        errors["kind"] = _("Hãy chọn loại đơn.")
    if competence not in Letter.Competence.values:
        errors["competence"] = _("Hãy chọn đơn thuộc hay không thuộc thẩm quyền.")
    if handling not in H.values:
        errors["handling"] = _("Hãy chọn hướng xử lý.")
    if errors:
        raise ValidationError(errors)
    anonymous = ANONYMOUS_HANDLING.get(letter.naming)
    if anonymous is not None and handling not in (anonymous, H.LUU):
        raise ValidationError(
            {
                "handling": _(
                    "Đơn %(naming)s không được xem xét, giải quyết (§6, điều kiện thụ lý): hướng "
                    "xử lý phải là “%(handling)s”. Nếu nội dung cụ thể, có thể giữ làm thông tin "
                    "phục vụ kiểm tra."
                )
                % {"naming": letter.get_naming_display().lower(), "handling": H(anonymous).label}
            }
        )
    if anonymous is None and handling in (H.GIAU_TEN, H.MAO_TEN):
        raise ValidationError(
            {
                "handling": _(
                    "Đơn có tên thì không xếp vào hướng “không phải giải quyết” do giấu "
                    "tên, mạo tên."
                )
            }
        )
    if handling == H.PHAI_GIAI_QUYET:
        if competence != Letter.Competence.THUOC:
            raise ValidationError(
                {
                    "competence": _(
                        "Đơn không thuộc thẩm quyền thì không giải quyết mà chuyển hoặc hướng dẫn."
                    )
                }
            )
        if kind in NOT_RESOLVED_KINDS:
            raise ValidationError(
                {
                    "handling": _(
                        "Đơn trùng lặp hoặc không đủ điều kiện thì không phải giải "
                        "quyết: hãy lưu đơn."
                    )
                }
            )
        if kind in (LetterKind.KHIEU_NAI_HANH_CHINH, LetterKind.TO_CAO_HANH_CHINH):
            raise ValidationError(
                {
                    "handling": _(
                        "Khiếu nại, tố cáo hành chính thuộc cơ quan nhà nước: hãy chuyển "
                        "theo thẩm quyền."
                    )
                }
            )
    if kind == LetterKind.TO_CAO and handling == H.PHAI_GIAI_QUYET:
        sender = LetterSender.objects.filter(letter=letter).first()
        if sender is None or not sender.address.strip():
            raise ValidationError(
                {
                    "handling": _(
                        "Đơn tố cáo không có họ tên, địa chỉ rõ ràng của người tố cáo "
                        "thì không thụ lý giải quyết (§6)."
                    )
                }
            )


def classify_letter(
    letter: Letter,
    *,
    actor: Any,
    kind: str,
    competence: str,
    handling: str = "",
    keep_as_information: bool = False,
    decision: DisciplineDecision | None = None,
    competent_received_on: dt.date | None = None,
    accused_unit: Unit | None = None,
    accused_name: str | None = None,
    accused_party_cell: Unit | None = None,
    accused_is_committee_member: bool = False,
    accused_level: str | None = None,
    content_categories: Sequence[str] | None = None,
    related_to_congress: bool = False,
    congress_opens_on: dt.date | None = None,
    deadline: dt.date | None = None,
    expected_version: int | None = None,
) -> Letter:
    """Classify and register a letter; a denunciation or complaint to resolve is opened here."""
    try:
        with transaction.atomic():
            return _classify(
                letter,
                actor=actor,
                kind=kind,
                competence=competence,
                handling=handling,
                keep_as_information=keep_as_information,
                decision=decision,
                competent_received_on=competent_received_on,
                accused_unit=accused_unit,
                accused_name=accused_name,
                accused_party_cell=accused_party_cell,
                accused_is_committee_member=accused_is_committee_member,
                accused_level=accused_level,
                content_categories=content_categories,
                related_to_congress=related_to_congress,
                congress_opens_on=congress_opens_on,
                deadline=deadline,
                expected_version=expected_version,
            )
    except ValidationError:
        letter.refresh_from_db()  # the refused change leaves nothing behind, in memory too
        raise


def _classify(
    letter: Letter,
    *,
    actor: Any,
    kind: str,
    competence: str,
    handling: str = "",
    keep_as_information: bool = False,
    decision: DisciplineDecision | None = None,
    competent_received_on: dt.date | None = None,
    accused_unit: Unit | None = None,
    accused_name: str | None = None,
    accused_party_cell: Unit | None = None,
    accused_is_committee_member: bool = False,
    accused_level: str | None = None,
    content_categories: Sequence[str] | None = None,
    related_to_congress: bool = False,
    congress_opens_on: dt.date | None = None,
    deadline: dt.date | None = None,
    expected_version: int | None = None,
) -> Letter:
    target = _move(letter, "phan_loai", expected_version)
    if not handling:
        handling = ANONYMOUS_HANDLING.get(letter.naming, "")
    _check_classification(letter, kind, competence, handling)
    if keep_as_information and handling not in (H.GIAU_TEN, H.MAO_TEN):
        raise ValidationError(
            {"keep_as_information": _("Chỉ đơn giấu tên, mạo tên mới giữ làm thông tin.")}
        )
    if accused_name is not None:
        letter.accused_name = accused_name.strip()
    if accused_unit is not None or accused_name is not None:
        letter.accused_unit = accused_unit
    if accused_level is not None:
        letter.accused_level = accused_level
    if content_categories is not None:
        letter.content_categories = list(content_categories)
    letter.kind, letter.competence, letter.handling = kind, competence, handling
    letter.state = target
    fields = [
        "kind",
        "competence",
        "handling",
        "state",
        "accused_unit",
        "accused_name",
        "accused_level",
        "content_categories",
    ]
    if keep_as_information:
        letter.result = str(INFORMATION_NOTE)
        fields.append("result")
    linked: dict[str, Any] = {}
    resolving = handling == H.PHAI_GIAI_QUYET
    if resolving and kind == LetterKind.TO_CAO:
        denunciation = denunciation_services.open_denunciation(
            letter,
            actor=actor,
            received_on=competent_received_on or letter.received_on,
            accused_unit=letter.accused_unit,
            accused_name=letter.accused_name,
            accused_party_cell=accused_party_cell,
            accused_is_committee_member=accused_is_committee_member,
            accused_level=letter.accused_level,
            content_categories=letter.content_categories,
            related_to_congress=related_to_congress,
            congress_opens_on=congress_opens_on,
            deadline=deadline,
        )
        letter.deadline = denunciation.deadline
        fields.append("deadline")
        linked["denunciation"] = denunciation.pk
    elif resolving and kind == LetterKind.KHIEU_NAI_KY_LUAT:
        if decision is None:
            raise ValidationError({"decision": _("Hãy chọn quyết định kỷ luật bị khiếu nại.")})
        if decision.discipline_case.unit_id != letter.unit_id:
            raise ValidationError(
                {"decision": _("Quyết định kỷ luật không thuộc tổ chức đảng nhận đơn.")}
            )
        complaint = file_complaint(
            decision, actor=actor, filed_on=competent_received_on or letter.received_on
        )
        complaint.letter = letter
        complaint.save(update_fields=["letter"])
        letter.deadline = complaint.deadline
        fields.append("deadline")
        linked["complaint"] = complaint.pk
    _save(letter, expected_version, fields)
    audit.record(
        actor,
        "letter.classified",
        letter,
        unit=letter.unit,
        data={
            "kind": kind,
            "competence": competence,
            "handling": handling,
            "keep_as_information": keep_as_information,
            **linked,
        },
    )
    return letter


def _route(
    letter: Letter,
    action: str,
    *,
    actor: Any,
    fields: dict[str, Any],
    expected_version: int | None,
) -> Letter:
    target = _move(letter, action, expected_version)
    expected = ROUTE_FOR_HANDLING.get(letter.handling)
    if expected != action:
        raise ValidationError(
            _("Hướng xử lý “%(handling)s” không phù hợp với thao tác “%(action)s”.")
            % {"handling": letter.get_handling_display(), "action": LETTER.action_label(action)}
        )
    for name, value in fields.items():
        setattr(letter, name, value)
    letter.state = target
    _save(letter, expected_version, ["state", *fields])
    audit.record(
        actor,
        ROUTE_AUDIT[action],
        letter,
        unit=letter.unit,
        data={"action": action, **{k: v for k, v in fields.items() if k != "result"}},
    )
    return letter


@transaction.atomic
def assign_letter(
    letter: Letter,
    *,
    actor: Any,
    assigned_to: str,
    deadline: dt.date | None = None,
    expected_version: int | None = None,
) -> Letter:
    """Give a letter to resolve to a member or department, with its deadline (§8)."""
    if not assigned_to.strip():
        raise ValidationError({"assigned_to": _("Hãy nêu người hoặc bộ phận được giao.")})
    linked_deadline = _linked_deadline(letter)
    if linked_deadline is not None:
        deadline = linked_deadline
    if deadline is None:
        raise ValidationError({"deadline": _("Hãy nhập hạn xử lý đơn.")})
    if deadline < letter.received_on:
        raise ValidationError({"deadline": _("Hạn xử lý không được trước ngày nhận đơn.")})
    return _route(
        letter,
        "giao_xu_ly",
        actor=actor,
        fields={"assigned_to": assigned_to.strip(), "deadline": deadline},
        expected_version=expected_version,
    )


def _linked_deadline(letter: Letter) -> dt.date | None:
    """The deadline of the denunciation or complaint opened from the letter, if any."""
    denunciation = Denunciation.objects.filter(letter=letter).first()
    if denunciation is not None:
        return denunciation.deadline
    complaint = DisciplineComplaint.objects.filter(letter=letter).order_by("-pk").first()
    return complaint.deadline if complaint is not None else None


@transaction.atomic
def transfer_letter(
    letter: Letter, *, actor: Any, transferred_to: str, expected_version: int | None = None
) -> Letter:
    """Transfer a letter to the competent organisation (phiếu chuyển, §8)."""
    if not transferred_to.strip():
        raise ValidationError(
            {"transferred_to": _("Hãy nêu cơ quan, tổ chức có thẩm quyền nhận đơn chuyển.")}
        )
    return _route(
        letter,
        "chuyen",
        actor=actor,
        fields={"transferred_to": transferred_to.strip(), "answered_on": _today()},
        expected_version=expected_version,
    )


@transaction.atomic
def guide_letter(
    letter: Letter, *, actor: Any, note: str = "", expected_version: int | None = None
) -> Letter:
    """Guide the sender to the competent body and give the letter back (hướng dẫn, trả đơn)."""
    return _route(
        letter,
        "huong_dan",
        actor=actor,
        fields={"result": note.strip(), "answered_on": _today()},
        expected_version=expected_version,
    )


@transaction.atomic
def file_letter(
    letter: Letter, *, actor: Any, note: str = "", expected_version: int | None = None
) -> Letter:
    """Keep a letter on file without resolving it (lưu đơn)."""
    fields: dict[str, Any] = {}
    if note.strip():
        fields["result"] = "\n".join(filter(None, [letter.result, note.strip()]))
    return _route(letter, "luu", actor=actor, fields=fields, expected_version=expected_version)


@transaction.atomic
def answer_letter(
    letter: Letter,
    *,
    actor: Any,
    answered_on: dt.date,
    result: str,
    expected_version: int | None = None,
) -> Letter:
    """Record the answer to the sender and the result of the resolution (§8)."""
    target = _move(letter, "tra_loi", expected_version)
    if not result.strip():
        raise ValidationError({"result": _("Hãy nêu kết quả giải quyết đã trả lời người gửi.")})
    if answered_on < letter.received_on:
        raise ValidationError({"answered_on": _("Ngày trả lời không được trước ngày nhận đơn.")})
    if answered_on > _today():
        raise ValidationError({"answered_on": _("Ngày trả lời không được sau ngày hôm nay.")})
    letter.state = target
    letter.answered_on = answered_on
    letter.result = result.strip()
    _save(letter, expected_version, ["state", "answered_on", "result"])
    audit.record(
        actor, "letter.answered", letter, unit=letter.unit, data={"answered_on": answered_on}
    )
    return letter


@transaction.atomic
def record_letter_viewed(letter: Letter, *, actor: Any) -> None:
    """Note that someone opened the letter's file."""
    audit.record(actor, "letter.viewed", letter, unit=letter.unit)


@transaction.atomic
def read_sender(user: Any, letter: Letter) -> LetterSender | None:
    """The sender's identity, only for holders of view_denouncer_identity; every read is audited.

    None when nobody is recorded (giấu tên). Raises PermissionDenied for everyone else.
    """
    if not user.has_perm(IDENTITY_PERM, letter):
        raise PermissionDenied
    sender = LetterSender.objects.filter(letter=letter).first()
    audit.record(
        user,
        "letter.sender_viewed",
        letter,
        unit=letter.unit,
        data={"recorded": sender is not None},
    )
    return sender
