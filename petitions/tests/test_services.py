"""Citizen reception (spec §9): the monthly obligation follows the rule in force for the level,
the written notice falls due 10 working days after receipt, overdue matters follow the clock,
figures add up, and every change writes its audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit, make_user
from oversight.rules import load_rules
from petitions import queries, services
from petitions.models import CitizenMatter, ReceptionSession
from petitions.tests.factories import make_matter, make_session
from units.models import Unit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=HCM), tick=False)


class PetitionsTestCase(BaseTestCase):
    party_commune: Unit
    reception: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_rules(actor=None)
        cls.party_commune = make_unit(
            Unit.Kind.PARTY_COMMUNE,
            "Đảng bộ xã Một Mới",
            cls.party_province,
            admin_unit=cls.commune_new,
            valid_from=D(2025, 7, 1),
        )
        cls.reception = make_user("tiepdan")
        cls.reception.assignments.create(
            role=Role.objects.get(code="reception_officer"),
            unit=cls.party_province,
            include_subtree=True,
        )


class MonthlyObligationTests(PetitionsTestCase):
    def test_commune_owes_two_days_a_month_after_kl_215(self) -> None:
        with at(D(2026, 1, 31)):
            make_session(self.party_commune, D(2026, 1, 8))
            make_session(self.party_commune, D(2026, 1, 8), host_role="uy_quyen")
            make_session(self.party_commune, D(2026, 1, 20), kind="dot_xuat")
        obligation = queries.monthly_obligation(self.party_commune, 2026, 1)
        # Two sessions on one day count one day; ad hoc reception does not count.
        self.assertEqual((obligation.required_days, obligation.held_days), (2, 1))
        self.assertEqual(obligation.shortfall, 1)

    def test_commune_owed_nothing_before_kl_215(self) -> None:
        obligation = queries.monthly_obligation(self.party_commune, 2025, 10)
        self.assertEqual((obligation.required_days, obligation.shortfall), (0, 0))

    def test_province_owes_one_day_and_no_shortfall_when_held(self) -> None:
        with at(D(2026, 2, 28)):
            make_session(self.party_province, D(2026, 2, 10))
        self.assertEqual(queries.monthly_obligation(self.party_province, 2026, 2).shortfall, 0)
        self.assertEqual(queries.monthly_obligation(self.party_province, 2026, 3).shortfall, 1)

    def test_district_owed_one_day_until_the_level_was_removed(self) -> None:
        before = queries.monthly_obligation(self.party_district_one, 2025, 3)
        after = queries.monthly_obligation(self.party_district_one, 2026, 3)
        self.assertEqual((before.required_days, after.required_days), (1, 0))


class NoticeDeadlineTests(PetitionsTestCase):
    def test_notice_due_ten_working_days_after_receipt(self) -> None:
        with at(D(2026, 3, 2)):
            matter = make_matter(self.party_commune, D(2026, 3, 2))  # a Monday
        self.assertEqual(matter.notice_due_on, D(2026, 3, 16))

    def test_notice_deadline_skips_public_holidays(self) -> None:
        with at(D(2026, 4, 28)):
            matter = make_matter(self.party_commune, D(2026, 4, 28))
        # 29/4; 30/4 and 1/5 are holidays; 4–8/5; 11–14/5.
        self.assertEqual(matter.notice_due_on, D(2026, 5, 14))


class MatterFlowTests(PetitionsTestCase):
    def test_matter_moves_through_its_states_with_audit_rows(self) -> None:
        with at(D(2026, 3, 20)):
            session = make_session(self.party_commune, D(2026, 3, 2))
            matter = make_matter(self.party_commune, D(2026, 3, 2), session=session)
            services.route_matter(
                matter,
                actor=self.reception,
                routed_to="UBND xã",
                routed_on=D(2026, 3, 3),
                deadline=D(2026, 4, 3),
            )
            services.notify_citizen(matter, actor=self.reception, notified_on=D(2026, 3, 4))
            services.answer_matter(
                matter, actor=self.reception, answered_on=D(2026, 3, 19), result="Đã sửa đường"
            )
            services.close_matter(matter, actor=self.reception)
        matter.refresh_from_db()
        self.assertEqual(matter.state, CitizenMatter.State.DA_DONG)
        self.assertEqual(matter.version, 5)
        actions = list(
            AuditEvent.objects.filter(target_id=str(matter.pk), action__startswith="citizen_matter")
            .order_by("pk")
            .values_list("action", flat=True)
        )
        self.assertEqual(
            actions,
            [
                "citizen_matter.received",
                "citizen_matter.routed",
                "citizen_matter.notified",
                "citizen_matter.answered",
                "citizen_matter.closed",
            ],
        )

    def test_cannot_answer_before_routing(self) -> None:
        with at(D(2026, 3, 20)):
            matter = make_matter(self.party_commune, D(2026, 3, 2))
            with self.assertRaises(ValidationError) as raised:
                services.answer_matter(
                    matter, actor=self.reception, answered_on=D(2026, 3, 5), result="x"
                )
        self.assertIn("state", raised.exception.message_dict)

    def test_errors_name_the_field(self) -> None:
        with at(D(2026, 3, 20)), self.assertRaises(ValidationError) as raised:
            services.receive_matter(
                self.party_commune, actor=None, received_on=D(2026, 3, 21), kind="x", summary=""
            )
        self.assertEqual(set(raised.exception.message_dict), {"received_on", "kind", "summary"})

    def test_reception_belongs_to_a_party_committee(self) -> None:
        with at(D(2026, 3, 20)), self.assertRaises(ValidationError) as raised:
            make_session(self.commune_new, D(2026, 3, 2))
        self.assertIn("unit", raised.exception.message_dict)


class OverdueTests(PetitionsTestCase):
    def test_matter_becomes_overdue_when_the_clock_passes_the_notice_deadline(self) -> None:
        with at(D(2026, 3, 2)):
            matter = make_matter(self.party_commune, D(2026, 3, 2))
        units = Unit.objects.within(self.party_province)
        with at(D(2026, 3, 16)):
            today = timezone.localdate()
            self.assertFalse(matter.is_notice_overdue(today))
            self.assertNotIn(matter, queries.overdue_matters(units, today))
        with at(D(2026, 3, 17)):
            today = timezone.localdate()
            self.assertTrue(matter.is_notice_overdue(today))
            self.assertIn(matter, queries.overdue_matters(units, today))
            services.notify_citizen(matter, actor=None, notified_on=today)
            self.assertNotIn(matter, queries.overdue_matters(units, today))

    def test_routed_matter_is_overdue_past_its_deadline(self) -> None:
        with at(D(2026, 3, 3)):
            matter = make_matter(self.party_commune, D(2026, 3, 2))
            services.route_matter(
                matter,
                actor=None,
                routed_to="UBND xã",
                routed_on=D(2026, 3, 3),
                deadline=D(2026, 3, 31),
            )
            services.notify_citizen(matter, actor=None, notified_on=D(2026, 3, 3))
        units = Unit.objects.within(self.party_commune)
        self.assertFalse(matter.is_overdue(D(2026, 3, 31)))
        self.assertNotIn(matter, queries.overdue_matters(units, D(2026, 3, 31)))
        self.assertTrue(matter.is_overdue(D(2026, 4, 1)))
        self.assertIn(matter, queries.overdue_matters(units, D(2026, 4, 1)))


class FiguresTests(PetitionsTestCase):
    def test_figures_count_sessions_turns_and_matters_with_change(self) -> None:
        sessions = [
            (self.party_province, D(2026, 1, 10), 4),
            (self.party_commune, D(2026, 1, 12), 7),
            (self.party_commune, D(2025, 12, 12), 2),  # previous period
            (self.party_district_one, D(2025, 3, 3), 9),  # long before
        ]
        matters = [
            (self.party_commune, D(2026, 1, 12), D(2026, 1, 13), D(2026, 1, 20)),
            (self.party_commune, D(2026, 1, 14), D(2026, 1, 15), None),
            (self.party_province, D(2026, 1, 20), None, None),
            (self.party_commune, D(2025, 12, 15), D(2026, 1, 5), None),
        ]
        with at(D(2026, 2, 5)):
            for unit, day, count in sessions:
                make_session(unit, day, visitor_count=count)
            for unit, received, routed, answered in matters:
                matter = make_matter(unit, received)
                if routed:
                    services.route_matter(matter, actor=None, routed_to="UBND", routed_on=routed)
                if answered:
                    services.answer_matter(matter, actor=None, answered_on=answered, result="Xong")
        start, end = D(2026, 1, 1), D(2026, 1, 31)
        previous = (D(2025, 12, 1), D(2025, 12, 31))

        def tally(rows: list[Any], index: int, period: tuple[dt.date, dt.date]) -> int:
            return sum(1 for row in rows if row[index] and period[0] <= row[index] <= period[1])

        expected_now = {
            "sessions": tally(sessions, 1, (start, end)),
            "visitor_turns": sum(c for _, day, c in sessions if start <= day <= end),
            "matters_received": tally(matters, 1, (start, end)),
            "matters_directed": tally(matters, 2, (start, end)),
            "matters_resolved": tally(matters, 3, (start, end)),
        }
        self.assertEqual(
            expected_now,
            {
                "sessions": 2,
                "visitor_turns": 11,
                "matters_received": 3,
                "matters_directed": 3,
                "matters_resolved": 1,
            },
        )
        figures = queries.reception_figures(self.party_province, start, end)
        self.assertEqual(vars(figures.current), expected_now)
        expected_previous = {
            "sessions": tally(sessions, 1, previous),
            "visitor_turns": sum(c for _, day, c in sessions if previous[0] <= day <= previous[1]),
            "matters_received": tally(matters, 1, previous),
            "matters_directed": tally(matters, 2, previous),
            "matters_resolved": tally(matters, 3, previous),
        }
        self.assertEqual(vars(figures.previous), expected_previous)
        self.assertEqual(figures.change["visitor_turns"], 9)
        commune_only = queries.reception_figures(self.party_commune, start, end)
        self.assertEqual(commune_only.current.visitor_turns, 7)


class VisitorPrivacyTests(PetitionsTestCase):
    def test_only_personal_data_holders_read_visitors_and_each_read_is_audited(self) -> None:
        with at(D(2026, 3, 2)):
            session = make_session(self.party_commune, D(2026, 3, 2))
            services.add_visitor(
                session, actor=self.reception, full_name="Trần Thị Dân", address="Thôn Đông"
            )
        added = AuditEvent.objects.get(action="reception_visitor.added")
        self.assertNotIn("Trần Thị Dân", str(added.data))
        with self.assertRaises(PermissionDenied):
            queries.visitors_of(self.viewer, session)
        visitors = queries.visitors_of(self.reception, session)
        self.assertEqual([v.full_name for v in visitors], ["Trần Thị Dân"])
        self.assertTrue(AuditEvent.objects.filter(action="reception_visitor.viewed").exists())

    def test_dialogue_recorded_with_audit(self) -> None:
        with at(D(2026, 3, 2)):
            dialogue = services.record_dialogue(
                self.party_commune,
                actor=self.reception,
                held_on=D(2026, 3, 1),
                topic="Giải phóng mặt bằng",
                host="Bí thư Đảng ủy xã",
                kind="dinh_ky",
                participant_count=40,
            )
        self.assertTrue(
            AuditEvent.objects.filter(
                action="dialogue.recorded", target_id=str(dialogue.pk)
            ).exists()
        )
        self.assertEqual(ReceptionSession.objects.count(), 0)
