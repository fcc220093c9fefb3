"""Changes to inspection and supervision programmes and cases (spec party-oversight.md §3).

Rules chosen here:

- A case's deadline comes from the rule in force on the decision date when a rule key is given
  (e.g. `kiem_tra.thoi_gian.co_quan_tham_muu` with its scope); otherwise it must be given.
- A case moves only through `oversight_machine(is_supervision)`; a refused step is a
  ValidationError carrying the machine's Vietnamese message.
- A conclusion is issued only while the case waits for it (`cho_ket_luan`); issuing it moves
  the case to `da_ket_luan`.
- Recommendations move through the RECOMMENDATION machine; `closed_on` is set when verified.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from common.versioning import conflict, save_versioned
from monitoring.evidence import check_evidence_file
from oversight.models import (
    SUPERVISION_TYPES,
    CaseDocument,
    CaseSubject,
    Conclusion,
    MemberContent,
    OrganisationContent,
    OversightCase,
    OversightProgramme,
    ProgrammeTopic,
    Recommendation,
)
from oversight.rules import NoRuleInForce, add_period, rule_in_force
from oversight.workflow.machines import RECOMMENDATION, TransitionError, oversight_machine
from units.models import Unit

CONCLUDE_ACTION = "ket_luan"


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def create_programme(unit: Unit, year: int, title: str, *, actor: Any) -> OversightProgramme:
    """A draft annual inspection and supervision programme of a Party organisation."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Chương trình phải có tên.")})
    if OversightProgramme.objects.filter(unit=unit, year=year, title=title).exists():
        raise ValidationError({"title": _("Đơn vị đã có chương trình cùng tên trong năm này.")})
    programme = OversightProgramme.objects.create(unit=unit, year=year, title=title)
    audit.record(actor, "oversight_programme.created", programme, unit=unit, data={"year": year})
    return programme


@transaction.atomic
def add_topic(
    programme: OversightProgramme,
    content: str,
    *,
    actor: Any,
    type: str = "",
    planned_subjects: str = "",
    planned_quarter: int | None = None,
    planned_month: int | None = None,
) -> ProgrammeTopic:
    """A planned topic (chuyên đề) of a draft programme."""
    if programme.status != OversightProgramme.Status.DRAFT:
        raise ValidationError(_("Chỉ thêm chuyên đề vào chương trình đang dự thảo."))
    if not content.strip():
        raise ValidationError({"content": _("Chuyên đề phải có nội dung.")})
    if planned_quarter is not None and not 1 <= planned_quarter <= 4:
        raise ValidationError({"planned_quarter": _("Quý phải từ 1 đến 4.")})
    if planned_month is not None and not 1 <= planned_month <= 12:
        raise ValidationError({"planned_month": _("Tháng phải từ 1 đến 12.")})
    topic = ProgrammeTopic.objects.create(
        programme=programme,
        content=content.strip(),
        type=type,
        planned_subjects=planned_subjects,
        planned_quarter=planned_quarter,
        planned_month=planned_month,
    )
    audit.record(
        actor, "oversight_topic.added", topic, unit=programme.unit, data={"programme": programme.pk}
    )
    return topic


@transaction.atomic
def approve_programme(
    programme: OversightProgramme, *, actor: Any, expected_version: int | None = None
) -> OversightProgramme:
    """Approve a draft programme; its topics become the year's planned cases."""
    version = programme.version if expected_version is None else expected_version
    if version != programme.version:
        raise conflict()
    if programme.status != OversightProgramme.Status.DRAFT:
        raise ValidationError(_("Chỉ phê duyệt được chương trình đang dự thảo."))
    programme.status = OversightProgramme.Status.APPROVED
    programme.approved_on = _today()
    save_versioned(programme, expected_version=version, fields=["status", "approved_on"])
    audit.record(actor, "oversight_programme.approved", programme, unit=programme.unit)
    return programme


@transaction.atomic
def open_case(
    unit: Unit,
    *,
    actor: Any,
    title: str,
    type: str,
    performer_kind: str,
    mode: str = OversightCase.Mode.CHU_TRI,
    programme: OversightProgramme | None = None,
    topic: ProgrammeTopic | None = None,
    decision_number: str = "",
    decided_on: dt.date | None = None,
    deadline: dt.date | None = None,
    rule_key: str | None = None,
    rule_scope: str | None = None,
) -> OversightCase:
    """Record a case in its initial state, its deadline given or computed from the rule in force."""
    if type not in OversightCase.Type.values:
        raise ValidationError({"type": _("Loại kiểm tra, giám sát không hợp lệ.")})
    if performer_kind not in OversightCase.SubjectKind.values:
        raise ValidationError({"performer_kind": _("Chủ thể tiến hành không hợp lệ.")})
    if mode not in OversightCase.Mode.values:
        raise ValidationError({"mode": _("Vai trò không hợp lệ.")})
    if performer_kind == OversightCase.SubjectKind.CO_QUAN_THAM_MUU and type in (
        OversightCase.Type.KT_DHVP_TC,
        OversightCase.Type.KT_DHVP_DV,
    ):
        raise ValidationError(
            {
                "performer_kind": _(
                    "Cơ quan tham mưu không được tiến hành kiểm tra khi có dấu hiệu vi phạm."
                )
            }
        )
    if not title.strip():
        raise ValidationError({"title": _("Cuộc kiểm tra, giám sát phải có nội dung.")})
    if topic is not None:
        if programme is None:
            programme = topic.programme
        elif topic.programme_id != programme.pk:
            raise ValidationError({"topic": _("Chuyên đề không thuộc chương trình đã chọn.")})
    if programme is not None and programme.unit_id != unit.pk:
        raise ValidationError({"programme": _("Chương trình không phải của tổ chức đảng này.")})
    rule = None
    if rule_key:
        if decided_on is None:
            raise ValidationError(
                {"decided_on": _("Cần ngày quyết định để tính thời hạn theo quy định.")}
            )
        try:
            rule = rule_in_force(rule_key, decided_on, rule_scope)
            deadline = add_period(decided_on, rule)
        except (NoRuleInForce, ValueError) as error:
            raise ValidationError({"deadline": str(error)}) from error
    if deadline is None:
        raise ValidationError({"deadline": _("Cần nhập thời hạn hoặc chọn quy định để tính.")})
    if decided_on is not None and deadline < decided_on:
        raise ValidationError({"deadline": _("Thời hạn không được trước ngày quyết định.")})
    case = OversightCase.objects.create(
        unit=unit,
        programme=programme,
        topic=topic,
        title=title.strip(),
        type=type,
        performer_kind=performer_kind,
        mode=mode,
        state=oversight_machine(type in SUPERVISION_TYPES).initial,
        decision_number=decision_number,
        decided_on=decided_on,
        deadline=deadline,
    )
    audit.record(
        actor,
        "oversight_case.opened",
        case,
        unit=unit,
        data={
            "type": type,
            "deadline": deadline,
            "rule": {"key": rule.key, "scope": rule.scope, "from": rule.effective_from}
            if rule
            else None,
        },
    )
    return case


@transaction.atomic
def act(
    case: OversightCase,
    action: str,
    *,
    actor: Any,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> OversightCase:
    """Move a case one step through its machine; concluding goes through `issue_conclusion`.

    `expected_version` is the version the person saw: a case changed since then is a conflict.
    """
    if expected_version is not None and expected_version != case.version:
        raise conflict()
    if action == CONCLUDE_ACTION:
        raise ValidationError(_("Hãy ban hành kết luận để kết luận cuộc kiểm tra, giám sát."))
    return _move(case, action, actor=actor, on=on)


def _move(case: OversightCase, action: str, *, actor: Any, on: dt.date | None) -> OversightCase:
    machine = oversight_machine(case.is_supervision)
    try:
        target = machine.next_state(case.state, action)
    except TransitionError as error:
        raise ValidationError(str(error), code="transition") from error
    before = case.state
    case.state = target
    fields = ["state"]
    day = on or _today()
    if target == "tien_hanh" and case.started_on is None:
        case.started_on = day
        fields.append("started_on")
    if target == "da_ket_luan":
        case.concluded_on = day
        fields.append("concluded_on")
    save_versioned(case, expected_version=case.version, fields=fields)
    audit.record(
        actor,
        f"oversight_case.{action}",
        case,
        unit=case.unit,
        changes={"state": [before, target]},
    )
    return case


@transaction.atomic
def add_subject(
    case: OversightCase,
    *,
    actor: Any,
    subject_unit: Unit | None = None,
    full_name: str = "",
    party_cell: Unit | None = None,
    is_committee_member: bool = False,
    party_card_number: str = "",
    content_categories: Sequence[str] = (),
) -> CaseSubject:
    """Add an organisation or a member (name, party cell, card number) as a subject of the case.

    `content_categories` are codes of OrganisationContent for an organisation and of
    MemberContent for a member (the statistics tables count them per target, spec §13.3).
    """
    full_name = full_name.strip()
    party_card_number = party_card_number.strip()
    if (subject_unit is None) == (not full_name):
        raise ValidationError(
            _("Đối tượng là một tổ chức đảng hoặc một đảng viên, không phải cả hai.")
        )
    if oversight_machine(case.is_supervision).is_final(case.state):
        raise ValidationError(_("Cuộc kiểm tra, giám sát đã kết thúc, không thêm đối tượng."))
    if subject_unit is not None and party_card_number:
        raise ValidationError(
            {"party_card_number": _("Số thẻ đảng viên chỉ ghi cho đối tượng là đảng viên.")}
        )
    if party_card_number and not party_card_number.isdigit():
        raise ValidationError({"party_card_number": _("Số thẻ đảng viên chỉ gồm chữ số.")})
    categories = _checked_categories(content_categories, is_organisation=subject_unit is not None)
    subject = CaseSubject.objects.create(
        case=case,
        subject_unit=subject_unit,
        full_name=full_name,
        party_cell=party_cell if subject_unit is None else None,
        is_committee_member=is_committee_member if subject_unit is None else False,
        party_card_number=party_card_number,
        content_categories=categories,
    )
    audit.record(
        actor,
        "oversight_subject.added",
        subject,
        unit=case.unit,
        data={"case": case.pk, "kind": "to_chuc_dang" if subject_unit else "dang_vien"},
    )
    return subject


@transaction.atomic
def issue_conclusion(
    case: OversightCase,
    *,
    actor: Any,
    issued_on: dt.date,
    strengths: str = "",
    shortcomings: str = "",
    violations: str = "",
    violation_categories: Sequence[str] = (),
    discipline_required: bool = False,
    expected_version: int | None = None,
    subject_results: Mapping[int, tuple[bool, bool]] | None = None,
) -> Conclusion:
    """Issue the conclusion of a case waiting for it; the case becomes concluded.

    `subject_results` maps a subject's id to (has_violation, discipline_required), recorded with
    the conclusion in the same transaction.
    """
    if expected_version is not None and expected_version != case.version:
        raise conflict()
    machine = oversight_machine(case.is_supervision)
    if not machine.can(case.state, CONCLUDE_ACTION):
        try:
            machine.next_state(case.state, CONCLUDE_ACTION)
        except TransitionError as error:
            raise ValidationError(str(error), code="transition") from error
    if Conclusion.objects.filter(case=case).exists():
        raise ValidationError(_("Cuộc kiểm tra, giám sát này đã có kết luận."))
    if case.decided_on is not None and issued_on < case.decided_on:
        raise ValidationError({"issued_on": _("Ngày kết luận không được trước ngày quyết định.")})
    conclusion = Conclusion.objects.create(
        case=case,
        strengths=strengths,
        shortcomings=shortcomings,
        violations=violations,
        violation_categories=list(violation_categories),
        discipline_required=discipline_required,
        issued_on=issued_on,
    )
    audit.record(
        actor,
        "oversight_conclusion.issued",
        conclusion,
        unit=case.unit,
        data={"case": case.pk, "discipline_required": discipline_required},
    )
    _move(case, CONCLUDE_ACTION, actor=actor, on=issued_on)
    for subject in case.subjects.filter(pk__in=list(subject_results or {})):
        has_violation, subject_discipline = (subject_results or {})[subject.pk]
        subject.case = case
        record_subject_result(
            subject,
            actor=actor,
            has_violation=has_violation,
            discipline_required=subject_discipline,
        )
    return conclusion


@transaction.atomic
def add_recommendation(
    case: OversightCase, text: str, owner_unit: Unit, deadline: dt.date, *, actor: Any
) -> Recommendation:
    """A recommendation of a concluded case, to be carried out by `owner_unit` by `deadline`."""
    if not Conclusion.objects.filter(case=case).exists():
        raise ValidationError(_("Chỉ thêm kiến nghị sau khi đã có kết luận."))
    if case.state not in ("da_ket_luan", "theo_doi_thuc_hien"):
        raise ValidationError(_("Cuộc kiểm tra, giám sát đã kết thúc, không thêm kiến nghị."))
    if not text.strip():
        raise ValidationError({"text": _("Kiến nghị phải có nội dung.")})
    recommendation = Recommendation.objects.create(
        case=case,
        text=text.strip(),
        owner_unit=owner_unit,
        deadline=deadline,
        state=RECOMMENDATION.initial,
    )
    audit.record(
        actor,
        "oversight_recommendation.added",
        recommendation,
        unit=case.unit,
        data={"case": case.pk, "owner_unit": owner_unit, "deadline": deadline},
    )
    return recommendation


@transaction.atomic
def act_on_recommendation(
    recommendation: Recommendation,
    action: str,
    *,
    actor: Any,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Recommendation:
    """Move a recommendation through its follow-up; verification closes it."""
    if expected_version is not None and expected_version != recommendation.version:
        raise conflict()
    try:
        target = RECOMMENDATION.next_state(recommendation.state, action)
    except TransitionError as error:
        raise ValidationError(str(error), code="transition") from error
    before = recommendation.state
    recommendation.state = target
    fields = ["state"]
    if RECOMMENDATION.is_final(target):
        recommendation.closed_on = on or _today()
        fields.append("closed_on")
    save_versioned(recommendation, expected_version=recommendation.version, fields=fields)
    audit.record(
        actor,
        f"oversight_recommendation.{action}",
        recommendation,
        unit=recommendation.case.unit,
        changes={"state": [before, target]},
    )
    return recommendation


def _checked_categories(codes: Sequence[str], *, is_organisation: bool) -> list[str]:
    """Content codes of the subject's kind (spec §13.3), each once, in the enumeration's order."""
    enumeration = OrganisationContent if is_organisation else MemberContent
    unknown = [code for code in codes if code not in enumeration.values]
    if unknown:
        raise ValidationError(
            {
                "content_categories": _(
                    "Nội dung “%(codes)s” không dùng cho đối tượng là %(kind)s."
                )
                % {
                    "codes": ", ".join(unknown),
                    "kind": _("tổ chức đảng") if is_organisation else _("đảng viên"),
                }
            }
        )
    return [code for code in enumeration.values if code in codes]


RESULT_STATES = frozenset({"cho_ket_luan", "da_ket_luan", "theo_doi_thuc_hien"})


@transaction.atomic
def record_subject_result(
    subject: CaseSubject,
    *,
    actor: Any,
    has_violation: bool,
    discipline_required: bool,
    content_categories: Sequence[str] | None = None,
    expected_version: int | None = None,
) -> CaseSubject:
    """Record what the conclusion found for one subject: violation, discipline, contents.

    The result is part of the case file, so it is saved under the case's version: a result
    recorded on a stale page is a conflict, never a lost edit.
    """
    case = subject.case
    if case.state not in RESULT_STATES:
        raise ValidationError(
            _("Chỉ ghi kết quả đối với từng đối tượng khi trình kết luận hoặc sau khi kết luận.")
        )
    if discipline_required and not has_violation:
        raise ValidationError(
            {"discipline_required": _("Chỉ phải thi hành kỷ luật khi kết luận có vi phạm.")}
        )
    categories = (
        subject.content_categories
        if content_categories is None
        else _checked_categories(content_categories, is_organisation=subject.is_organisation)
    )
    version = case.version if expected_version is None else expected_version
    save_versioned(case, expected_version=version, fields=[])
    before = {
        "has_violation": subject.has_violation,
        "discipline_required": subject.discipline_required,
        "content_categories": subject.content_categories,
    }
    subject.has_violation = has_violation
    subject.discipline_required = discipline_required
    subject.content_categories = categories
    subject.save(update_fields=["has_violation", "discipline_required", "content_categories"])
    after = {
        "has_violation": has_violation,
        "discipline_required": discipline_required,
        "content_categories": categories,
    }
    audit.record(
        actor,
        "oversight_subject.result_recorded",
        subject,
        unit=case.unit,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        data={"case": case.pk},
    )
    return subject


@transaction.atomic
def add_document(
    case: OversightCase,
    *,
    actor: Any,
    step: str,
    kind: str,
    title: str,
    number: str = "",
    issued_on: dt.date | None = None,
    upload: UploadedFile | None = None,
) -> CaseDocument:
    """File a document (decision, plan, report, minutes, notice) under one step of the case."""
    if step not in CaseDocument.Step.values:
        raise ValidationError({"step": _("Bước không hợp lệ.")})
    if kind not in CaseDocument.Kind.values:
        raise ValidationError({"kind": _("Loại tài liệu không hợp lệ.")})
    if not title.strip():
        raise ValidationError({"title": _("Tài liệu phải có trích yếu.")})
    if issued_on is not None and issued_on > _today():
        raise ValidationError({"issued_on": _("Ngày của tài liệu không được sau hôm nay.")})
    if upload is not None:
        check_evidence_file(upload)
    document = CaseDocument.objects.create(
        case=case,
        step=step,
        kind=kind,
        title=title.strip(),
        number=number.strip(),
        issued_on=issued_on,
        file=upload,
    )
    audit.record(
        actor,
        "oversight_document.added",
        document,
        unit=case.unit,
        data={
            "case": case.pk,
            "step": step,
            "file": document.file.name if document.file else "",
            "size": upload.size if upload is not None else None,
        },
    )
    return document


@transaction.atomic
def record_case_read(
    case: OversightCase, *, actor: Any, document: CaseDocument | None = None, page: str = ""
) -> None:
    """Note that someone read the case file (its page, its history or one of its documents)."""
    data: dict[str, Any] = {}
    if document is not None:
        data = {"document": document.pk, "title": document.title}
    if page:
        data["page"] = page
    audit.record(actor, "oversight_case.viewed", case, unit=case.unit, data=data)
