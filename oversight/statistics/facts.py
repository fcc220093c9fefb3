"""What the statistics count, read from the database as plain rows (spec party-oversight.md §13).

Every loader takes the chosen Party organisation and a date window and returns frozen
dataclasses; the tables in `tables.py` never touch the database. The scope is the organisation
and every unit below it by path prefix, including units closed since (historic periods).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Q

from oversight.models import (
    CaseSubject,
    Denunciation,
    DisciplineComplaint,
    DisciplineDecision,
    Letter,
    subject_identity,
)
from units.models import Unit

# States of a case that are not (yet) an activity: only planned, or cancelled.
NOT_COUNTED_STATES = ("du_kien", "huy")

Identity = tuple[str, object]


@dataclass(frozen=True)
class SubjectFact:
    """One (case, subject) pair: one "lượt"."""

    case_id: int
    unit_path: str
    type: str
    performer_kind: str
    mode: str
    finance_subject: str
    activity_on: dt.date | None  # started_on, else decided_on
    concluded_on: dt.date | None
    is_organisation: bool
    identity: Identity
    is_committee_member: bool
    content_categories: frozenset[str]
    has_violation: bool
    discipline_required: bool


@dataclass(frozen=True)
class DecisionFact:
    """One discipline decision: one count (spec §13.4)."""

    unit_path: str
    decided_on: dt.date
    form: str
    body_kind: str
    is_organisation: bool
    is_committee_member: bool
    identity: Identity


@dataclass(frozen=True)
class DenunciationFact:
    unit_path: str
    received_on: dt.date
    concluded_on: dt.date | None
    is_organisation: bool
    identity: Identity
    is_committee_member: bool
    content_categories: frozenset[str]
    result: str
    has_violation: bool
    discipline_required: bool


@dataclass(frozen=True)
class ComplaintFact:
    unit_path: str  # the unit that decided the original discipline
    filed_on: dt.date
    decided_on: dt.date | None
    is_organisation: bool
    body_kind: str  # who decided the original discipline
    result: str
    content: str


@dataclass(frozen=True)
class LetterFact:
    unit_path: str
    received_on: dt.date
    kind: str
    sender_kind: str
    naming: str
    handling: str
    accused_level: str


@dataclass(frozen=True)
class Facts:
    subjects: tuple[SubjectFact, ...] = ()
    decisions: tuple[DecisionFact, ...] = ()
    denunciations: tuple[DenunciationFact, ...] = ()
    complaints: tuple[ComplaintFact, ...] = ()
    letters: tuple[LetterFact, ...] = ()


def _between(field: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def load_subject_facts(root: Unit, start: dt.date, end: dt.date) -> list[SubjectFact]:
    """Case subjects of cases in scope started or concluded in [start, end]."""
    rows = (
        CaseSubject.objects.filter(case__unit__path__startswith=root.path)
        .exclude(case__state__in=NOT_COUNTED_STATES)
        .filter(
            _between("case__started_on", start, end)
            | (Q(case__started_on__isnull=True) & _between("case__decided_on", start, end))
            | _between("case__concluded_on", start, end)
        )
        .values(
            "case_id",
            "case__unit__path",
            "case__type",
            "case__performer_kind",
            "case__mode",
            "case__finance_subject",
            "case__started_on",
            "case__decided_on",
            "case__concluded_on",
            "subject_unit_id",
            "full_name",
            "party_cell_id",
            "party_card_number",
            "is_committee_member",
            "content_categories",
            "has_violation",
            "discipline_required",
        )
        .order_by("case_id", "pk")
    )
    # A subject listed twice in one case is still one "lượt" (spec §13.4): merge the rows.
    merged: dict[tuple[int, Identity], SubjectFact] = {}
    for row in rows:
        identity = subject_identity(
            row["subject_unit_id"], row["full_name"], row["party_cell_id"], row["party_card_number"]
        )
        fact = SubjectFact(
            case_id=row["case_id"],
            unit_path=row["case__unit__path"],
            type=row["case__type"],
            performer_kind=row["case__performer_kind"],
            mode=row["case__mode"],
            finance_subject=row["case__finance_subject"],
            activity_on=row["case__started_on"] or row["case__decided_on"],
            concluded_on=row["case__concluded_on"],
            is_organisation=row["subject_unit_id"] is not None,
            identity=identity,
            is_committee_member=row["is_committee_member"],
            content_categories=frozenset(row["content_categories"] or ()),
            has_violation=row["has_violation"],
            discipline_required=row["discipline_required"],
        )
        key = (fact.case_id, identity)
        earlier = merged.get(key)
        if earlier is not None:
            fact = replace(
                earlier,
                is_committee_member=earlier.is_committee_member or fact.is_committee_member,
                content_categories=earlier.content_categories | fact.content_categories,
                has_violation=earlier.has_violation or fact.has_violation,
                discipline_required=earlier.discipline_required or fact.discipline_required,
            )
        merged[key] = fact
    return list(merged.values())


def load_decision_facts(root: Unit, start: dt.date, end: dt.date) -> list[DecisionFact]:
    """Discipline decisions of cases in scope decided in [start, end], changed ones included."""
    rows = (
        DisciplineDecision.objects.filter(discipline_case__unit__path__startswith=root.path)
        .filter(_between("decided_on", start, end))
        .values(
            "discipline_case__unit__path",
            "decided_on",
            "form",
            "body_kind",
            "discipline_case__subject_unit_id",
            "discipline_case__full_name",
            "discipline_case__party_cell_id",
            "discipline_case__party_card_number",
            "discipline_case__is_committee_member",
        )
        .order_by("decided_on", "pk")
    )
    return [
        DecisionFact(
            unit_path=row["discipline_case__unit__path"],
            decided_on=row["decided_on"],
            form=row["form"],
            body_kind=row["body_kind"],
            is_organisation=row["discipline_case__subject_unit_id"] is not None,
            is_committee_member=row["discipline_case__is_committee_member"],
            identity=subject_identity(
                row["discipline_case__subject_unit_id"],
                row["discipline_case__full_name"],
                row["discipline_case__party_cell_id"],
                row["discipline_case__party_card_number"],
            ),
        )
        for row in rows
    ]


def load_denunciation_facts(root: Unit, start: dt.date, end: dt.date) -> list[DenunciationFact]:
    """Denunciations handled in scope, received or concluded in [start, end]."""
    rows = (
        Denunciation.objects.filter(unit__path__startswith=root.path)
        .filter(_between("received_on", start, end) | _between("concluded_on", start, end))
        .values(
            "unit__path",
            "received_on",
            "concluded_on",
            "accused_unit_id",
            "accused_name",
            "accused_party_cell_id",
            "accused_is_committee_member",
            "content_categories",
            "result",
            "has_violation",
            "discipline_required",
        )
        .order_by("received_on", "pk")
    )
    return [
        DenunciationFact(
            unit_path=row["unit__path"],
            received_on=row["received_on"],
            concluded_on=row["concluded_on"],
            is_organisation=row["accused_unit_id"] is not None,
            identity=subject_identity(
                row["accused_unit_id"], row["accused_name"], row["accused_party_cell_id"]
            ),
            is_committee_member=row["accused_is_committee_member"],
            content_categories=frozenset(row["content_categories"] or ()),
            result=row["result"],
            has_violation=row["has_violation"],
            discipline_required=row["discipline_required"],
        )
        for row in rows
    ]


def load_complaint_facts(root: Unit, start: dt.date, end: dt.date) -> list[ComplaintFact]:
    """Complaints about decisions of units in scope, filed or resolved in [start, end]."""
    rows = (
        DisciplineComplaint.objects.filter(
            decision__discipline_case__unit__path__startswith=root.path
        )
        .filter(_between("filed_on", start, end) | _between("decided_on", start, end))
        .values(
            "decision__discipline_case__unit__path",
            "filed_on",
            "decided_on",
            "decision__discipline_case__subject_unit_id",
            "decision__body_kind",
            "result",
            "content",
        )
        .order_by("filed_on", "pk")
    )
    return [
        ComplaintFact(
            unit_path=row["decision__discipline_case__unit__path"],
            filed_on=row["filed_on"],
            decided_on=row["decided_on"],
            is_organisation=row["decision__discipline_case__subject_unit_id"] is not None,
            body_kind=row["decision__body_kind"],
            result=row["result"],
            content=row["content"],
        )
        for row in rows
    ]


def load_letter_facts(root: Unit, start: dt.date, end: dt.date) -> list[LetterFact]:
    """Letters received in scope in [start, end]."""
    rows = (
        Letter.objects.filter(unit__path__startswith=root.path)
        .filter(_between("received_on", start, end))
        .values(
            "unit__path",
            "received_on",
            "kind",
            "sender_kind",
            "naming",
            "handling",
            "accused_level",
        )
        .order_by("received_on", "pk")
    )
    return [
        LetterFact(
            unit_path=row["unit__path"],
            received_on=row["received_on"],
            kind=row["kind"],
            sender_kind=row["sender_kind"],
            naming=row["naming"],
            handling=row["handling"],
            accused_level=row["accused_level"],
        )
        for row in rows
    ]


def load_facts(root: Unit, start: dt.date, end: dt.date) -> Facts:
    """Everything the statistics of `root` count for [start, end]."""
    return Facts(
        subjects=tuple(load_subject_facts(root, start, end)),
        decisions=tuple(load_decision_facts(root, start, end)),
        denunciations=tuple(load_denunciation_facts(root, start, end)),
        complaints=tuple(load_complaint_facts(root, start, end)),
        letters=tuple(load_letter_facts(root, start, end)),
    )
