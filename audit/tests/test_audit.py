"""Every service writes its audit row in its own transaction; audit rows never change."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Role
from audit.models import AppendOnlyError, AuditEvent
from audit.services import record
from common.testing import BaseTestCase, make_unit
from units import services as unit_services
from units.models import Succession, Unit


class AuditTests(BaseTestCase):
    def test_each_service_writes_one_audit_row_naming_actor_action_and_target(self) -> None:
        cases = [
            (
                "unit.created",
                lambda: make_unit(Unit.Kind.VILLAGE, "Thôn Đông", self.commune_new),
            ),
            (
                "unit.updated",
                lambda: unit_services.update_unit(
                    Unit.objects.get(pk=self.commune_new.pk),
                    actor=self.province_admin,
                    expected_version=Unit.objects.get(pk=self.commune_new.pk).version,
                    note="Ghi chú mới",
                ),
            ),
            (
                "user.created",
                lambda: account_services.create_user(
                    actor=self.province_admin, username="moi", password="Mot-mat-khau-dai-2025"
                ),
            ),
            (
                "role.assigned",
                lambda: account_services.assign_role(
                    self.viewer,
                    actor=self.province_admin,
                    role=Role.objects.get(code="ntm_office"),
                    unit=self.commune_new,
                ),
            ),
            (
                "user.password_changed",
                lambda: account_services.set_password(
                    self.viewer, actor=self.viewer, password="Mot-mat-khau-khac-2025"
                ),
            ),
        ]
        for action, run in cases:
            with self.subTest(action=action):
                before = AuditEvent.objects.count()
                run()
                self.assertEqual(AuditEvent.objects.count(), before + 1)
                self.assertEqual(AuditEvent.objects.first().action, action)  # type: ignore[union-attr]

    def test_update_records_the_changed_fields_before_and_after(self) -> None:
        unit = Unit.objects.get(pk=self.commune_new.pk)
        unit_services.update_unit(
            unit, actor=self.province_admin, expected_version=unit.version, name="Xã Một Mới Hơn"
        )
        event = AuditEvent.objects.filter(action="unit.updated").first()
        assert event is not None
        self.assertEqual(event.changes, {"name": ["Xã Một Mới", "Xã Một Mới Hơn"]})
        self.assertEqual(event.actor, self.province_admin)
        self.assertEqual(event.unit, unit)

    def test_a_failed_service_writes_no_audit_row(self) -> None:
        before = AuditEvent.objects.count()
        with self.assertRaises(ValidationError):
            unit_services.record_succession(
                self.commune_two_a,
                self.commune_two_a,
                actor=self.province_admin,
                kind=Succession.Kind.MERGED_INTO,
                effective_on=dt.date(2025, 7, 1),
            )
        with self.assertRaises(ValidationError):
            account_services.create_user(actor=None, username="ngan", password="123")
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_audit_row_is_rolled_back_with_its_change(self) -> None:
        before = AuditEvent.objects.count()
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_unit(Unit.Kind.VILLAGE, "Thôn Tây", self.commune_new)
            raise IntegrityError("the change failed after the audit row was written")
        self.assertEqual(AuditEvent.objects.count(), before)
        self.assertFalse(Unit.objects.filter(name="Thôn Tây").exists())

    def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm(self) -> None:
        event = AuditEvent.objects.first()
        assert event is not None
        event.action = "forged"
        with self.assertRaises(AppendOnlyError):
            event.save()
        with self.assertRaises(AppendOnlyError):
            event.delete()
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.all().update(action="forged")
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.all().delete()

    def test_the_database_refuses_to_update_an_audit_row(self) -> None:
        event = AuditEvent.objects.first()
        assert event is not None
        with (
            self.assertRaises(DatabaseError),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", event.pk]
            )
        self.assertNotEqual(AuditEvent.objects.get(pk=event.pk).action, "forged")

    def test_admin_shows_audit_rows_read_only(self) -> None:
        from django.contrib import admin

        model_admin = admin.site._registry[AuditEvent]
        request = self.client.request().wsgi_request
        self.assertFalse(model_admin.has_change_permission(request))
        self.assertFalse(model_admin.has_delete_permission(request))
        self.assertFalse(model_admin.has_add_permission(request))

    def test_object_history_page_lists_the_changes_of_one_unit(self) -> None:
        unit = Unit.objects.get(pk=self.commune_new.pk)
        unit_services.update_unit(
            unit, actor=self.province_admin, expected_version=unit.version, note="Sửa lần một"
        )
        self.login(self.province_admin)
        page = self.client.get(reverse("units:history", args=[unit.pk])).content.decode()
        self.assertIn("unit.updated", page)
        self.assertIn("Sửa lần một", page)

    def test_audit_log_filters_by_action_and_actor(self) -> None:
        self.login(self.province_admin)
        page = self.client.get(reverse("audit:log"), {"action": "role."}).content.decode()
        self.assertIn("role.assigned", page)
        self.assertNotIn("unit.created", page)
        bad = self.client.get(reverse("audit:log"), {"since": "31/02/2024"})
        self.assertContains(bad, "Nhập một ngày hợp lệ")

    def test_a_unit_admin_does_not_see_events_of_accounts_outside_their_scope(self) -> None:
        from common.testing import make_user

        other = make_unit(Unit.Kind.PROVINCE, "Tỉnh Khác")
        stranger = make_user("nguoingoai", ("leader", other, True))
        account_services.set_password(stranger, actor=stranger, password="Mat-khau-ngoai-2025")
        self.login(self.province_admin)
        page = self.client.get(reverse("audit:log"), {"action": "user."}).content.decode()
        self.assertNotIn("nguoingoai", page)
        self.assertIn("kiemtra", page)

    def test_record_can_name_a_system_actor(self) -> None:
        with transaction.atomic():
            event = record(None, "units.loaded", None, data={"created": 3})
        self.assertEqual(event.actor_name, "hệ thống")
