"""Suspension (§5.8): the period and its maximum come from the rule in force on the start date;
kinds suit the subject; changes are audited; "in force" follows the clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from common.testing import BaseTestCase
from common.versioning import ConflictError
from oversight.models import LegalDocument, Rule, Suspension
from oversight.queries.discipline import suspensions_in_force
from oversight.services import suspensions as services

D = dt.date


class SuspensionTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        document = LegalDocument.objects.create(
            code="TEST-22", title="Thử", issuer="BCHTW", status="in_force", confidence="C"
        )
        for key, scope, maximum, start, end in (
            ("dinh_chi.thoi_han", "đảng viên", 180, D(2021, 7, 28), D(2025, 5, 29)),
            ("dinh_chi.thoi_han", "đảng viên", 120, D(2025, 5, 30), None),
            ("dinh_chi.to_chuc", "tổ chức đảng", None, D(2021, 7, 28), None),
        ):
            Rule.objects.create(
                key=key,
                scope=scope,
                value="90",
                amount=Decimal(90),
                unit="days",
                maximum_amount=Decimal(maximum) if maximum else None,
                legal_document=document,
                article="Điều 31",
                confidence="C",
                effective_from=start,
                effective_to=end,
            )

    def member(self, started_on: dt.date | None = None, **extra: object) -> Suspension:
        values: dict[str, object] = {
            "kind": "sinh_hoat_dang",
            "started_on": started_on or D(2025, 1, 1),
            "reason": "Cản trở xem xét",
            "full_name": "Lê Văn C",
        }
        values.update(extra)
        return services.open_suspension(
            self.party_district_one,
            actor=self.inspector,
            **values,  # type: ignore[arg-type]
        )

    def test_member_90_days_inclusive_and_audited(self) -> None:
        suspension = self.member()
        self.assertEqual(suspension.ends_on, D(2025, 3, 31))
        self.assertEqual(suspension.rule.effective_from, D(2021, 7, 28))  # type: ignore[union-attr]
        self.assertEqual(AuditEvent.objects.filter(action="suspension.opened").count(), 1)
        with self.assertRaisesMessage(ValidationError, "từ 1 đến 90 ngày"):
            self.member(days=91)

    def test_extension_capped_by_rule_in_force_on_start_date(self) -> None:
        old = self.member()
        with self.assertRaisesMessage(ValidationError, "tối đa 180 ngày"):
            services.extend_suspension(
                old, actor=self.inspector, ends_on=D(2025, 6, 30), expected_version=1
            )
        stale = Suspension.objects.get(pk=old.pk)
        services.extend_suspension(
            old, actor=self.inspector, ends_on=D(2025, 6, 29), expected_version=1
        )
        self.assertTrue(old.is_extended)
        new = self.member(D(2025, 6, 1))
        with self.assertRaisesMessage(ValidationError, "28/09/2025"):
            services.extend_suspension(
                new, actor=self.inspector, ends_on=D(2025, 9, 29), expected_version=1
            )
        with self.assertRaises(ConflictError):
            services.extend_suspension(
                stale, actor=self.inspector, ends_on=D(2025, 6, 15), expected_version=1
            )
        self.assertEqual(AuditEvent.objects.filter(action="suspension.extended").count(), 1)

    def test_organisation_cannot_go_past_90_days_and_kinds_suit_subject(self) -> None:
        org = self.member(full_name="", subject_unit=self.party_commune_one_a, kind="hoat_dong")
        self.assertEqual(org.ends_on, D(2025, 3, 31))
        with self.assertRaisesMessage(ValidationError, "tối đa 90 ngày"):
            services.extend_suspension(
                org, actor=self.inspector, ends_on=D(2025, 4, 1), expected_version=1
            )
        with self.assertRaisesMessage(ValidationError, "chỉ áp dụng cho tổ chức đảng"):
            self.member(kind="hoat_dong")
        with self.assertRaisesMessage(ValidationError, "chỉ bị đình chỉ hoạt động"):
            self.member(full_name="", subject_unit=self.party_commune_one_a)

    def test_in_force_follows_the_clock_and_lifting(self) -> None:
        suspension = self.member()
        units = [self.party_district_one]
        with time_machine.travel(dt.datetime(2025, 3, 31, 12, tzinfo=dt.UTC), tick=False):
            self.assertEqual(list(suspensions_in_force(units, timezone.localdate())), [suspension])
        with time_machine.travel(dt.datetime(2025, 4, 1, 12, tzinfo=dt.UTC), tick=False):
            self.assertEqual(list(suspensions_in_force(units, timezone.localdate())), [])
        with self.assertRaisesMessage(ValidationError, "trong thời gian đình chỉ"):
            services.lift_suspension(
                suspension, actor=self.inspector, lifted_on=D(2025, 4, 2), expected_version=1
            )
        services.lift_suspension(
            suspension, actor=self.inspector, lifted_on=D(2025, 2, 1), expected_version=1
        )
        self.assertEqual(list(suspensions_in_force(units, D(2025, 1, 31))), [suspension])
        self.assertEqual(list(suspensions_in_force(units, D(2025, 2, 1))), [])
        with self.assertRaisesMessage(ValidationError, "đã chấm dứt"):
            services.extend_suspension(
                suspension, actor=self.inspector, ends_on=D(2025, 5, 1), expected_version=2
            )
