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
from common.periods import Period
from common.testing import BaseTestCase, make_unit, make_user
from common.versioning import ConflictError
from oversight.rules import add_period, load_rules, rule_in_force
from petitions import queries, services
from petitions.models import CitizenMatter, MatterPetitioner, ReceptionSession
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
        with at(D(2026, 2, 1)):
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
        with at(D(2026, 4, 2)):
            self.assertEqual(queries.monthly_obligation(self.party_province, 2026, 2).shortfall, 0)
            self.assertEqual(queries.monthly_obligation(self.party_province, 2026, 3).shortfall, 1)

    def test_district_owed_one_day_until_the_level_was_removed(self) -> None:
        before = queries.monthly_obligation(self.party_district_one, 2025, 3)
        after = queries.monthly_obligation(self.party_district_one, 2026, 3)
        self.assertEqual((before.required_days, after.required_days), (1, 0))


class ObligationByClockTests(PetitionsTestCase):
    def test_a_month_is_judged_only_once_it_has_ended(self) -> None:
        with at(D(2026, 3, 10)):
            make_session(self.party_commune, D(2026, 3, 9))
            current = queries.monthly_obligation(self.party_commune, 2026, 3)
            future = queries.monthly_obligation(self.party_commune, 2026, 4)
            ended = queries.monthly_obligation(self.party_commune, 2026, 2)
        self.assertEqual(current.status, queries.ObligationStatus.IN_PROGRESS)
        self.assertEqual((current.held_days, current.remaining, current.shortfall), (1, 1, 0))
        self.assertIn("Đang diễn ra", current.label)
        self.assertEqual((future.status, future.shortfall), (queries.ObligationStatus.FUTURE, 0))
        self.assertEqual((ended.status, ended.shortfall), (queries.ObligationStatus.SHORT, 2))
        with at(D(2026, 4, 1)):
            march = queries.monthly_obligation(self.party_commune, 2026, 3)
        self.assertEqual((march.status, march.shortfall), (queries.ObligationStatus.SHORT, 1))
        self.assertEqual(march.label, "Thiếu 1 ngày")
        self.assertTrue(march.basis.startswith("215-KL/TW"))

    def test_the_kind_of_party_unit_binds_not_its_level(self) -> None:
        bloc = make_unit(Unit.Kind.PARTY_BLOC, "Đảng bộ Khối các cơ quan tỉnh", self.party_province)
        grassroots = make_unit(Unit.Kind.PARTY_GRASSROOTS, "Đảng bộ Sở Y tế", bloc)
        self.assertEqual(bloc.level, self.party_district_one.level)
        with at(D(2026, 5, 20)):
            for unit in (bloc, grassroots):
                obligation = queries.monthly_obligation(unit, 2026, 4)
                self.assertEqual(obligation.status, queries.ObligationStatus.NOT_BOUND)
                self.assertEqual((obligation.required_days, obligation.shortfall), (0, 0))
                self.assertEqual(obligation.label, "Không thuộc diện")
                self.assertEqual(obligation.basis, "")

    def test_a_level_without_a_rule_in_force_is_not_bound_and_shows_the_basis(self) -> None:
        with at(D(2026, 5, 20)):
            district = queries.monthly_obligation(self.party_district_one, 2026, 1)
            commune = queries.monthly_obligation(self.party_commune, 2025, 10)
            closed = queries.monthly_obligation(self.party_district_one, 2025, 8)
        self.assertEqual(district.status, queries.ObligationStatus.NOT_BOUND)
        self.assertIn("đến 22/11/2025", district.basis)
        self.assertEqual(commune.status, queries.ObligationStatus.NOT_BOUND)
        self.assertIn("215-KL/TW", commune.basis)
        # The district committee ended on 30/6/2025 while the rule still bound districts.
        self.assertEqual(closed.status, queries.ObligationStatus.NOT_ACTIVE)
        self.assertEqual(closed.shortfall, 0)


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
    def test_figures_count_sessions_turns_matters_and_dialogues_with_the_change(self) -> None:
        sessions = [
            (self.party_province, D(2026, 1, 10), 4),
            (self.party_commune, D(2026, 1, 12), 7),
            (self.party_commune, D(2025, 12, 12), 2),  # previous month
            (self.party_district_one, D(2025, 3, 3), 9),  # long before
        ]
        # unit, received, routed, notified, answered, closed
        matters = [
            (self.party_commune, D(2026, 1, 12), D(2026, 1, 13), D(2026, 1, 14), D(2026, 1, 20), 1),
            (self.party_commune, D(2026, 1, 14), D(2026, 1, 15), D(2026, 2, 3), None, 0),
            (self.party_province, D(2026, 1, 20), None, None, None, 0),
            (self.party_commune, D(2025, 12, 15), D(2026, 1, 5), None, None, 0),
        ]
        with at(D(2026, 2, 5)):
            for unit, day, count in sessions:
                make_session(unit, day, visitor_count=count)
            for unit, received, routed, notified, answered, closed in matters:
                matter = make_matter(unit, received)
                if routed:
                    services.route_matter(matter, actor=None, routed_to="UBND", routed_on=routed)
                if notified:
                    services.notify_citizen(matter, actor=None, notified_on=notified)
                if answered:
                    services.answer_matter(matter, actor=None, answered_on=answered, result="Xong")
                if closed:
                    services.close_matter(matter, actor=None)
            for day, kind in [(D(2026, 1, 5), "dinh_ky"), (D(2026, 1, 6), "dot_xuat")]:
                services.record_dialogue(
                    self.party_commune,
                    actor=None,
                    held_on=day,
                    topic="Đất đai",
                    host="Bí thư",
                    kind=kind,
                )
        january = Period("month", 2026, 1)
        today = D(2026, 2, 5)
        units = Unit.objects.within(self.party_province)

        def expected(period: Period) -> dict[str, int]:
            rows = [row for row in matters if period.contains(row[1])]
            held = [row for row in sessions if period.contains(row[1])]
            due = {
                row[1]: add_period(row[1], rule_in_force(services.NOTICE_RULE, row[1]))
                for row in rows
            }
            return {
                "sessions": len(held),
                "visitor_turns": sum(row[2] for row in held),
                "matters_received": len(rows),
                "matters_directed": sum(1 for row in rows if row[2]),
                "matters_answered": sum(1 for row in rows if row[4]),
                "matters_closed": sum(row[5] for row in rows),
                "notices_late": sum(1 for row in rows if row[3] and row[3] > due[row[1]]),
                "overdue_now": sum(
                    1 for row in rows if not row[5] and not row[3] and today > due[row[1]]
                ),
                "dialogues_periodic": 1 if period == january else 0,
                "dialogues_adhoc": 1 if period == january else 0,
            }

        now = queries.figures_for(units, january.start, january.end, today)
        self.assertEqual(vars(now), expected(january))
        self.assertEqual(
            (now.sessions, now.visitor_turns, now.matters_received, now.matters_directed),
            (2, 11, 3, 2),
        )
        # Received 14/1 (due 28/1 after ten working days), notified 3/2: late.
        self.assertEqual((now.notices_late, now.overdue_now), (1, 1))
        before = queries.figures_for(units, D(2025, 12, 1), D(2025, 12, 31), today)
        self.assertEqual(vars(before), expected(january.previous()))
        stats = queries.reception_statistics(self.party_province, january, units, today=today)
        self.assertEqual(stats.own.current.sessions, 1)
        self.assertEqual(stats.subordinates.current.visitor_turns, 7)
        self.assertEqual(stats.total.change("visitor_turns"), 11 - 2)
        commune_only = queries.figures_for(
            Unit.objects.filter(pk=self.party_commune.pk), january.start, january.end, today
        )
        self.assertEqual(commune_only.visitor_turns, 7)

    def test_sentences_follow_the_seed_phrasing_with_zero_padding(self) -> None:
        with at(D(2026, 12, 20)):
            for month in range(1, 10):
                make_session(self.party_district_one, D(2024, month, 3), visitor_count=2)
            for index in range(3):
                matter = make_matter(self.party_district_one, D(2024, 3, 4 + index))
                services.route_matter(
                    matter, actor=None, routed_to="UBND huyện", routed_on=D(2024, 3, 11)
                )
            make_matter(self.party_district_one, D(2024, 5, 6))  # received, not directed
            for year, count in ((2024, 3), (2023, 1)):
                for index in range(count):
                    services.record_dialogue(
                        self.party_district_one,
                        actor=None,
                        held_on=D(year, 4, 1 + index),
                        topic="Giải phóng mặt bằng",
                        host="Bí thư Huyện ủy",
                        kind="dinh_ky",
                    )
        stats = queries.reception_statistics(
            self.party_district_one,
            Period("year", 2024),
            Unit.objects.within(self.party_province),
            today=D(2026, 12, 20),
        )
        self.assertEqual(
            stats.sentences[0],
            "Bí thư Huyện ủy đã tổ chức 09 phiên tiếp dân, với 18 lượt người được tiếp, "
            "tiếp nhận và chỉ đạo giải quyết 03 đơn thư.",
        )
        self.assertEqual(
            stats.sentences[-1],
            "Toàn huyện đã tổ chức 03 cuộc đối thoại định kỳ (tăng 02 cuộc so với năm 2023).",
        )

    def test_subordinates_are_the_committees_that_receive_citizens_not_every_cell(self) -> None:
        cell = make_unit(Unit.Kind.PARTY_SUB_CELL, "Chi bộ thôn Đông", self.party_commune_one_a)
        agency = make_unit(Unit.Kind.PARTY_CELL, "Chi bộ Chi cục Thuế", self.party_district_one)
        quiet = make_unit(Unit.Kind.PARTY_CELL, "Chi bộ Kho bạc", self.party_district_one)
        with at(D(2024, 6, 30)):
            make_session(agency, D(2024, 6, 3), visitor_count=4)
        stats = queries.reception_statistics(
            self.party_district_one,
            Period("year", 2024),
            Unit.objects.within(self.party_province),
            today=D(2024, 6, 30),
        )
        below = set(queries.reception_committees(Unit.objects.within(self.party_district_one)))
        self.assertIn(self.party_commune_one_a, below)
        self.assertIn(agency, below)  # not territorial, but it did receive citizens
        self.assertNotIn(cell, below)
        self.assertNotIn(quiet, below)
        self.assertEqual(stats.subordinate_count, 2)
        self.assertEqual(stats.subordinates.current.visitor_turns, 4)


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


class CorrectionTests(PetitionsTestCase):
    def test_session_correction_writes_an_audit_diff_and_bumps_the_version(self) -> None:
        with at(D(2026, 3, 20)):
            session = make_session(self.party_commune, D(2026, 3, 2))
            services.update_session(
                session,
                actor=self.reception,
                expected_version=1,
                host_name="Nguyễn Văn Bí Thư",
                host_role="bi_thu",
                held_on=D(2026, 3, 3),
                kind="dinh_ky",
                place="Hội trường xã",
                visitor_count=5,
            )
        session.refresh_from_db()
        self.assertEqual((session.version, session.visitor_count), (2, 5))
        event = AuditEvent.objects.get(action="reception_session.updated")
        self.assertEqual(event.changes["visitor_count"], [3, 5])
        self.assertEqual(event.changes["held_on"], ["2026-03-02", "2026-03-03"])
        self.assertNotIn("host_role", event.changes)

    def test_a_stale_version_is_a_conflict_and_nothing_changes(self) -> None:
        with at(D(2026, 3, 20)):
            session = make_session(self.party_commune, D(2026, 3, 2))
            with self.assertRaises(ConflictError):
                services.update_session(
                    session,
                    actor=self.reception,
                    expected_version=7,
                    host_name="Khác",
                    host_role="bi_thu",
                    held_on=D(2026, 3, 2),
                    kind="dinh_ky",
                )
        session.refresh_from_db()
        self.assertEqual((session.version, session.host_name), (1, "Nguyễn Văn Bí Thư"))

    def test_session_day_cannot_move_after_its_matters_nor_turns_below_named_people(self) -> None:
        with at(D(2026, 3, 20)):
            session = make_session(self.party_commune, D(2026, 3, 2), visitor_count=1)
            make_matter(self.party_commune, D(2026, 3, 2), session=session)
            services.add_visitor(session, actor=None, full_name="Lê Văn Một")
            with self.assertRaises(ValidationError) as raised:
                services.update_session(
                    session,
                    actor=None,
                    expected_version=1,
                    host_name="Bí thư",
                    host_role="bi_thu",
                    held_on=D(2026, 3, 5),
                    kind="dinh_ky",
                    visitor_count=0,
                )
        self.assertEqual(set(raised.exception.message_dict), {"held_on", "visitor_count"})

    def test_no_more_names_than_visitor_turns(self) -> None:
        with at(D(2026, 3, 20)):
            session = make_session(self.party_commune, D(2026, 3, 2), visitor_count=1)
            services.add_visitor(session, actor=None, full_name="Lê Văn Một")
            with self.assertRaises(ValidationError) as raised:
                services.add_visitor(session, actor=None, full_name="Lê Văn Hai")
        self.assertIn("full_name", raised.exception.message_dict)

    def test_dialogue_correction_is_versioned_and_audited(self) -> None:
        with at(D(2026, 3, 20)):
            dialogue = services.record_dialogue(
                self.party_commune,
                actor=None,
                held_on=D(2026, 3, 1),
                topic="Giải phóng mặt bằng",
                host="Bí thư",
                kind="dinh_ky",
            )
            values: dict[str, Any] = {
                "held_on": D(2026, 3, 1),
                "topic": "Giải phóng mặt bằng đường tỉnh",
                "host": "Bí thư",
                "kind": "dinh_ky",
                "participant_count": 60,
            }
            services.update_dialogue(dialogue, actor=self.reception, expected_version=1, **values)
            with self.assertRaises(ConflictError):
                services.update_dialogue(
                    dialogue, actor=self.reception, expected_version=1, **values
                )
        event = AuditEvent.objects.get(action="dialogue.updated")
        self.assertEqual(event.changes["participant_count"], [0, 60])


class PetitionerTests(PetitionsTestCase):
    def test_petitioner_is_kept_apart_out_of_audit_and_read_only_with_an_audited_access(
        self,
    ) -> None:
        with at(D(2026, 3, 2)):
            matter = make_matter(
                self.party_commune,
                D(2026, 3, 2),
                petitioner_name="Phạm Thị Nêu",
                petitioner_address="Thôn Tây",
                petitioner_phone="0912 000 111",
            )
        self.assertEqual(MatterPetitioner.objects.get(matter=matter).full_name, "Phạm Thị Nêu")
        self.assertNotIn("Phạm Thị Nêu", matter.summary)
        with self.assertRaises(PermissionDenied):
            queries.petitioner_of(self.viewer, matter)
        self.assertFalse(AuditEvent.objects.filter(action="citizen_matter.petitioner_viewed"))
        for count in (1, 2):
            petitioner = queries.petitioner_of(self.reception, matter)
            assert petitioner is not None
            self.assertEqual(petitioner.phone, "0912 000 111")
            self.assertEqual(
                AuditEvent.objects.filter(action="citizen_matter.petitioner_viewed").count(), count
            )
        for event in AuditEvent.objects.all():
            text = f"{event.data} {event.changes} {event.target_repr}"
            self.assertNotIn("Phạm Thị Nêu", text)
            self.assertNotIn("0912", text)

    def test_address_without_a_name_is_refused_on_the_name_field(self) -> None:
        with at(D(2026, 3, 2)), self.assertRaises(ValidationError) as raised:
            make_matter(self.party_commune, D(2026, 3, 2), petitioner_address="Thôn Tây")
        self.assertEqual(set(raised.exception.message_dict), {"petitioner_name"})
        self.assertFalse(CitizenMatter.objects.exists())
