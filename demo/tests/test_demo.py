"""The demo builds the seed district before and after 2025, once, labelled as demo data."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.test import TestCase

from accounts.models import Role, User
from audit.models import AuditEvent
from demo.services import DemoSummary, build_demo, load_spec
from units.models import Succession, Unit
from units.queries import current_successors


class DemoTests(TestCase):
    first: DemoSummary
    second: DemoSummary
    counts: tuple[int, int, int]

    @classmethod
    def setUpTestData(cls) -> None:
        # The national lists take a few seconds: build once for the class, twice to prove
        # that a second run adds nothing.
        cls.first = build_demo()
        cls.counts = (Unit.objects.count(), Succession.objects.count(), User.objects.count())
        cls.second = build_demo()

    def test_running_the_demo_again_creates_nothing(self) -> None:
        self.assertGreater(self.first.units_created, 0)
        self.assertEqual(self.first.users_created, len(load_spec()["users"]))
        self.assertEqual(
            (self.second.units_created, self.second.links_created, self.second.users_created),
            (0, 0, 0),
        )
        self.assertEqual(
            self.counts, (Unit.objects.count(), Succession.objects.count(), User.objects.count())
        )

    def test_a_reload_of_the_official_lists_keeps_the_dates_the_demo_added(self) -> None:
        binh_an = Unit.objects.get(key="w13540@2025-01-04")
        self.assertEqual(binh_an.valid_from, dt.date(2025, 1, 1))
        self.assertEqual(AuditEvent.objects.filter(action="unit.updated").count(), 1)

    def test_binh_luc_had_sixteen_communes_and_a_town_in_2023(self) -> None:
        district = Unit.objects.get(key="d352")
        kinds = list(
            Unit.objects.as_of(dt.date(2023, 6, 30))
            .filter(parent=district)
            .values_list("kind", flat=True)
        )
        self.assertEqual(kinds.count(Unit.Kind.COMMUNE), 16)
        self.assertEqual(kinds.count(Unit.Kind.TOWNSHIP), 1)

    def test_after_july_2025_the_district_is_gone_and_its_communes_lead_to_new_ones(self) -> None:
        district = Unit.objects.get(key="d352")
        self.assertFalse(district.exists_on(dt.date(2025, 7, 1)))
        successors = current_successors(Unit.objects.get(key="w13522@0.4.3"))
        self.assertEqual(
            [(u.name, u.valid_from) for u in successors], [("Xã Bình An", dt.date(2025, 7, 1))]
        )
        for commune in Unit.objects.filter(parent=district):
            self.assertTrue(current_successors(commune), f"{commune} leads nowhere")

    def test_party_tree_mirrors_the_administrative_tree(self) -> None:
        party_district = Unit.objects.get(key="demo:party:d352")
        self.assertEqual(party_district.admin_unit, Unit.objects.get(key="d352"))
        in_2023 = Unit.objects.as_of(dt.date(2023, 6, 30)).filter(parent=party_district)
        self.assertEqual(in_2023.filter(kind=Unit.Kind.PARTY_COMMUNE).count(), 17)
        self.assertTrue(all(unit.is_demo for unit in in_2023))
        self.assertIn(
            "Đảng bộ tỉnh Ninh Bình", [u.name for u in current_successors(party_district)]
        )

    def test_every_role_has_a_demo_account_with_its_printed_password(self) -> None:
        roles = {row[2] for row in self.first.logins}
        self.assertEqual(roles, set(Role.objects.values_list("name", flat=True)))
        user = User.objects.get(username="quantri")
        self.assertTrue(user.is_demo)
        self.assertTrue(user.check_password(load_spec()["password"]))

    def test_the_demo_is_audited_as_demo(self) -> None:
        self.assertTrue(
            AuditEvent.objects.filter(actor_name="demo", action="units.loaded").exists()
        )
        self.assertGreaterEqual(
            AuditEvent.objects.filter(actor_name="demo", action="role.assigned").count(), 8
        )

    def test_demo_command_without_serving_prints_the_logins(self) -> None:
        out = io.StringIO()
        call_command("demo", no_serve=True, stdout=out)
        text = out.getvalue()
        self.assertIn("quantri", text)
        self.assertIn("chidao-demo-2025", text)
        self.assertIn("0 đơn vị", text)

    def test_commune_officer_sees_the_former_communes_of_their_new_commune(self) -> None:
        from accounts.queries import units_visible_to

        officer = User.objects.get(username="canbo.binhluc")
        names = set(units_visible_to(officer).values_list("name", flat=True))
        self.assertTrue({"Xã Bình Lục", "Xã Bình Nghĩa", "Xã Tràng An", "Xã Đồng Du"} <= names)
        self.assertNotIn("Xã Bình Mỹ", names)
