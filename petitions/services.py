"""Citizen reception, citizen matters and dialogue (spec §9, QĐ 11-QĐi/TW as amended by KL 215).

Rules chosen here:

- Reception sessions and dialogues belong to a Party committee (the Party tree).
- A matter's written notice is due 10 working days after receipt (rule tiep_dan.thong_bao_bang_van_ban
  in force on the day received). Its states: tiep_nhan → da_chuyen_xu_ly → da_tra_loi → da_dong.
- Visitors' names and addresses go only to ReceptionVisitor, the petitioner's identity only to
  MatterPetitioner; neither is ever written into audit data.
- Sessions and dialogues are corrected with optimistic locking (`version`) and an audit diff.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import conflict, save_versioned
from oversight.models import Letter
from oversight.rules import add_period, rule_in_force
from oversight.services.letters import receive_letter
from petitions.models import (
    CitizenMatter,
    Dialogue,
    MatterPetitioner,
    ReceptionSession,
    ReceptionVisitor,
)
from units.models import Unit

NOTICE_RULE = "tiep_dan.thong_bao_bang_van_ban"
S = CitizenMatter.State
# action → (states it may start from, state it leads to)
MATTER_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "route": ((S.TIEP_NHAN,), S.DA_CHUYEN_XU_LY),
    "answer": ((S.DA_CHUYEN_XU_LY,), S.DA_TRA_LOI),
    "close": ((S.DA_TRA_LOI,), S.DA_DONG),
}


def _today() -> dt.date:
    return timezone.localdate()


def _check_committee(unit: Unit, errors: dict[str, str]) -> None:
    if unit.tree != Unit.Tree.PARTY:
        errors["unit"] = _("Tiếp dân, đối thoại là việc của cấp ủy: hãy chọn một tổ chức đảng.")


def _check_date(field: str, value: dt.date, label: str, errors: dict[str, str]) -> None:
    if value > _today():
        errors[field] = _("%(label)s không được sau ngày hôm nay.") % {"label": label}


def _next_state(matter: CitizenMatter, action: str, expected_version: int | None) -> str:
    if expected_version is not None and expected_version != matter.version:
        raise conflict()
    sources, target = MATTER_TRANSITIONS[action]
    if matter.state not in sources:
        raise ValidationError(
            {
                "state": _("Vụ việc đang ở trạng thái “%(state)s”: không thể chuyển sang “%(to)s”.")
                % {"state": matter.get_state_display(), "to": S(target).label}
            }
        )
    return target


def _save(matter: CitizenMatter, expected_version: int | None, fields: list[str]) -> None:
    version = matter.version if expected_version is None else expected_version
    save_versioned(matter, expected_version=version, fields=fields)


SESSION_FIELDS = ("host_name", "host_role", "held_on", "kind", "place", "visitor_count", "note")
DIALOGUE_FIELDS = ("held_on", "topic", "host", "kind", "participant_count", "commitments")


def _check_session(
    host_name: str, host_role: str, held_on: dt.date, kind: str, visitor_count: int
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not host_name.strip():
        errors["host_name"] = _("Hãy nhập họ tên người chủ trì tiếp dân.")
    if host_role not in ReceptionSession.HostRole.values:
        errors["host_role"] = _("Hãy chọn bí thư hay người được ủy quyền chủ trì.")
    _check_date("held_on", held_on, _("Ngày tiếp dân"), errors)
    if kind not in ReceptionSession.Kind.values:
        errors["kind"] = _("Hãy chọn tiếp dân định kỳ hay đột xuất.")
    if visitor_count < 0:
        errors["visitor_count"] = _("Số lượt người được tiếp không được âm.")
    return errors


@transaction.atomic
def record_session(
    unit: Unit,
    *,
    actor: Any,
    host_name: str,
    host_role: str,
    held_on: dt.date,
    kind: str,
    place: str = "",
    visitor_count: int = 0,
    note: str = "",
) -> ReceptionSession:
    """Record a day of citizen reception held by the secretary or the person delegated."""
    errors: dict[str, str] = {}
    _check_committee(unit, errors)
    errors.update(_check_session(host_name, host_role, held_on, kind, visitor_count))
    if errors:
        raise ValidationError(errors)
    session = ReceptionSession.objects.create(
        unit=unit,
        host_name=host_name.strip(),
        host_role=host_role,
        held_on=held_on,
        kind=kind,
        place=place.strip(),
        visitor_count=visitor_count,
        note=note.strip(),
    )
    audit.record(
        actor,
        "reception_session.recorded",
        session,
        unit=unit,
        data={"held_on": held_on, "kind": kind, "host_role": host_role, "visitors": visitor_count},
    )
    return session


@transaction.atomic
def update_session(
    session: ReceptionSession,
    *,
    actor: Any,
    expected_version: int,
    host_name: str,
    host_role: str,
    held_on: dt.date,
    kind: str,
    place: str = "",
    visitor_count: int = 0,
    note: str = "",
) -> ReceptionSession:
    """Correct a session's host, day, kind, place, visitor turns or note; refuses a stale form."""
    if expected_version != session.version:
        raise conflict()
    errors = _check_session(host_name, host_role, held_on, kind, visitor_count)
    named = session.visitors.count()
    if "visitor_count" not in errors and visitor_count < named:
        errors["visitor_count"] = _(
            "Phiên đã ghi tên %(named)s người được tiếp: số lượt không được ít hơn."
        ) % {"named": named}
    earliest = session.matters.order_by("received_on").values_list("received_on", flat=True).first()
    if "held_on" not in errors and earliest is not None and held_on > earliest:
        errors["held_on"] = _(
            "Đã có vụ việc tiếp nhận tại phiên này ngày %(day)s: ngày tiếp dân không được sau ngày đó."
        ) % {"day": f"{earliest:%d/%m/%Y}"}
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(session, SESSION_FIELDS)
    session.host_name, session.host_role = host_name.strip(), host_role
    session.held_on, session.kind = held_on, kind
    session.place, session.visitor_count, session.note = place.strip(), visitor_count, note.strip()
    save_versioned(session, expected_version=expected_version, fields=list(SESSION_FIELDS))
    changes = audit.diff(before, audit.snapshot(session, SESSION_FIELDS))
    audit.record(actor, "reception_session.updated", session, unit=session.unit, changes=changes)
    return session


@transaction.atomic
def add_visitor(
    session: ReceptionSession, *, actor: Any, full_name: str, address: str = ""
) -> ReceptionVisitor:
    """Note a citizen received in the session; name and address stay out of the audit row.

    A session never names more people than the visitor turns it records.
    """
    if not full_name.strip():
        raise ValidationError({"full_name": _("Hãy nhập họ và tên người được tiếp.")})
    if session.visitors.count() >= session.visitor_count:
        raise ValidationError(
            {
                "full_name": _(
                    "Phiên ghi %(count)s lượt người được tiếp và đã ghi đủ tên: hãy sửa số lượt "
                    "của phiên trước khi ghi thêm người."
                )
                % {"count": session.visitor_count}
            }
        )
    visitor = ReceptionVisitor.objects.create(
        session=session, full_name=full_name.strip(), address=address.strip()
    )
    audit.record(
        actor, "reception_visitor.added", session, unit=session.unit, data={"visitor": visitor.pk}
    )
    return visitor


@transaction.atomic
def receive_matter(
    unit: Unit,
    *,
    actor: Any,
    received_on: dt.date,
    kind: str,
    summary: str,
    session: ReceptionSession | None = None,
    letter: Letter | None = None,
    deadline: dt.date | None = None,
    petitioner_name: str = "",
    petitioner_address: str = "",
    petitioner_phone: str = "",
) -> CitizenMatter:
    """Register a matter raised by citizens; the written notice falls due by the QĐ 11 rule.

    The petitioner's name, address and phone, when given, go only to MatterPetitioner.
    """
    errors: dict[str, str] = {}
    _check_committee(unit, errors)
    _check_date("received_on", received_on, _("Ngày tiếp nhận"), errors)
    if kind not in CitizenMatter.Kind.values:
        errors["kind"] = _("Hãy chọn khiếu nại, tố cáo, kiến nghị hay phản ánh.")
    if not summary.strip():
        errors["summary"] = _("Hãy tóm tắt nội dung vụ việc.")
    if session is not None and session.unit_id != unit.pk:
        errors["session"] = _("Phiên tiếp dân phải là của cấp ủy tiếp nhận vụ việc.")
    if session is not None and session.held_on > received_on:
        errors["received_on"] = _("Ngày tiếp nhận không được trước ngày của phiên tiếp dân.")
    if letter is not None and letter.unit_id != unit.pk:
        errors["letter"] = _("Đơn, thư liên quan phải do cùng cấp ủy tiếp nhận.")
    if deadline is not None and deadline < received_on:
        errors["deadline"] = _("Hạn giải quyết không được trước ngày tiếp nhận.")
    if (petitioner_address.strip() or petitioner_phone.strip()) and not petitioner_name.strip():
        errors["petitioner_name"] = _(
            "Đã ghi địa chỉ hoặc điện thoại: hãy nhập họ và tên người nêu vụ việc."
        )
    if errors:
        raise ValidationError(errors)
    # QĐ 11-QĐi/TW: written notice within 10 working days of receipt.
    notice_due_on = add_period(received_on, rule_in_force(NOTICE_RULE, received_on))
    matter = CitizenMatter.objects.create(
        unit=unit,
        session=session,
        letter=letter,
        received_on=received_on,
        kind=kind,
        summary=summary.strip(),
        deadline=deadline,
        notice_due_on=notice_due_on,
        state=S.TIEP_NHAN,
    )
    if petitioner_name.strip():
        MatterPetitioner.objects.create(
            matter=matter,
            full_name=petitioner_name.strip(),
            address=petitioner_address.strip(),
            phone=petitioner_phone.strip(),
        )
    audit.record(
        actor,
        "citizen_matter.received",
        matter,
        unit=unit,
        data={
            "received_on": received_on,
            "kind": kind,
            "notice_due_on": notice_due_on,
            "session": session.pk if session else None,
            "letter": letter.pk if letter else None,
            "petitioner_recorded": bool(petitioner_name.strip()),
        },
    )
    return matter


@transaction.atomic
def route_matter(
    matter: CitizenMatter,
    *,
    actor: Any,
    routed_to: str,
    routed_on: dt.date,
    deadline: dt.date | None = None,
    expected_version: int | None = None,
) -> CitizenMatter:
    """Direct the matter to the competent body (chỉ đạo, chuyển xử lý), with its deadline."""
    state = _next_state(matter, "route", expected_version)
    errors: dict[str, str] = {}
    if not routed_to.strip():
        errors["routed_to"] = _("Hãy nhập cơ quan, người được giao xử lý.")
    if routed_on < matter.received_on:
        errors["routed_on"] = _("Ngày chuyển xử lý không được trước ngày tiếp nhận.")
    _check_date("routed_on", routed_on, _("Ngày chuyển xử lý"), errors)
    if deadline is not None and deadline < routed_on:
        errors["deadline"] = _("Hạn giải quyết không được trước ngày chuyển xử lý.")
    if errors:
        raise ValidationError(errors)
    matter.routed_to, matter.routed_on, matter.state = routed_to.strip(), routed_on, state
    if deadline is not None:
        matter.deadline = deadline
    _save(matter, expected_version, ["routed_to", "routed_on", "deadline", "state"])
    audit.record(
        actor,
        "citizen_matter.routed",
        matter,
        unit=matter.unit,
        data={"routed_to": matter.routed_to, "routed_on": routed_on, "deadline": matter.deadline},
    )
    return matter


# Where a matter goes when it belongs in the inspection commission's letter book: denunciations
# of Party organisations and members and complaints about Party discipline (spec §8; 296-QĐ/TW).
INSPECTION_BOOK = "Ủy ban Kiểm tra (sổ đơn, thư số %(number)s)"


@transaction.atomic
def forward_to_inspection(
    matter: CitizenMatter,
    *,
    actor: Any,
    forwarded_on: dt.date,
    naming: str,
    expected_version: int | None = None,
) -> Letter:
    """Hand a matter over to the inspection commission: it enters the commission's letter book
    (source "qua tiếp công dân", the petitioner's identity copied into the letter's protected
    sender record, never into audit data) and counts as directed for the reception desk."""
    state = _next_state(matter, "route", expected_version)
    errors: dict[str, str] = {}
    if matter.letter_id is not None:
        errors["state"] = _("Vụ việc đã được chuyển vào sổ đơn, thư của Ủy ban Kiểm tra.")
    if forwarded_on < matter.received_on:
        errors["forwarded_on"] = _("Ngày chuyển không được trước ngày tiếp nhận.")
    _check_date("forwarded_on", forwarded_on, _("Ngày chuyển"), errors)
    if naming not in Letter.Naming.values:
        errors["naming"] = _("Hãy chọn đơn có tên, giấu tên hay mạo tên.")
    petitioner = MatterPetitioner.objects.filter(matter=matter).first()
    if naming == Letter.Naming.CO_TEN and petitioner is None:
        errors["naming"] = _(
            "Đơn có tên cần họ tên người nêu vụ việc: hãy ghi thông tin người nêu vụ việc, "
            "hoặc chọn giấu tên nếu công dân không cho biết."
        )
    if errors:
        raise ValidationError(errors)
    source = Letter.Source.TIEP_DAN if matter.session_id else Letter.Source.TRUC_TIEP
    identity = petitioner if naming != Letter.Naming.GIAU_TEN else None
    letter = receive_letter(
        matter.unit,
        actor=actor,
        received_on=matter.received_on,
        source=source,
        sender_kind=Letter.SenderKind.CONG_DAN,
        naming=naming,
        summary=matter.summary,
        sender_full_name=identity.full_name if identity else "",
        sender_address=identity.address if identity else "",
        sender_phone=identity.phone if identity else "",
    )
    matter.letter = letter
    matter.routed_to = INSPECTION_BOOK % {"number": letter.number}
    matter.routed_on, matter.state = forwarded_on, state
    _save(matter, expected_version, ["letter", "routed_to", "routed_on", "state"])
    audit.record(
        actor,
        "citizen_matter.forwarded",
        matter,
        unit=matter.unit,
        data={"letter": letter.pk, "number": letter.number, "routed_on": forwarded_on},
    )
    return letter


@transaction.atomic
def notify_citizen(
    matter: CitizenMatter,
    *,
    actor: Any,
    notified_on: dt.date,
    expected_version: int | None = None,
) -> CitizenMatter:
    """Record the written notice telling the citizen the matter is handled or transferred."""
    if expected_version is not None and expected_version != matter.version:
        raise conflict()
    errors: dict[str, str] = {}
    if matter.notified_on is not None:
        errors["notified_on"] = _("Đã thông báo cho người gửi ngày %(day)s.") % {
            "day": f"{matter.notified_on:%d/%m/%Y}"
        }
    elif notified_on < matter.received_on:
        errors["notified_on"] = _("Ngày thông báo không được trước ngày tiếp nhận.")
    else:
        _check_date("notified_on", notified_on, _("Ngày thông báo"), errors)
    if matter.state == S.DA_DONG:
        errors["state"] = _("Vụ việc đã kết thúc.")
    if errors:
        raise ValidationError(errors)
    matter.notified_on = notified_on
    _save(matter, expected_version, ["notified_on"])
    audit.record(
        actor,
        "citizen_matter.notified",
        matter,
        unit=matter.unit,
        data={"notified_on": notified_on, "late": notified_on > matter.notice_due_on},
    )
    return matter


@transaction.atomic
def answer_matter(
    matter: CitizenMatter,
    *,
    actor: Any,
    answered_on: dt.date,
    result: str,
    expected_version: int | None = None,
) -> CitizenMatter:
    """Record the answer given to the citizen and the result of the handling."""
    state = _next_state(matter, "answer", expected_version)
    errors: dict[str, str] = {}
    if matter.routed_on is not None and answered_on < matter.routed_on:
        errors["answered_on"] = _("Ngày trả lời không được trước ngày chuyển xử lý.")
    else:
        _check_date("answered_on", answered_on, _("Ngày trả lời"), errors)
    if not result.strip():
        errors["result"] = _("Hãy nhập kết quả giải quyết.")
    if errors:
        raise ValidationError(errors)
    matter.answered_on, matter.result, matter.state = answered_on, result.strip(), state
    _save(matter, expected_version, ["answered_on", "result", "state"])
    audit.record(
        actor,
        "citizen_matter.answered",
        matter,
        unit=matter.unit,
        data={"answered_on": answered_on},
    )
    return matter


@transaction.atomic
def close_matter(
    matter: CitizenMatter, *, actor: Any, expected_version: int | None = None
) -> CitizenMatter:
    """Close an answered matter; it no longer counts as open."""
    matter.state = _next_state(matter, "close", expected_version)
    _save(matter, expected_version, ["state"])
    audit.record(actor, "citizen_matter.closed", matter, unit=matter.unit)
    return matter


def _check_dialogue(
    held_on: dt.date, topic: str, host: str, kind: str, participant_count: int
) -> dict[str, str]:
    errors: dict[str, str] = {}
    _check_date("held_on", held_on, _("Ngày đối thoại"), errors)
    if not topic.strip():
        errors["topic"] = _("Hãy nhập chủ đề đối thoại.")
    if not host.strip():
        errors["host"] = _("Hãy nhập người chủ trì đối thoại.")
    if kind not in Dialogue.Kind.values:
        errors["kind"] = _("Hãy chọn đối thoại định kỳ hay đột xuất.")
    if participant_count < 0:
        errors["participant_count"] = _("Số người tham dự không được âm.")
    return errors


@transaction.atomic
def record_dialogue(
    unit: Unit,
    *,
    actor: Any,
    held_on: dt.date,
    topic: str,
    host: str,
    kind: str,
    participant_count: int = 0,
    commitments: str = "",
) -> Dialogue:
    """Record a direct dialogue of the head of the committee with citizens."""
    errors: dict[str, str] = {}
    _check_committee(unit, errors)
    errors.update(_check_dialogue(held_on, topic, host, kind, participant_count))
    if errors:
        raise ValidationError(errors)
    dialogue = Dialogue.objects.create(
        unit=unit,
        held_on=held_on,
        topic=topic.strip(),
        host=host.strip(),
        kind=kind,
        participant_count=participant_count,
        commitments=commitments.strip(),
    )
    audit.record(
        actor,
        "dialogue.recorded",
        dialogue,
        unit=unit,
        data={"held_on": held_on, "kind": kind, "participants": participant_count},
    )
    return dialogue


@transaction.atomic
def update_dialogue(
    dialogue: Dialogue,
    *,
    actor: Any,
    expected_version: int,
    held_on: dt.date,
    topic: str,
    host: str,
    kind: str,
    participant_count: int = 0,
    commitments: str = "",
) -> Dialogue:
    """Correct a dialogue's day, topic, host, kind, participants or commitments."""
    if expected_version != dialogue.version:
        raise conflict()
    errors = _check_dialogue(held_on, topic, host, kind, participant_count)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(dialogue, DIALOGUE_FIELDS)
    dialogue.held_on, dialogue.topic, dialogue.host = held_on, topic.strip(), host.strip()
    dialogue.kind, dialogue.participant_count = kind, participant_count
    dialogue.commitments = commitments.strip()
    save_versioned(dialogue, expected_version=expected_version, fields=list(DIALOGUE_FIELDS))
    changes = audit.diff(before, audit.snapshot(dialogue, DIALOGUE_FIELDS))
    audit.record(actor, "dialogue.updated", dialogue, unit=dialogue.unit, changes=changes)
    return dialogue
