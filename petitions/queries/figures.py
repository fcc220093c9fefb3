"""Reception figures for a period and the one before it, and the report sentences (spec §9, §13.5).

Counting rules:

- Sessions and dialogues count in the period they were held; visitor turns (lượt) are the sum of
  the visitors recorded per session, not distinct people.
- Matter figures are about the matters received in the period, each as it stands today: directed
  (routed to the competent body), answered, closed, written notice given after its due date, and
  overdue today (no notice past its due date, or no answer past the deadline, and not closed).
  "Tiếp nhận và chỉ đạo giải quyết" is the number received and directed.
- Figures are given for the committee itself and for its subordinate Party committees together
  (only those the reader may see); the change is on `Period.previous()`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.formats import change_count, count
from common.periods import Period
from petitions.models import CitizenMatter, Dialogue, ReceptionSession
from petitions.queries.access import OPEN, answer_late_q, notice_late_q, reception_committees
from units.models import Unit

if TYPE_CHECKING:  # django-stubs-ext is a development tool
    from django_stubs_ext import StrOrPromise

S = CitizenMatter.State

FIGURE_LABELS: dict[str, StrOrPromise] = {
    "sessions": gettext_lazy("Phiên tiếp dân"),
    "visitor_turns": gettext_lazy("Lượt người được tiếp"),
    "matters_received": gettext_lazy("Vụ việc, đơn thư tiếp nhận"),
    "matters_directed": gettext_lazy("Tiếp nhận và chỉ đạo giải quyết"),
    "matters_answered": gettext_lazy("Đã trả lời"),
    "matters_closed": gettext_lazy("Đã kết thúc"),
    "notices_late": gettext_lazy("Thông báo bằng văn bản trễ hạn"),
    "overdue_now": gettext_lazy("Đang quá hạn (tính đến hôm nay)"),
    "dialogues_periodic": gettext_lazy("Cuộc đối thoại định kỳ"),
    "dialogues_adhoc": gettext_lazy("Cuộc đối thoại đột xuất"),
}

# Names of the committee (cấp ủy) of a Party organisation by its administrative unit's kind.
COMMITTEE_NAMES: dict[str, StrOrPromise] = {
    Unit.Kind.PROVINCE: gettext_lazy("Tỉnh ủy"),
    Unit.Kind.CENTRAL_CITY: gettext_lazy("Thành ủy"),
    Unit.Kind.DISTRICT: gettext_lazy("Huyện ủy"),
    Unit.Kind.URBAN_DISTRICT: gettext_lazy("Quận ủy"),
    Unit.Kind.DISTRICT_TOWN: gettext_lazy("Thị ủy"),
    Unit.Kind.PROVINCIAL_CITY: gettext_lazy("Thành ủy"),
}
AREA_NAMES: dict[str, StrOrPromise] = {
    Unit.Kind.PROVINCE: gettext_lazy("tỉnh"),
    Unit.Kind.CENTRAL_CITY: gettext_lazy("thành phố"),
    Unit.Kind.DISTRICT: gettext_lazy("huyện"),
    Unit.Kind.URBAN_DISTRICT: gettext_lazy("quận"),
    Unit.Kind.DISTRICT_TOWN: gettext_lazy("thị xã"),
    Unit.Kind.PROVINCIAL_CITY: gettext_lazy("thành phố"),
    Unit.Kind.COMMUNE: gettext_lazy("xã"),
    Unit.Kind.WARD: gettext_lazy("phường"),
    Unit.Kind.TOWNSHIP: gettext_lazy("thị trấn"),
    Unit.Kind.SPECIAL_ZONE: gettext_lazy("đặc khu"),
}


@dataclass(frozen=True)
class Figures:
    sessions: int = 0
    visitor_turns: int = 0
    matters_received: int = 0
    matters_directed: int = 0
    matters_answered: int = 0
    matters_closed: int = 0
    notices_late: int = 0
    overdue_now: int = 0
    dialogues_periodic: int = 0
    dialogues_adhoc: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def value(self, name: str) -> int:
        return int(getattr(self, name))


FIGURE_NAMES = tuple(f.name for f in fields(Figures))


def figures_for(units: QuerySet[Unit], start: dt.date, end: dt.date, today: dt.date) -> Figures:
    """Every figure for the committees `units` over [start, end], matters as they stand today."""
    sessions = ReceptionSession.objects.filter(
        unit__in=units, held_on__range=(start, end)
    ).aggregate(n=Count("pk"), turns=Sum("visitor_count"))
    matters = CitizenMatter.objects.filter(
        unit__in=units, received_on__range=(start, end)
    ).aggregate(
        received=Count("pk"),
        directed=Count("pk", filter=Q(routed_on__isnull=False)),
        answered=Count("pk", filter=Q(answered_on__isnull=False)),
        closed=Count("pk", filter=Q(state=S.DA_DONG)),
        notices_late=Count(
            "pk", filter=Q(notified_on__isnull=False, notified_on__gt=F("notice_due_on"))
        ),
        overdue=Count("pk", filter=OPEN & (notice_late_q(today) | answer_late_q(today))),
    )
    dialogues = Dialogue.objects.filter(unit__in=units, held_on__range=(start, end)).aggregate(
        periodic=Count("pk", filter=Q(kind=Dialogue.Kind.DINH_KY)),
        adhoc=Count("pk", filter=Q(kind=Dialogue.Kind.DOT_XUAT)),
    )
    return Figures(
        sessions=sessions["n"],
        visitor_turns=sessions["turns"] or 0,
        matters_received=matters["received"],
        matters_directed=matters["directed"],
        matters_answered=matters["answered"],
        matters_closed=matters["closed"],
        notices_late=matters["notices_late"],
        overdue_now=matters["overdue"],
        dialogues_periodic=dialogues["periodic"],
        dialogues_adhoc=dialogues["adhoc"],
    )


@dataclass(frozen=True)
class Comparison:
    current: Figures
    previous: Figures

    def change(self, name: str) -> int:
        return self.current.value(name) - self.previous.value(name)

    def __add__(self, other: Comparison) -> Comparison:
        return Comparison(self.current + other.current, self.previous + other.previous)


@dataclass(frozen=True)
class FigureLine:
    """One row of the figures table: (current, previous, change) for each group."""

    name: str
    label: str
    own: tuple[int, int, int]
    subordinates: tuple[int, int, int]
    total: tuple[int, int, int]


def _triple(comparison: Comparison, name: str) -> tuple[int, int, int]:
    return (
        comparison.current.value(name),
        comparison.previous.value(name),
        comparison.change(name),
    )


def head_title(unit: Unit) -> str:
    """Who holds the reception, as reports name them: "Bí thư Huyện ủy", "Bí thư Đảng ủy xã …"."""
    admin = unit.admin_unit
    if admin is not None and admin.kind in COMMITTEE_NAMES:
        return _("Bí thư %(committee)s") % {"committee": COMMITTEE_NAMES[admin.kind]}
    prefix = "Đảng bộ "
    if unit.name.startswith(prefix):
        return _("Bí thư Đảng ủy %(name)s") % {"name": unit.name.removeprefix(prefix)}
    return _("Bí thư %(name)s") % {"name": unit.name}


def whole_area(unit: Unit) -> str:
    """The committee with everything below it, as reports say it: "Toàn huyện"."""
    admin = unit.admin_unit
    if admin is not None and admin.kind in AREA_NAMES:
        return _("Toàn %(area)s") % {"area": AREA_NAMES[admin.kind]}
    return _("Toàn %(name)s") % {"name": unit.name}


def against(period: Period) -> str:
    """The previous period as it follows "so với": "năm 2020", "quý IV/2022"."""
    label = period.label
    return label[:1].lower() + label[1:]


def reception_sentence(subject: str, figures: Figures) -> str:
    """ "Bí thư Huyện ủy đã tổ chức 38 phiên tiếp dân, với 64 lượt người được tiếp, tiếp nhận và
    chỉ đạo giải quyết 59 đơn thư." """
    if figures.sessions == 0:
        return _("%(subject)s chưa tổ chức phiên tiếp dân nào trong kỳ.") % {"subject": subject}
    return _(
        "%(subject)s đã tổ chức %(sessions)s phiên tiếp dân, với %(turns)s lượt người được tiếp, "
        "tiếp nhận và chỉ đạo giải quyết %(directed)s đơn thư."
    ) % {
        "subject": subject,
        "sessions": count(figures.sessions),
        "turns": count(figures.visitor_turns),
        "directed": count(figures.matters_directed),
    }


def dialogue_sentence(subject: str, comparison: Comparison, previous: Period) -> str:
    """ "Toàn huyện đã tổ chức 36 cuộc đối thoại định kỳ (tăng 18 cuộc so với năm 2020)." """
    now = comparison.current
    change = change_count(comparison.change("dialogues_periodic"), noun=_("cuộc"))
    text = _(
        "%(subject)s đã tổ chức %(periodic)s cuộc đối thoại định kỳ (%(change)s so với %(before)s)"
    ) % {
        "subject": subject,
        "periodic": count(now.dialogues_periodic),
        "change": change,
        "before": against(previous),
    }
    if now.dialogues_adhoc:
        text += _(" và %(adhoc)s cuộc đối thoại đột xuất") % {"adhoc": count(now.dialogues_adhoc)}
    return text + "."


@dataclass(frozen=True)
class ReceptionStatistics:
    unit: Unit
    period: Period
    previous_period: Period
    today: dt.date
    own: Comparison
    subordinates: Comparison
    subordinate_count: int

    @property
    def total(self) -> Comparison:
        return self.own + self.subordinates

    @property
    def lines(self) -> list[FigureLine]:
        return [
            FigureLine(
                name,
                str(FIGURE_LABELS[name]),
                _triple(self.own, name),
                _triple(self.subordinates, name),
                _triple(self.total, name),
            )
            for name in FIGURE_NAMES
        ]

    @property
    def sentences(self) -> list[str]:
        result = [reception_sentence(head_title(self.unit), self.own.current)]
        if self.subordinate_count:
            result.append(reception_sentence(_("Các cấp ủy trực thuộc"), self.subordinates.current))
        result.append(dialogue_sentence(whole_area(self.unit), self.total, self.previous_period))
        return result


def subordinate_committees(unit: Unit, visible: QuerySet[Unit]) -> QuerySet[Unit]:
    """The committees below `unit` that receive citizens and that the reader may see."""
    return reception_committees(
        Unit.objects.within(unit)
        .filter(tree=Unit.Tree.PARTY)
        .exclude(pk=unit.pk)
        .filter(pk__in=visible.values("pk"))
    )


def reception_statistics(
    unit: Unit, period: Period, visible: QuerySet[Unit], *, today: dt.date
) -> ReceptionStatistics:
    """Figures of the committee and of its subordinate committees for the period and the one
    before, with the change."""
    own = Unit.objects.filter(pk=unit.pk)
    below = subordinate_committees(unit, visible)
    previous = period.previous()

    def compare(units: QuerySet[Unit]) -> Comparison:
        return Comparison(
            figures_for(units, period.start, period.end, today),
            figures_for(units, previous.start, previous.end, today),
        )

    return ReceptionStatistics(
        unit=unit,
        period=period,
        previous_period=previous,
        today=today,
        own=compare(own),
        subordinates=compare(below),
        subordinate_count=below.count(),
    )
