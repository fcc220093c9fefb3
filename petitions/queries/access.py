"""Who sees which sessions, matters and dialogues; deadlines of matters; the audited reads of
citizens' personal data.

Reception records are seen where the user holds accounts.view_reception on the Party committee,
written where the user holds accounts.manage_reception; anything else answers 404 (STYLE §6).
Names, addresses and phones of citizens are read only through `visitors_of` and `petitioner_of`,
which check accounts.view_citizen_personal_data on the unit and write an audit row each time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.queries import units_visible_to
from audit import services as audit
from petitions.models import (
    CitizenMatter,
    Dialogue,
    MatterPetitioner,
    ReceptionSession,
    ReceptionVisitor,
)
from units.models import Unit

VIEW_PERM = "accounts.view_reception"
MANAGE_PERM = "accounts.manage_reception"
PERSONAL_DATA_PERM = "accounts.view_citizen_personal_data"
OPEN = ~Q(state=CitizenMatter.State.DA_DONG)


def require_reception(user: Any) -> None:
    """404 for anyone without a reception role anywhere: the pages' existence does not leak."""
    if not user.is_superuser and not user.has_perm(VIEW_PERM):
        raise Http404


def committees_for(user: Any, perm: str = VIEW_PERM) -> QuerySet[Unit]:
    """Party committees where the user holds `perm` (reading by default)."""
    return units_visible_to(user, perm).filter(tree=Unit.Tree.PARTY)


# Committees whose heads receive citizens under QĐ 11-QĐi/TW: the territorial ones.
TERRITORIAL_KINDS = (Unit.Kind.PARTY_PROVINCE, Unit.Kind.PARTY_DISTRICT, Unit.Kind.PARTY_COMMUNE)


def reception_committees(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Of `units`, the territorial committees and any other that recorded reception work, so
    choosers and subordinate totals are not padded with cells that never receive citizens."""
    recorded = (
        Exists(ReceptionSession.objects.filter(unit=OuterRef("pk")))
        | Exists(Dialogue.objects.filter(unit=OuterRef("pk")))
        | Exists(CitizenMatter.objects.filter(unit=OuterRef("pk")))
    )
    return units.filter(Q(kind__in=TERRITORIAL_KINDS) | recorded)


def _check_action(user: Any, obj: Any, action: str) -> None:
    if action not in ("view", "manage"):
        raise ValueError(f"Thao tác không hợp lệ: {action!r}")
    if action == "manage" and not user.has_perm(MANAGE_PERM, obj):
        raise PermissionDenied


def sessions_for_user(user: Any) -> QuerySet[ReceptionSession]:
    """Reception sessions of the committees in the user's reading scope, newest first."""
    return (
        ReceptionSession.objects.filter(unit__in=committees_for(user))
        .select_related("unit")
        .order_by("-held_on", "-pk")
    )


def get_session_for_user(user: Any, session_id: int, action: str = "view") -> ReceptionSession:
    """One session: 404 outside the user's scope, 403 without the capability asked for."""
    visible = ReceptionSession.objects.filter(unit__in=committees_for(user)).select_related("unit")
    session = get_object_or_404(visible, pk=session_id)
    _check_action(user, session, action)
    return session


def matters_for_user(user: Any) -> QuerySet[CitizenMatter]:
    """Citizens' matters received by the committees in the user's reading scope, newest first."""
    return (
        CitizenMatter.objects.filter(unit__in=committees_for(user))
        .select_related("unit", "session")
        .order_by("-received_on", "-pk")
    )


def get_matter_for_user(user: Any, matter_id: int, action: str = "view") -> CitizenMatter:
    """One matter: 404 outside the user's scope, 403 without the capability asked for."""
    matter = get_object_or_404(matters_for_user(user), pk=matter_id)
    _check_action(user, matter, action)
    return matter


def dialogues_for_user(user: Any) -> QuerySet[Dialogue]:
    """Dialogues of the committees in the user's reading scope, newest first."""
    return (
        Dialogue.objects.filter(unit__in=committees_for(user))
        .select_related("unit")
        .order_by("-held_on", "-pk")
    )


def get_dialogue_for_user(user: Any, dialogue_id: int, action: str = "view") -> Dialogue:
    """One dialogue: 404 outside the user's scope, 403 without the capability asked for."""
    dialogue = get_object_or_404(dialogues_for_user(user), pk=dialogue_id)
    _check_action(user, dialogue, action)
    return dialogue


# --- deadlines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueStatus:
    """Where one time limit of a matter stands: done on time or late, or open and how long."""

    due_on: dt.date
    done_on: dt.date | None
    today: dt.date

    @property
    def is_late(self) -> bool:
        if self.done_on is not None:
            return self.done_on > self.due_on
        return self.today > self.due_on

    @property
    def days_late(self) -> int:
        """Calendar days past the due date (on the day done, or today while open)."""
        if not self.is_late:
            return 0
        return ((self.done_on or self.today) - self.due_on).days

    @property
    def days_left(self) -> int:
        return max((self.due_on - self.today).days, 0) if self.done_on is None else 0

    @property
    def label(self) -> str:
        if self.done_on is not None:
            if self.is_late:
                return _("Trễ %(days)s ngày") % {"days": self.days_late}
            return _("Đúng hạn")
        if self.is_late:
            return _("Quá hạn %(days)s ngày") % {"days": self.days_late}
        if self.days_left == 0:
            return _("Đến hạn hôm nay")
        return _("Còn %(days)s ngày") % {"days": self.days_left}

    @property
    def css(self) -> str:
        """A class for the badge: late in red, done on time in green."""
        if self.is_late:
            return "st-chua_dat"
        return "st-dat" if self.done_on is not None else ""


def notice_status(matter: CitizenMatter, today: dt.date) -> DueStatus:
    """The written notice against its due date (QĐ 11: 10 working days after receipt)."""
    return DueStatus(matter.notice_due_on, matter.notified_on, today)


def answer_status(matter: CitizenMatter, today: dt.date) -> DueStatus | None:
    """The answer against the deadline set when directing the matter (None without one)."""
    if matter.deadline is None:
        return None
    return DueStatus(matter.deadline, matter.answered_on, today)


def notice_late_q(on: dt.date) -> Q:
    """No written notice and the due date passed before `on`."""
    return Q(notified_on__isnull=True, notice_due_on__lt=on)


def answer_late_q(on: dt.date) -> Q:
    """No answer and the resolution deadline passed before `on`."""
    return Q(answered_on__isnull=True, deadline__lt=on)


def overdue_matters(units: QuerySet[Unit], on: dt.date) -> QuerySet[CitizenMatter]:
    """Open matters whose written notice or answer is late on `on`."""
    return (
        CitizenMatter.objects.filter(unit__in=units)
        .filter(OPEN)
        .filter(notice_late_q(on) | answer_late_q(on))
        .select_related("unit")
        .order_by("notice_due_on", "pk")
    )


def overdue_only(matters: QuerySet[CitizenMatter], on: dt.date) -> QuerySet[CitizenMatter]:
    """The open matters among `matters` whose written notice or answer is late on `on`."""
    return matters.filter(OPEN).filter(notice_late_q(on) | answer_late_q(on))


def notice_overdue(matters: QuerySet[CitizenMatter], on: dt.date) -> QuerySet[CitizenMatter]:
    """Open matters still waiting for their written notice past its due date, oldest first."""
    return matters.filter(OPEN).filter(notice_late_q(on)).order_by("notice_due_on", "pk")


def answer_overdue(matters: QuerySet[CitizenMatter], on: dt.date) -> QuerySet[CitizenMatter]:
    """Open matters not answered by their deadline, oldest first."""
    return matters.filter(OPEN).filter(answer_late_q(on)).order_by("deadline", "pk")


# --- personal data ---------------------------------------------------------------------------


@transaction.atomic
def visitors_of(user: Any, session: ReceptionSession) -> list[ReceptionVisitor]:
    """Names and addresses of the citizens received, for holders of the permission; audited."""
    if not user.has_perm(PERSONAL_DATA_PERM, session):
        raise PermissionDenied
    visitors = list(session.visitors.all())
    audit.record(
        user,
        "reception_visitor.viewed",
        session,
        unit=session.unit,
        data={"count": len(visitors)},
    )
    return visitors


@transaction.atomic
def petitioner_of(user: Any, matter: CitizenMatter) -> MatterPetitioner | None:
    """Who raised the matter, for holders of the permission on its unit; every read audited.

    None when nobody was recorded. Raises PermissionDenied for everyone else.
    """
    if not user.has_perm(PERSONAL_DATA_PERM, matter):
        raise PermissionDenied
    petitioner = MatterPetitioner.objects.filter(matter=matter).first()
    audit.record(
        user,
        "citizen_matter.petitioner_viewed",
        matter,
        unit=matter.unit,
        data={"recorded": petitioner is not None},
    )
    return petitioner
