"""Each role sees and changes exactly what its scope allows; outside it answers 404."""

from __future__ import annotations

from django.urls import reverse

from accounts.queries import units_visible_to
from common.testing import BaseTestCase


class ScopeTests(BaseTestCase):
    def test_province_admin_sees_every_unit_of_the_province_in_both_trees(self) -> None:
        visible = set(units_visible_to(self.province_admin).values_list("name", flat=True))
        self.assertIn("Xã Hai A", visible)
        self.assertIn("Đảng bộ xã Một A", visible)

    def test_inspector_sees_their_party_district_and_its_administrative_counterpart_only(
        self,
    ) -> None:
        visible = set(units_visible_to(self.inspector).values_list("name", flat=True))
        self.assertEqual(
            visible, {"Đảng bộ huyện Một", "Đảng bộ xã Một A", "Huyện Một", "Xã Một A", "Xã Một B"}
        )

    def test_commune_officer_without_subtree_sees_their_commune_and_what_it_replaced(self) -> None:
        visible = set(units_visible_to(self.commune_officer).values_list("name", flat=True))
        self.assertEqual(visible, {"Xã Một Mới", "Xã Một B"})

    def test_has_perm_with_an_object_follows_the_object_unit(self) -> None:
        self.assertTrue(
            self.inspector.has_perm("accounts.view_oversight", self.party_commune_one_a)
        )
        self.assertFalse(self.inspector.has_perm("accounts.view_oversight", self.commune_two_a))
        self.assertFalse(self.inspector.has_perm("accounts.view_oversight", self.party_province))

    def test_has_perm_without_an_object_means_somewhere(self) -> None:
        self.assertTrue(self.inspector.has_perm("accounts.view_oversight"))
        self.assertFalse(self.viewer.has_perm("accounts.view_oversight"))
        self.assertTrue(self.viewer.has_perm("accounts.view_oversight_statistics"))

    def test_only_the_inspection_chair_role_may_see_a_denouncer(self) -> None:
        from accounts.roles import ROLES

        holders = [r.code for r in ROLES if "accounts.view_denouncer_identity" in r.permissions]
        self.assertEqual(holders, ["inspection_chair"])

    def test_unit_outside_scope_answers_404(self) -> None:
        self.login(self.inspector)
        inside = self.client.get(reverse("units:detail", args=[self.commune_one_a.pk]))
        outside = self.client.get(reverse("units:detail", args=[self.commune_two_a.pk]))
        self.assertEqual(inside.status_code, 200)
        self.assertEqual(outside.status_code, 404)

    def test_unit_tree_lists_only_units_in_scope(self) -> None:
        self.login(self.inspector)
        page = self.client.get(reverse("units:tree"), {"on": "2023-06-30"}).content.decode()
        self.assertIn("Huyện Một", page)
        self.assertNotIn("Huyện Hai", page)
        self.assertNotIn("Tỉnh Thử Nghiệm", page)

    def test_viewer_cannot_edit_a_unit(self) -> None:
        self.login(self.viewer)
        response = self.client.get(reverse("units:edit", args=[self.commune_one_a.pk]))
        self.assertEqual(response.status_code, 403)

    def test_admin_pages_are_closed_to_other_roles(self) -> None:
        self.login(self.viewer)
        self.assertEqual(self.client.get(reverse("accounts:user-list")).status_code, 403)
        self.assertEqual(self.client.get(reverse("audit:log")).status_code, 403)

    def test_navigation_shows_only_what_the_role_may_open(self) -> None:
        self.login(self.viewer)
        page = self.client.get(reverse("units:tree")).content.decode()
        self.assertNotIn(reverse("accounts:user-list"), page)
        self.login(self.province_admin)
        page = self.client.get(reverse("units:tree")).content.decode()
        self.assertIn(reverse("accounts:user-list"), page)

    def test_admin_cannot_manage_a_user_whose_roles_lie_outside_their_scope(self) -> None:
        from common.testing import make_unit, make_user
        from units.models import Unit

        other = make_unit(Unit.Kind.PROVINCE, "Tỉnh Khác")
        stranger = make_user("nguoikhac", ("leader", other, True))
        self.login(self.province_admin)
        response = self.client.get(reverse("accounts:user-detail", args=[stranger.pk]))
        self.assertEqual(response.status_code, 404)
        response = self.client.get(reverse("accounts:user-detail", args=[self.inspector.pk]))
        self.assertEqual(response.status_code, 200)
