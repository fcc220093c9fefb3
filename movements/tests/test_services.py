from __future__ import annotations

import itertools

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from common.testing import BaseTestCase
from common.versioning import ConflictError
from movements import queries, services
from movements.models import MovementModel
from movements.tests.factories import make_movement_model

F = MovementModel.Field
S = MovementModel.Status


class MovementModelServiceTests(BaseTestCase):
    def test_creating_a_model_records_an_audit_event(self) -> None:
        model = services.create_movement_model(
            actor=self.province_admin,
            unit=self.commune_one_a,
            name="Dân vận khéo trong dồn điền đổi thửa",
            field=F.DAN_VAN_KHEO,
            recognised_year=2021,
            recognised_by="Huyện ủy Bình Lục",
        )
        event = AuditEvent.objects.get(action="movement_model.created")
        self.assertEqual(event.target_id, str(model.pk))
        self.assertEqual(event.unit, self.commune_one_a)
        self.assertEqual(event.actor, self.province_admin)

    def test_empty_name_is_refused_with_the_field_named(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            make_movement_model(self.commune_one_a, "   ")
        self.assertIn("name", caught.exception.message_dict)
        self.assertIn("Tên mô hình", caught.exception.message_dict["name"][0])

    def test_unknown_field_and_status_are_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            make_movement_model(self.commune_one_a, "Mô hình X", field="la", status="sai")
        self.assertEqual(set(caught.exception.message_dict), {"field", "status"})

    def test_recognised_year_in_the_future_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            make_movement_model(self.commune_one_a, "Mô hình X", recognised_year=2999)
        self.assertIn("recognised_year", caught.exception.message_dict)

    def test_same_name_twice_in_one_unit_is_refused(self) -> None:
        make_movement_model(self.commune_one_a, "Mô hình X")
        with self.assertRaises(ValidationError) as caught:
            make_movement_model(self.commune_one_a, "Mô hình X")
        self.assertIn("name", caught.exception.message_dict)
        make_movement_model(self.commune_two_a, "Mô hình X")

    def test_update_records_changes_and_bumps_version(self) -> None:
        model = make_movement_model(self.commune_one_a, "Mô hình X")
        services.update_movement_model(
            model, actor=self.province_admin, expected_version=1, status=S.DA_NHAN_RONG
        )
        model.refresh_from_db()
        self.assertEqual(model.status, S.DA_NHAN_RONG)
        self.assertEqual(model.version, 2)
        event = AuditEvent.objects.get(action="movement_model.updated")
        self.assertEqual(event.changes, {"status": [S.DANG_DUY_TRI, S.DA_NHAN_RONG]})

    def test_stale_update_is_a_conflict(self) -> None:
        model = make_movement_model(self.commune_one_a, "Mô hình X")
        services.update_movement_model(model, actor=None, expected_version=1, name="Mô hình Y")
        with self.assertRaises(ConflictError):
            services.update_movement_model(model, actor=None, expected_version=1, name="Z")

    def test_update_of_an_unknown_field_is_a_programming_error(self) -> None:
        model = make_movement_model(self.commune_one_a, "Mô hình X")
        with self.assertRaises(ValueError):
            services.update_movement_model(model, actor=None, expected_version=1, unit=None)


class ModelCountTests(BaseTestCase):
    def test_counts_match_an_independent_count_over_the_subtree(self) -> None:
        units = [self.commune_one_a, self.commune_one_b, self.commune_two_a, self.district_one]
        years = [None, 2019, 2021, 2023, 2025]
        made = []
        for i, (unit, field, status, year) in enumerate(
            itertools.product(units, F.values, S.values, years)
        ):
            if i % 3 == 0:  # leave gaps so fields differ
                continue
            make_movement_model(
                unit, f"Mô hình {i}", field=field, status=status, recognised_year=year
            )
            made.append((unit, field, status, year))

        counts = queries.model_counts(self.district_one, start_year=2021, end_year=2023)

        below = {self.commune_one_a.pk, self.commune_one_b.pk, self.district_one.pk}
        mine = [m for m in made if m[0].pk in below]
        for row in counts.by_field:
            of_field = [m for m in mine if m[1] == row.field]
            in_period = [m for m in of_field if m[3] is not None and 2021 <= m[3] <= 2023]
            self.assertEqual(row.total, len(of_field), row.field)
            self.assertEqual(row.recognised, len(in_period), row.field)
            self.assertEqual(row.active, len([m for m in in_period if m[2] != S.NGUNG]))
            self.assertEqual(row.replicated, len([m for m in in_period if m[2] == S.DA_NHAN_RONG]))
        self.assertEqual(counts.total, len(mine))
        self.assertEqual(counts.recognised, len([m for m in mine if m[3] in (2021, 2023)]))
        self.assertEqual([row.field for row in counts.by_field], list(F.values))

    def test_counts_of_a_sibling_district_exclude_the_other(self) -> None:
        make_movement_model(self.commune_one_a, "Một", recognised_year=2022)
        make_movement_model(self.commune_two_a, "Hai", recognised_year=2022)
        make_movement_model(self.commune_two_a, "Ba", recognised_year=2022, status=S.NGUNG)
        counts = queries.model_counts(self.district_two, start_year=2022, end_year=2022)
        self.assertEqual((counts.recognised, counts.active), (2, 1))
        whole = queries.model_counts(self.province, start_year=2020, end_year=2025)
        self.assertEqual((whole.recognised, whole.active), (3, 2))
