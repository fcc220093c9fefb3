"""Citizen reception, citizens' matters and dialogues for the demo district (issue 6, part 6),
read from demo/data/reception.yaml and written through the petitions services.

The data file lists the 2023 sessions of the district secretary one by one (visitor turns and
matters raised at each), a schedule for the other years, the dialogues per year and the current
commune's recent reception days. It never gives a total: demo/tests/test_demo_community.py checks
that the figures counted from the records give the seed sentences back.

The current commune's sessions and its three open matters are dated from the day the demo is
built, so the monthly obligation and the overdue list always have something to show.

Idempotent: when the district committee has any reception session, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.utils import timezone

from demo.oversight import names
from oversight.rules import load_rules
from petitions import services
from petitions.models import CitizenMatter, ReceptionSession
from units.models import Unit

if TYPE_CHECKING:
    from demo.services import DemoSummary

ACTOR = "demo"
DATA_FILE = Path(__file__).resolve().parent / "data" / "reception.yaml"
ROUTED_AFTER = dt.timedelta(days=2)
NOTIFIED_AFTER = dt.timedelta(days=4)
ANSWERED_AFTER = dt.timedelta(days=20)
# The deadline the secretary sets when directing a matter (not a legal time limit).
DEADLINE_AFTER = dt.timedelta(days=30)
# Names already used for Party members in the oversight demo are skipped.
FIRST_CITIZEN_NAME = 600


def load_reception_spec() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _valid_in(unit: Unit, year: int) -> bool:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (unit.valid_from is None or unit.valid_from <= start) and (
        unit.valid_to is None or unit.valid_to >= end
    )


class _Matters:
    """Hands out kinds, summaries, routing bodies and results in turn, so every run is the same."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.kinds = cycle(spec["kinds"])
        self.summaries = {kind: cycle(items) for kind, items in spec["summaries"].items()}
        self.routing = {kind: cycle(items) for kind, items in spec["routing"].items()}
        self.results = cycle(spec["results"])

    def receive(
        self, unit: Unit, received_on: dt.date, session: ReceptionSession | None
    ) -> CitizenMatter:
        kind = next(self.kinds)
        return services.receive_matter(
            unit,
            actor=ACTOR,
            received_on=received_on,
            kind=kind,
            summary=next(self.summaries[kind]),
            session=session,
        )

    def route(self, matter: CitizenMatter) -> CitizenMatter:
        routed_on = matter.received_on + ROUTED_AFTER
        return services.route_matter(
            matter,
            actor=ACTOR,
            routed_to=next(self.routing[matter.kind]),
            routed_on=routed_on,
            deadline=routed_on + DEADLINE_AFTER,
        )

    def settle(self, matter: CitizenMatter, *, late_notice: bool = False) -> None:
        """Route, notify (on time unless `late_notice`), answer and close the matter."""
        self.route(matter)
        notified_on = matter.received_on + NOTIFIED_AFTER
        if late_notice:
            notified_on = matter.notice_due_on + dt.timedelta(days=3)
        services.notify_citizen(matter, actor=ACTOR, notified_on=notified_on)
        assert matter.routed_on is not None
        services.answer_matter(
            matter,
            actor=ACTOR,
            answered_on=matter.routed_on + ANSWERED_AFTER,
            result=next(self.results),
        )
        services.close_matter(matter, actor=ACTOR)


def _session(
    unit: Unit, spec: dict[str, Any], held_on: dt.date, kind: str, host_role: str, visitors: int
) -> ReceptionSession:
    return services.record_session(
        unit,
        actor=ACTOR,
        host_name=spec["delegate"] if host_role == "uy_quyen" else spec["host"],
        host_role=host_role,
        held_on=held_on,
        kind=kind,
        place=spec["place"],
        visitor_count=visitors,
    )


def _build_district_year_2023(district: Unit, spec: dict[str, Any], matters: _Matters) -> None:
    late = set(spec["late_notices_2023"])
    position = 0
    for held_on, kind, host_role, visitors, raised in spec["sessions_2023"]:
        session = _session(district, spec, held_on, kind, host_role, visitors)
        for _ in range(raised):
            position += 1
            matters.settle(
                matters.receive(district, held_on, session), late_notice=position in late
            )


def _scheduled_days(schedule: dict[str, Any]) -> Iterator[tuple[dt.date, str]]:
    year = schedule["year"]
    for month in range(1, schedule.get("last_month", 12) + 1):
        if month not in schedule["missed_months"]:
            yield weekday_on_or_after(dt.date(year, month, 8)), ReceptionSession.Kind.DINH_KY
        if month in schedule["second_day_months"]:
            yield weekday_on_or_after(dt.date(year, month, 22)), ReceptionSession.Kind.DINH_KY
        if month in schedule["adhoc_months"]:
            yield weekday_on_or_after(dt.date(year, month, 15)), ReceptionSession.Kind.DOT_XUAT


def _build_district_schedules(district: Unit, spec: dict[str, Any], matters: _Matters) -> None:
    for schedule in spec["schedules"]:
        for held_on, kind in _scheduled_days(schedule):
            session = _session(district, spec, held_on, kind, "bi_thu", 1)
            matters.settle(matters.receive(district, held_on, session))


def _months(first: dt.date, today: dt.date) -> Iterator[dt.date]:
    """The first day of each month from `first` to the month before today's."""
    month = first
    while (month.year, month.month) < (today.year, today.month):
        yield month
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _build_commune(spec: dict[str, Any], matters: _Matters, people: Iterator[str]) -> None:
    """Recent reception days of the current commune committee, dated from today."""
    commune_spec = spec["commune"]
    party = Unit.objects.get(key=commune_spec["party"])
    today = timezone.localdate()
    first = dt.datetime.strptime(commune_spec["first_month"], "%Y-%m").date()  # noqa: DTZ007
    months = list(_months(first, today))
    short_month = months[-2] if len(months) > 1 else None
    days: list[dt.date] = []
    for month in months:
        days.append(weekday_on_or_after(month.replace(day=8)))
        if month != short_month:
            days.append(weekday_on_or_after(month.replace(day=22)))
    this_month = weekday_on_or_after(today.replace(day=8))
    if this_month <= today and this_month.month == today.month:
        days.append(this_month)
    villages = cycle(commune_spec["villages"])
    named = commune_spec["visitors_named"]
    for held_on in days:
        session = services.record_session(
            party,
            actor=ACTOR,
            host_name=commune_spec["host"],
            host_role=ReceptionSession.HostRole.BI_THU,
            held_on=held_on,
            kind=ReceptionSession.Kind.DINH_KY,
            place=commune_spec["place"],
            visitor_count=named,
        )
        for full_name in islice(people, named):
            services.add_visitor(
                session,
                actor=ACTOR,
                full_name=full_name,
                address=f"{next(villages).capitalize()}, xã Bình Lục, tỉnh Ninh Bình",
            )
        if held_on <= today - dt.timedelta(days=60):
            matters.settle(matters.receive(party, held_on, session))
    # Three matters still open: new, written notice overdue, answer overdue.
    matters.receive(party, today - dt.timedelta(days=2), None)
    matters.receive(party, today - dt.timedelta(days=30), None)
    late = matters.route(matters.receive(party, today - dt.timedelta(days=45), None))
    services.notify_citizen(late, actor=ACTOR, notified_on=late.received_on + NOTIFIED_AFTER)


def _build_dialogues(district: Unit, spec: dict[str, Any], host: str) -> None:
    communes = [
        unit
        for unit in Unit.objects.filter(parent=district, kind=Unit.Kind.PARTY_COMMUNE).order_by(
            "name", "pk"
        )
    ]
    topics = cycle(spec["commune_dialogue_topics"])
    participants = cycle(range(40, 140, 13))
    for year_spec in spec["dialogues"]:
        year = year_spec["year"]
        planned: list[tuple[Unit, str, str, str]] = [
            (district, topic, host, "dinh_ky") for topic in year_spec["district_topics"]
        ]
        planned += [
            (district, topic, host, "dot_xuat")
            for topic in year_spec.get("adhoc_district_topics", [])
        ]
        for commune in communes:
            if _valid_in(commune, year):
                head = "Bí thư Đảng ủy " + commune.name.removeprefix("Đảng bộ ")
                planned += [
                    (commune, next(topics), head, "dinh_ky")
                    for _ in range(year_spec["per_commune"])
                ]
        for index, (unit, topic, leader, kind) in enumerate(planned):
            month = 3 + (index * 5) % 9
            services.record_dialogue(
                unit,
                actor=ACTOR,
                held_on=weekday_on_or_after(dt.date(year, month, 10 + index % 15)),
                topic=topic,
                host=leader,
                kind=kind,
                participant_count=next(participants),
                commitments="Tiếp thu ý kiến, giao các cơ quan chuyên môn trả lời trong tháng.",
            )


def build_reception_demo(summary: DemoSummary) -> None:
    """Reception sessions, matters and dialogues of Bình Lục, then of today's commune."""
    load_rules(actor=ACTOR)  # the written-notice deadline and the monthly obligation are rules
    spec = load_reception_spec()
    district = Unit.objects.get(key=spec["district"])
    if ReceptionSession.objects.filter(unit=district).exists():
        return
    before = (ReceptionSession.objects.count(), CitizenMatter.objects.count())
    matters = _Matters(spec)
    _build_district_year_2023(district, spec, matters)
    _build_district_schedules(district, spec, matters)
    _build_commune(spec, matters, islice(names(), FIRST_CITIZEN_NAME, None))
    _build_dialogues(district, spec, spec["host"])
    summary.sessions_created += ReceptionSession.objects.count() - before[0]
    summary.matters_created += CitizenMatter.objects.count() - before[1]
