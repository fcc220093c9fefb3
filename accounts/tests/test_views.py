"""Account administration screens: create, edit with conflicts, assign and revoke in scope."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Role, RoleAssignment, User
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit
from units.models import Unit


class UserAdminTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.province_admin)

    def test_admin_creates_an_account(self) -> None:
        response = self.client.post(
            reverse("accounts:user-create"),
            {
                "username": "canbomoi",
                "full_name": "Cán Bộ Mới",
                "position": "Chuyên viên",
                "email": "",
                "is_active": "on",
                "password": "Mot-mat-khau-tot-2025",
            },
        )
        user = User.objects.get(username="canbomoi")
        self.assertRedirects(response, reverse("accounts:user-detail", args=[user.pk]))
        self.assertTrue(
            AuditEvent.objects.filter(action="user.created", target_id=user.pk).exists()
        )

    def test_bad_account_data_is_refused_field_by_field_in_vietnamese(self) -> None:
        response = self.client.post(
            reverse("accounts:user-create"),
            {"username": "kiemtra", "password": "12345", "email": "khong-phai-email"},
        )
        page = response.content.decode()
        self.assertIn("Tên đăng nhập “kiemtra” đã có người dùng", page)
        self.assertIn("Nhập địa chỉ email", page)
        self.assertFalse(User.objects.filter(email="khong-phai-email").exists())

    def test_weak_password_is_refused_with_the_rule(self) -> None:
        response = self.client.post(
            reverse("accounts:user-create"),
            {"username": "yeu", "password": "12345", "is_active": "on"},
        )
        self.assertContains(response, "Mật khẩu quá ngắn: cần ít nhất 10 ký tự")
        self.assertFalse(User.objects.filter(username="yeu").exists())

    def test_two_admins_editing_the_same_account_get_a_conflict(self) -> None:
        url = reverse("accounts:user-detail", args=[self.viewer.pk])
        base = {
            "user-username": "lanhdao",
            "user-full_name": "Lãnh Đạo",
            "user-is_active": "on",
            "user-version": self.viewer.version,
        }
        first = self.client.post(url, {**base, "user-position": "Bí thư"})
        self.assertEqual(first.status_code, 302)
        second = self.client.post(url, {**base, "user-position": "Phó Bí thư"})
        self.assertContains(second, "đã được người khác thay đổi")
        self.viewer.refresh_from_db()
        self.assertEqual(self.viewer.position, "Bí thư")

    def test_assigning_a_role_within_scope_works_and_is_audited(self) -> None:
        response = self.client.post(
            reverse("accounts:assign", args=[self.commune_officer.pk]),
            {
                "assign-role": Role.objects.get(code="reception_officer").pk,
                "assign-unit": self.commune_new.pk,
                "assign-include_subtree": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            RoleAssignment.objects.filter(
                user=self.commune_officer, role__code="reception_officer"
            ).exists()
        )
        self.assertTrue(AuditEvent.objects.filter(action="role.assigned").exists())

    def test_assigning_at_a_unit_outside_scope_or_a_closed_unit_is_refused(self) -> None:
        other = make_unit(Unit.Kind.PROVINCE, "Tỉnh Khác")
        response = self.client.post(
            reverse("accounts:assign", args=[self.commune_officer.pk]),
            {"assign-role": Role.objects.get(code="leader").pk, "assign-unit": other.pk},
        )
        self.assertContains(response, "không có trong phạm vi của bạn", status_code=400)
        self.assertFalse(RoleAssignment.objects.filter(unit=other).exists())
        response = self.client.post(
            reverse("accounts:assign", args=[self.commune_officer.pk]),
            {
                "assign-role": Role.objects.get(code="leader").pk,
                "assign-unit": self.district_two.pk,
            },
        )
        self.assertEqual(response.status_code, 400)

    def test_revoking_a_role_removes_the_scope_at_once(self) -> None:
        assignment = RoleAssignment.objects.get(user=self.commune_officer)
        response = self.client.post(
            reverse("accounts:revoke", args=[self.commune_officer.pk, assignment.pk])
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(RoleAssignment.objects.filter(pk=assignment.pk).exists())
        self.assertTrue(AuditEvent.objects.filter(action="role.revoked").exists())

    def test_own_account_page_changes_the_password(self) -> None:
        from common.testing import PASSWORD

        self.login(self.viewer)
        response = self.client.post(
            reverse("accounts:me"),
            {
                "old_password": PASSWORD,
                "new_password1": "Mat-khau-moi-cua-toi-2025",
                "new_password2": "Mat-khau-moi-cua-toi-2025",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.viewer.refresh_from_db()
        self.assertTrue(self.viewer.check_password("Mat-khau-moi-cua-toi-2025"))
