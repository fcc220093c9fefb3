"""The trees as of a date, succession, edits with conflicts, and the unit pages."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from common.testing import BaseTestCase
from units import queries, services
from units.models import Succession, Unit

BEFORE = dt.date(2023, 6, 30)
AFTER = dt.date(2025, 7, 1)


class AsOfTests(BaseTestCase):
    def names_on(self, on: dt.date, parent: Unit) -> set[str]:
        return set(Unit.objects.as_of(on).filter(parent=parent).values_list("name", flat=True))

    def test_the_province_had_districts_before_and_communes_directly_after_july_2025(
        self,
    ) -> None:
        self.assertEqual(self.names_on(BEFORE, self.province), {"Huyện Một", "Huyện Hai"})
        self.assertEqual(self.names_on(AFTER, self.province), {"Xã Một Mới"})

    def test_a_closed_unit_still_exists_on_its_last_day(self) -> None:
        self.assertIn("Xã Một B", self.names_on(dt.date(2025, 6, 30), self.district_one))
        self.assertEqual(self.names_on(AFTER, self.district_one), set())

    def test_succession_resolves_to_the_unit_that_exists_today(self) -> None:
        self.assertEqual(queries.current_successors(self.commune_one_b), [self.commune_new])
        history = queries.history(self.commune_new)
        self.assertEqual([link.predecessor for link in history.predecessors], [self.commune_one_b])

    def test_succession_follows_a_chain_of_reorganisations(self) -> None:
        newer = services.create_unit(
            actor=None,
            kind=Unit.Kind.COMMUNE,
            name="Xã Một Mới Hơn",
            parent=self.province,
            valid_from=dt.date(2027, 1, 1),
        )
        services.record_succession(
            Unit.objects.get(pk=self.commune_new.pk),
            newer,
            actor=None,
            kind=Succession.Kind.RENAMED,
            effective_on=dt.date(2027, 1, 1),
        )
        self.assertEqual(queries.current_successors(self.commune_one_b), [newer])
        self.assertEqual(
            queries.current_successors(self.commune_one_b, on=dt.date(2026, 1, 1)),
            [self.commune_new],
        )

    def test_recording_a_succession_closes_the_predecessor_the_day_before(self) -> None:
        self.commune_one_b.refresh_from_db()
        self.assertEqual(self.commune_one_b.valid_to, dt.date(2025, 6, 30))

    def test_a_successor_that_did_not_exist_yet_is_refused(self) -> None:
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            services.record_succession(
                self.commune_two_a,
                self.commune_new,
                actor=None,
                kind=Succession.Kind.MERGED_INTO,
                effective_on=dt.date(2024, 1, 1),
            )
        self.assertIn("chưa tồn tại", str(caught.exception))


class UnitPageTests(BaseTestCase):
    def test_tree_page_shows_the_structure_of_the_chosen_date(self) -> None:
        self.login(self.province_admin)
        before = self.client.get(reverse("units:tree"), {"on": "2023-06-30"}).content.decode()
        self.assertIn("ngày 30 tháng 6 năm 2023", before)
        children = self.client.get(
            reverse("units:children", args=[self.province.pk]), {"on": "2023-06-30"}
        ).content.decode()
        self.assertIn("Huyện Một", children)
        self.assertNotIn("Xã Một Mới", children)
        children = self.client.get(
            reverse("units:children", args=[self.province.pk]), {"on": "2025-07-01"}
        ).content.decode()
        self.assertIn("Xã Một Mới", children)
        self.assertNotIn("Huyện Một", children)

    def test_search_finds_by_name_or_code_within_scope(self) -> None:
        self.login(self.inspector)
        page = self.client.get(reverse("units:tree"), {"q": "Một"}).content.decode()
        self.assertIn("Xã Một A", page)
        page = self.client.get(reverse("units:tree"), {"q": "90101"}).content.decode()
        self.assertIn("Không tìm thấy", page)
        fragment = self.client.get(
            reverse("units:tree"), {"q": "Một"}, headers={"HX-Request": "true"}
        )
        self.assertNotIn("<html", fragment.content.decode())

    def test_unit_page_shows_its_history(self) -> None:
        self.login(self.province_admin)
        page = self.client.get(
            reverse("units:detail", args=[self.commune_one_b.pk])
        ).content.decode()
        self.assertIn("Xã Một Mới", page)
        self.assertIn("đã kết thúc hoạt động", page)
        page = self.client.get(reverse("units:detail", args=[self.commune_new.pk])).content.decode()
        self.assertIn("Hình thành từ", page)
        self.assertIn("Xã Một B", page)

    def test_bad_picker_date_gets_a_vietnamese_message(self) -> None:
        self.login(self.province_admin)
        page = self.client.get(reverse("units:tree"), {"on": "31/02/2024"}).content.decode()
        self.assertIn("không hợp lệ", page)

    def test_the_picker_shows_an_older_period_a_page_asked_for(self) -> None:
        self.login(self.province_admin)
        page = self.client.get(reverse("units:tree"), {"period": "2019"}).content.decode()
        self.assertIn('<option value="2019" selected>Năm 2019</option>', page)

    def test_edit_saves_and_audits(self) -> None:
        self.login(self.province_admin)
        unit = Unit.objects.get(pk=self.commune_new.pk)
        response = self.client.post(
            reverse("units:edit", args=[unit.pk]),
            {
                "name": "Xã Một Mới",
                "code": "90002",
                "valid_from": "2025-07-01",
                "valid_to": "",
                "region": "DBSH",
                "note": "Đã kiểm tra",
                "version": unit.version,
            },
        )
        self.assertRedirects(response, reverse("units:detail", args=[unit.pk]))
        unit.refresh_from_db()
        self.assertEqual(unit.note, "Đã kiểm tra")

    def test_two_people_saving_the_same_unit_get_a_conflict_not_a_lost_edit(self) -> None:
        self.login(self.province_admin)
        unit = Unit.objects.get(pk=self.commune_new.pk)
        form = {
            "name": "Xã Một Mới",
            "code": "90002",
            "valid_from": "2025-07-01",
            "valid_to": "",
            "region": "DBSH",
            "version": unit.version,
        }
        first = self.client.post(
            reverse("units:edit", args=[unit.pk]), {**form, "note": "Người thứ nhất"}
        )
        self.assertEqual(first.status_code, 302)
        second = self.client.post(
            reverse("units:edit", args=[unit.pk]), {**form, "note": "Người thứ hai"}
        )
        self.assertContains(second, "đã được người khác thay đổi")
        unit.refresh_from_db()
        self.assertEqual(unit.note, "Người thứ nhất")

    def test_bad_input_on_the_unit_form_names_the_field_in_vietnamese(self) -> None:
        self.login(self.province_admin)
        unit = Unit.objects.get(pk=self.commune_new.pk)
        response = self.client.post(
            reverse("units:edit", args=[unit.pk]),
            {
                "name": "",
                "code": "12a",
                "valid_from": "2025-07-01",
                "valid_to": "2020-01-01",
                "region": "",
                "version": unit.version,
            },
        )
        page = response.content.decode()
        self.assertIn("Trường này là bắt buộc", page)
        self.assertIn("Mã đơn vị chỉ gồm chữ số", page)
        response = self.client.post(
            reverse("units:edit", args=[unit.pk]),
            {"name": "Xã Một Mới", "code": "90002", "region": "XYZ", "version": unit.version},
        )
        self.assertContains(response, "Vùng “XYZ” không có trong danh mục vùng")

    def test_dates_in_the_wrong_order_are_refused(self) -> None:
        self.login(self.province_admin)
        unit = Unit.objects.get(pk=self.commune_new.pk)
        response = self.client.post(
            reverse("units:edit", args=[unit.pk]),
            {
                "name": "Xã Một Mới",
                "code": "90002",
                "valid_from": "2025-07-01",
                "valid_to": "2020-01-01",
                "region": "",
                "version": unit.version,
            },
        )
        self.assertContains(response, "Ngày hết hiệu lực phải sau")

    def test_succession_form_records_a_merger(self) -> None:
        self.login(self.province_admin)
        response = self.client.post(
            reverse("units:add-succession", args=[self.commune_two_a.pk]),
            {
                "successor": self.commune_new.pk,
                "kind": "merged",
                "effective_on": "2025-07-01",
                "basis": "Nghị quyết thử nghiệm",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn(self.commune_new, queries.current_successors(self.commune_two_a))
        bad = self.client.post(
            reverse("units:add-succession", args=[self.commune_one_a.pk]),
            {"successor": 999999, "kind": "xyz", "effective_on": "hôm qua"},
        )
        page = bad.content.decode()
        self.assertIn("không có trong phạm vi", page)
        self.assertIn("Nhập một ngày hợp lệ", page)
