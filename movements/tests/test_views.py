"""Model (mô hình) screens through real HTTP: scope (404 elsewhere), filters, counts checked
against an independent count, Vietnamese errors on the right field, conflicts, read-only roles,
and the xlsx files opened with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit, make_user
from movements.models import MovementModel
from movements.tests.factories import make_movement_model
from units.models import Unit

F = MovementModel.Field
S = MovementModel.Status
K = Unit.Kind
CONFLICT = "đã được người khác thay đổi"
Params = dict[str, Any]
Made = tuple[Unit, str, str, int | None, str]


def person(username: str, role: str, unit: Unit) -> User:
    """A user holding `role` at `unit` and below (assigned directly: some units are closed)."""
    user = make_user(username)
    user.assignments.create(role=Role.objects.get(code=role), unit=unit, include_subtree=True)
    return user


def sheet_rows(content: bytes, index: int = 0) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[index]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def field_errors(response: Any, name: str) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


class MovementViewTestCase(BaseTestCase):
    """Models of Huyện Một's communes and of Huyện Hai, and the people of the mass mobilisation
    office of each district."""

    village: Unit
    officer: User
    other_officer: User
    made: list[Made]
    one_a_model: MovementModel
    two_a_model: MovementModel

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.village = make_unit(K.VILLAGE, "Thôn Đông", cls.commune_one_a)
        cls.officer = person("danvan", "mass_mobilisation_office", cls.district_one)
        cls.other_officer = person("danvanhai", "mass_mobilisation_office", cls.district_two)
        cls.made = []
        spec: list[tuple[Unit, str, str, int | None]] = [
            (cls.commune_one_a, F.DAN_VAN_KHEO, S.DANG_DUY_TRI, 2021),
            (cls.commune_one_a, F.DAN_VAN_KHEO, S.DA_NHAN_RONG, 2021),
            (cls.commune_one_a, F.DAN_VAN_KHEO, S.NGUNG, 2022),
            (cls.village, F.THON_THONG_MINH, S.DANG_DUY_TRI, 2023),
            (cls.commune_one_b, F.DAN_VAN_KHEO, S.DA_NHAN_RONG, 2019),
            (cls.commune_one_b, F.NTM, S.DANG_DUY_TRI, 2022),
            (cls.commune_one_b, F.KHAC, S.DANG_DUY_TRI, None),
            (cls.district_one, F.NTM, S.DA_NHAN_RONG, 2024),
            (cls.district_one, F.DAN_VAN_KHEO, S.DANG_DUY_TRI, 2020),
            (cls.commune_two_a, F.DAN_VAN_KHEO, S.DANG_DUY_TRI, 2021),
            (cls.commune_two_a, F.NTM, S.DA_NHAN_RONG, 2022),
        ]
        for i, (unit, field, status, year) in enumerate(spec):
            name = f"Mô hình số {i} {unit.name}"
            make_movement_model(unit, name, field=field, status=status, recognised_year=year)
            cls.made.append((unit, field, status, year, name))
        cls.one_a_model = MovementModel.objects.get(name__startswith="Mô hình số 0 ")
        cls.two_a_model = MovementModel.objects.get(name__startswith="Mô hình số 9 ")

    def names_on(self, response: Any) -> set[str]:
        page = response.content.decode()
        return {m[4] for m in self.made if m[4] in page}

    def expected_names(self, keep: Callable[[Made], bool]) -> set[str]:
        return {m[4] for m in self.made if keep(m)}

    def in_district_one(self, m: Made) -> bool:
        return m[0].path.startswith(self.district_one.path)


class AccessTests(MovementViewTestCase):
    def urls(self) -> list[tuple[str, str]]:
        pk = self.one_a_model.pk
        return [
            ("get", reverse("movements:list")),
            ("get", reverse("movements:list-xlsx")),
            ("get", reverse("movements:counts")),
            ("get", reverse("movements:counts-xlsx")),
            ("get", reverse("movements:create")),
            ("post", reverse("movements:create")),
            ("get", reverse("movements:detail", args=[pk])),
            ("get", reverse("movements:edit", args=[pk])),
            ("post", reverse("movements:edit", args=[pk])),
            ("get", reverse("movements:history", args=[pk])),
        ]

    def test_people_without_the_movements_capability_get_404_everywhere(self) -> None:
        for user in (self.inspector, self.commune_officer):
            self.login(user)
            for method, url in self.urls():
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 404, f"{user} {method} {url}")

    def test_officer_of_another_district_gets_404_on_the_model_and_its_area(self) -> None:
        self.login(self.other_officer)
        for method, url in self.urls():
            if f"/movements/{self.one_a_model.pk}/" not in url:
                continue
            self.assertEqual(getattr(self.client, method)(url).status_code, 404, url)
        for name in ("movements:list", "movements:counts", "movements:list-xlsx"):
            response = self.client.get(reverse(name), {"unit_id": self.district_one.pk})
            self.assertEqual(response.status_code, 404, name)
        bad = self.client.get(reverse("movements:list"), {"unit_id": "x"})
        self.assertEqual(bad.status_code, 404)

    def test_read_only_leader_sees_but_cannot_write(self) -> None:
        self.login(self.viewer)
        detail = self.client.get(reverse("movements:detail", args=[self.one_a_model.pk]))
        self.assertEqual(detail.status_code, 200)
        self.assertNotContains(detail, reverse("movements:edit", args=[self.one_a_model.pk]))
        listing = self.client.get(reverse("movements:list"), {"unit_id": self.province.pk})
        self.assertNotContains(listing, reverse("movements:create"))
        before = MovementModel.objects.count()
        self.assertEqual(self.client.get(reverse("movements:create")).status_code, 403)
        response = self.client.post(
            reverse("movements:create"),
            Params(unit=self.commune_one_a.pk, name="Lén", field=F.NTM, status=S.NGUNG),
        )
        self.assertEqual(response.status_code, 403)
        response = self.client.post(
            reverse("movements:edit", args=[self.one_a_model.pk]),
            Params(name="Đổi tên", field=F.NTM, status=S.NGUNG, version=1),
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(MovementModel.objects.count(), before)
        self.one_a_model.refresh_from_db()
        self.assertNotEqual(self.one_a_model.name, "Đổi tên")


class ListTests(MovementViewTestCase):
    def test_list_shows_the_area_and_everything_below_it_only(self) -> None:
        self.login(self.officer)
        response = self.client.get(reverse("movements:list"), {"unit_id": self.district_one.pk})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.names_on(response), self.expected_names(self.in_district_one))
        response = self.client.get(reverse("movements:list"), {"unit_id": self.commune_one_a.pk})
        self.assertEqual(
            self.names_on(response),
            self.expected_names(lambda m: m[0] in (self.commune_one_a, self.village)),
        )

    def test_leader_of_the_province_chooses_a_district_or_the_party_tree(self) -> None:
        self.login(self.viewer)
        url = reverse("movements:list")
        whole = self.client.get(url, {"unit_id": self.province.pk})
        self.assertEqual(self.names_on(whole), self.expected_names(lambda m: True))
        two = self.client.get(url, {"unit_id": self.district_two.pk})
        self.assertEqual(
            self.names_on(two), self.expected_names(lambda m: m[0] == self.commune_two_a)
        )
        party = self.client.get(url, {"unit_id": self.party_province.pk})
        self.assertEqual(party.status_code, 200)
        self.assertEqual(self.names_on(party), set())

    def test_filters_by_field_status_years_and_words(self) -> None:
        self.login(self.officer)
        url = reverse("movements:list")
        base = Params(unit_id=self.district_one.pk)
        cases: list[tuple[Params, Callable[[Made], bool]]] = [
            (Params(field=F.DAN_VAN_KHEO), lambda m: m[1] == F.DAN_VAN_KHEO),
            (Params(status=S.DA_NHAN_RONG), lambda m: m[2] == S.DA_NHAN_RONG),
            (
                Params(year_from=2021, year_to=2022),
                lambda m: m[3] is not None and 2021 <= m[3] <= 2022,
            ),
            (Params(year_from=2023), lambda m: m[3] is not None and m[3] >= 2023),
            (Params(q="số 4"), lambda m: m[4].startswith("Mô hình số 4 ")),
            (Params(q="Xã Một B"), lambda m: m[0] == self.commune_one_b),
            (
                Params(field=F.DAN_VAN_KHEO, status=S.DANG_DUY_TRI, year_to=2021),
                lambda m: (
                    m[1] == F.DAN_VAN_KHEO
                    and m[2] == S.DANG_DUY_TRI
                    and m[3] is not None
                    and m[3] <= 2021
                ),
            ),
        ]
        for params, keep in cases:
            response = self.client.get(url, {**base, **params})
            expected = self.expected_names(
                lambda m, keep=keep: self.in_district_one(m) and keep(m)  # type: ignore[misc]
            )
            self.assertEqual(self.names_on(response), expected, params)
            self.assertContains(response, f"{len(expected)} mô hình")

    def test_bad_filters_get_vietnamese_messages_on_their_field(self) -> None:
        self.login(self.officer)
        url = reverse("movements:list")
        area = Params(unit_id=self.district_one.pk)
        response = self.client.get(url, {**area, "year_from": 2023, "year_to": 2021})
        self.assertEqual(
            field_errors(response, "year_to"), ["Năm cuối phải sau hoặc bằng năm đầu."]
        )
        self.assertEqual(self.names_on(response), set())
        response = self.client.get(url, {**area, "year_from": "năm"})
        self.assertEqual(field_errors(response, "year_from"), ["Năm phải là một số, ví dụ 2023."])
        response = self.client.get(url, {**area, "field": "sai"})
        self.assertEqual(field_errors(response, "field"), ["Lĩnh vực đã chọn không hợp lệ."])

    def test_list_xlsx_has_the_filtered_rows(self) -> None:
        self.login(self.officer)
        response = self.client.get(
            reverse("movements:list-xlsx"),
            Params(unit_id=self.district_one.pk, field=F.DAN_VAN_KHEO),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(".xlsx", response["Content-Disposition"])
        rows = sheet_rows(response.content)
        self.assertEqual(rows[0][0], "Danh sách mô hình")
        header_at = next(i for i, row in enumerate(rows) if row[0] == "STT")
        self.assertEqual(rows[header_at][1], "Tên mô hình")
        body = rows[header_at + 1 :]
        expected = sorted(
            (m for m in self.made if self.in_district_one(m) and m[1] == F.DAN_VAN_KHEO),
            key=lambda m: (m[0].path, m[4]),
        )
        self.assertEqual([row[1] for row in body], [m[4] for m in expected])
        self.assertEqual([row[4] for row in body], [m[3] for m in expected])
        self.assertEqual({row[3] for row in body}, {"Dân vận khéo"})
        self.assertEqual([row[0] for row in body], list(range(1, len(expected) + 1)))


class CountTests(MovementViewTestCase):
    def independent(self, area: Unit, first: int, last: int) -> dict[str, tuple[int, ...]]:
        """(recognised, active, replicated, total) per field, counted here without the app."""
        mine = [m for m in self.made if m[0].path.startswith(area.path)]
        result: dict[str, tuple[int, ...]] = {}
        for field in F.values:
            of_field = [m for m in mine if m[1] == field]
            in_period = [m for m in of_field if m[3] is not None and first <= m[3] <= last]
            result[field] = (
                len(in_period),
                len([m for m in in_period if m[2] != S.NGUNG]),
                len([m for m in in_period if m[2] == S.DA_NHAN_RONG]),
                len(of_field),
            )
        return result

    def got(self, response: Any) -> dict[str, tuple[int, ...]]:
        return {
            r.field: (r.recognised, r.active, r.replicated, r.total)
            for r in response.context["counts"].by_field
        }

    def test_counts_per_field_for_the_picked_term_match_an_independent_count(self) -> None:
        self.login(self.officer)
        response = self.client.get(
            reverse("movements:counts"), Params(unit_id=self.district_one.pk, period="T2020")
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.got(response), self.independent(self.district_one, 2020, 2025))
        # Dân vận khéo 2020–2025 in Huyện Một: 2020, 2021 ×2, 2022 (stopped) → 4, 3 active.
        self.assertContains(
            response,
            "Nhiệm kỳ 2020–2025, Huyện Một có 04 mô hình “Dân vận khéo” được công nhận "
            "(03 đang hoạt động, 01 đã nhân rộng).",
        )
        self.assertContains(response, "01 mô hình “Thôn thông minh”")
        self.assertNotContains(response, "mô hình khác được công nhận")

    def test_a_period_shorter_than_a_year_counts_its_whole_year(self) -> None:
        self.login(self.officer)
        response = self.client.get(
            reverse("movements:counts"), Params(unit_id=self.district_one.pk, period="2022-Q3")
        )
        self.assertEqual(self.got(response), self.independent(self.district_one, 2022, 2022))
        self.assertContains(response, "được tính theo cả năm của kỳ")

    def test_a_year_range_overrides_the_period(self) -> None:
        self.login(self.officer)
        response = self.client.get(
            reverse("movements:counts"),
            Params(unit_id=self.district_one.pk, period="2022", year_from=2019, year_to=2021),
        )
        self.assertEqual(response.context["span"].label, "Từ năm 2019 đến năm 2021")
        self.assertEqual(self.got(response), self.independent(self.district_one, 2019, 2021))

    def measured(self, m: Made, index: int) -> bool:
        in_period = m[3] is not None and 2020 <= m[3] <= 2025
        return [
            in_period,
            in_period and m[2] != S.NGUNG,
            in_period and m[2] == S.DA_NHAN_RONG,
            True,
        ][index]

    def test_rows_per_unit_below_add_up_to_the_area(self) -> None:
        self.login(self.viewer)
        whole = self.independent(self.district_one, 2020, 2025)
        for measure, index in (("recognised", 0), ("active", 1), ("replicated", 2), ("total", 3)):
            response = self.client.get(
                reverse("movements:counts"),
                Params(unit_id=self.district_one.pk, period="T2020", measure=measure),
            )
            rows = {(row.unit.pk, row.is_own): row for row in response.context["rows"]}
            # The communes below, then the district's own models.
            self.assertEqual(
                list(rows),
                [
                    (self.commune_one_a.pk, False),
                    (self.commune_one_b.pk, False),
                    (self.district_one.pk, True),
                ],
            )
            for (pk, is_own), row in rows.items():
                unit = Unit.objects.get(pk=pk)
                if is_own:
                    expected = [
                        sum(
                            1
                            for m in self.made
                            if m[0] == unit and m[1] == field and self.measured(m, index)
                        )
                        for field in F.values
                    ]
                else:
                    per_field = self.independent(unit, 2020, 2025)
                    expected = [per_field[field][index] for field in F.values]
                self.assertEqual(row.cells, expected, (measure, unit.name))
                self.assertEqual(row.total, sum(expected))
            self.assertEqual(
                response.context["totals"], [whole[field][index] for field in F.values]
            )

    def test_province_rows_list_units_below_that_existed_in_the_years(self) -> None:
        self.login(self.viewer)
        url = reverse("movements:counts")
        response = self.client.get(url, Params(unit_id=self.province.pk, period="2021"))
        # Xã Một Mới opened on 1/7/2025 and has no models: not a row of 2021.
        self.assertEqual(
            [row.unit for row in response.context["rows"]], [self.district_one, self.district_two]
        )
        later = self.client.get(url, Params(unit_id=self.province.pk, period="2026"))
        units = [row.unit for row in later.context["rows"]]
        # The districts closed on 30/6/2025 and count no model recognised in 2026.
        self.assertEqual(units, [self.commune_new])

    def test_bad_year_range_gets_its_message_and_falls_back_on_the_period(self) -> None:
        self.login(self.officer)
        response = self.client.get(
            reverse("movements:counts"),
            Params(unit_id=self.district_one.pk, period="2021", year_from=2024, year_to=2020),
        )
        self.assertEqual(
            field_errors(response, "year_to"), ["Năm cuối phải sau hoặc bằng năm đầu."]
        )
        self.assertEqual(response.context["span"].label, "Năm 2021")

    def test_counts_xlsx_has_the_same_figures_as_the_page(self) -> None:
        self.login(self.officer)
        params = Params(unit_id=self.district_one.pk, period="T2020")
        response = self.client.get(reverse("movements:counts-xlsx"), params)
        self.assertEqual(response.status_code, 200)
        want = self.independent(self.district_one, 2020, 2025)
        by_field = sheet_rows(response.content, 0)
        header_at = next(i for i, row in enumerate(by_field) if row[0] == "Lĩnh vực")
        body = by_field[header_at + 1 :]
        labels = dict(F.choices)
        for row, field in zip(body, F.values, strict=False):
            self.assertEqual(row[0], labels[field])
            self.assertEqual(tuple(row[1:5]), want[field])
        self.assertEqual(body[-1][0], "Tổng số")
        self.assertEqual(body[-1][1], sum(v[0] for v in want.values()))
        self.assertTrue(any("04 mô hình “Dân vận khéo”" in str(row[0]) for row in by_field))
        by_unit = sheet_rows(response.content, 1)
        header_at = next(i for i, row in enumerate(by_unit) if row[0] == "Đơn vị")
        self.assertEqual(by_unit[header_at][1:], [*labels.values(), "Tổng số"])
        names = [row[0] for row in by_unit[header_at + 1 :]]
        self.assertEqual(names, ["Xã Một A", "Xã Một B", "Trực tiếp tại Huyện Một", "Tổng số"])
        total = by_unit[-1]
        self.assertEqual(total[1:-1], [want[field][0] for field in F.values])
        self.assertEqual(total[-1], sum(v[0] for v in want.values()))


class EntryTests(MovementViewTestCase):
    def post_new(self, **overrides: Any) -> Any:
        data = Params(
            unit=self.commune_one_a.pk,
            name="Dân vận khéo trong hiến đất làm đường",
            field=F.DAN_VAN_KHEO,
            recognised_year="2022",
            recognised_by="Ban Dân vận Huyện ủy",
            status=S.DANG_DUY_TRI,
            description="",
        )
        data.update(overrides)
        return self.client.post(reverse("movements:create"), data)

    def test_officer_records_a_model_and_the_change_is_audited(self) -> None:
        self.login(self.officer)
        form = self.client.get(reverse("movements:create"), {"unit_id": self.commune_one_a.pk})
        self.assertEqual(form.status_code, 200)
        units = list(form.context["form"].fields["unit"].queryset)
        self.assertIn(self.commune_one_a, units)
        self.assertNotIn(self.commune_two_a, units)
        response = self.post_new()
        model = MovementModel.objects.get(name="Dân vận khéo trong hiến đất làm đường")
        self.assertRedirects(response, reverse("movements:detail", args=[model.pk]))
        self.assertEqual((model.unit, model.recognised_year), (self.commune_one_a, 2022))
        event = AuditEvent.objects.get(action="movement_model.created", target_id=str(model.pk))
        self.assertEqual(event.actor, self.officer)
        history = self.client.get(reverse("movements:history", args=[model.pk]))
        self.assertContains(history, "movement_model.created")

    def test_bad_input_gets_vietnamese_messages_on_the_right_field(self) -> None:
        self.login(self.officer)
        before = MovementModel.objects.count()
        cases: list[tuple[Params, str, str]] = [
            (Params(name="  "), "name", "Tên mô hình không được để trống."),
            (Params(field=""), "field", "Hãy chọn lĩnh vực của mô hình."),
            (Params(field="bay_ba"), "field", "Lĩnh vực của mô hình không hợp lệ."),
            (
                Params(recognised_year="hai nghìn"),
                "recognised_year",
                "Năm phải là một số, ví dụ 2023.",
            ),
            (Params(recognised_year="1900"), "recognised_year", "Năm phải từ 1945 trở về sau."),
            (
                Params(recognised_year="2099"),
                "recognised_year",
                "Năm được công nhận phải từ 1945 đến năm hiện tại.",
            ),
            (
                Params(recognised_year=""),
                "recognised_year",
                "Đã ghi cơ quan công nhận thì phải ghi năm được công nhận.",
            ),
            (
                Params(unit=self.commune_two_a.pk),
                "unit",
                "Đơn vị đã chọn không có hoặc nằm ngoài phạm vi được giao.",
            ),
            (Params(unit=""), "unit", "Hãy chọn đơn vị có mô hình."),
            (Params(status="mat_tich"), "status", "Tình trạng của mô hình không hợp lệ."),
            (Params(name=self.one_a_model.name), "name", "Đơn vị đã có mô hình cùng tên."),
        ]
        for overrides, field, message in cases:
            response = self.post_new(**overrides)
            self.assertEqual(response.status_code, 200, overrides)
            self.assertEqual(field_errors(response, field), [message], overrides)
        self.assertEqual(MovementModel.objects.count(), before)

    def test_edit_saves_and_bumps_the_version(self) -> None:
        self.login(self.officer)
        url = reverse("movements:edit", args=[self.one_a_model.pk])
        form = self.client.get(url)
        self.assertContains(form, 'name="version"')
        self.assertNotIn("unit", form.context["form"].fields)
        response = self.client.post(
            url,
            Params(
                name=self.one_a_model.name,
                field=F.DAN_VAN_KHEO,
                recognised_year="2021",
                status=S.DA_NHAN_RONG,
                version=self.one_a_model.version,
            ),
        )
        self.assertRedirects(response, reverse("movements:detail", args=[self.one_a_model.pk]))
        model = MovementModel.objects.get(pk=self.one_a_model.pk)
        self.assertEqual((model.status, model.version), (S.DA_NHAN_RONG, 2))
        self.assertTrue(
            AuditEvent.objects.filter(
                action="movement_model.updated", target_id=str(model.pk), actor=self.officer
            ).exists()
        )

    def test_a_stale_form_is_a_conflict_and_changes_nothing(self) -> None:
        self.login(self.officer)
        url = reverse("movements:edit", args=[self.one_a_model.pk])
        data = Params(
            name="Tên thứ nhất",
            field=F.DAN_VAN_KHEO,
            recognised_year="2021",
            status=S.DANG_DUY_TRI,
            version=1,
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        response = self.client.post(url, {**data, "name": "Tên thứ hai"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, CONFLICT)
        model = MovementModel.objects.get(pk=self.one_a_model.pk)
        self.assertEqual((model.name, model.version), ("Tên thứ nhất", 2))
        missing = self.client.post(url, {**data, "version": ""})
        self.assertEqual(
            field_errors(missing, "version"), ["Thiếu phiên bản của biểu mẫu; hãy tải lại trang."]
        )

    def test_bad_edit_keeps_the_message_on_the_field(self) -> None:
        self.login(self.officer)
        url = reverse("movements:edit", args=[self.one_a_model.pk])
        response = self.client.post(
            url,
            Params(
                name="",
                field=F.DAN_VAN_KHEO,
                recognised_year="2021",
                status=S.DANG_DUY_TRI,
                version=1,
            ),
        )
        self.assertEqual(field_errors(response, "name"), ["Tên mô hình không được để trống."])
        self.assertEqual(MovementModel.objects.get(pk=self.one_a_model.pk).version, 1)


class PartyAreaTests(TestCase):
    def test_models_of_party_organisations_are_counted_in_the_party_tree(self) -> None:
        party = make_unit(K.PARTY_PROVINCE, "Đảng bộ Khối thử")
        cell = make_unit(K.PARTY_CELL, "Chi bộ Sở thử", party)
        make_movement_model(cell, "Dân vận khéo ở cơ quan", recognised_year=2023)
        user = make_user("danvankhoi")
        user.assignments.create(
            role=Role.objects.get(code="mass_mobilisation_office"),
            unit=party,
            include_subtree=True,
        )
        self.client.force_login(user)
        response = self.client.get(reverse("movements:counts"), {"period": "2023"})
        self.assertEqual(response.context["area"], party)
        self.assertEqual([(row.unit, row.total) for row in response.context["rows"]], [(cell, 1)])
        self.assertContains(response, "Năm 2023, Đảng bộ Khối thử có 01 mô hình “Dân vận khéo”")
