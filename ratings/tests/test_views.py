"""The ratings screens through real HTTP: the overview's rates (computed again here from the records
the test made), the quota with frozen rules, lists and filters, entry and correction forms with bad
input, conflicts, and who may read, write or even see each page."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from ratings import services
from ratings.models import MemberRatingSummary, OrganisationRating
from ratings.tests.base import (
    LEGACY,
    OLD,
    RatingsViewTestCase,
    expected_percent_text,
)
from ratings.tests.factories import rate, summarise


class OverviewTests(RatingsViewTestCase):
    def test_headline_rates_are_computed_from_the_ratings_recorded(self) -> None:
        grassroots = OrganisationRating.objects.filter(
            unit__path__startswith=self.party_province.path, year=2023, is_grassroots=True
        )
        whole = grassroots.count()
        part = grassroots.filter(rank__in=("htxsnv", "httnv")).count()
        self.assertEqual(expected_percent_text(part, whole), "87,5%")  # 49/56 with the override
        response = self.get(self.viewer, "overview", unit_id=self.party_province.pk, year=2023)
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            f"{expected_percent_text(part, whole)} tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
        )
        self.assertContains(response, f"{part}/{whole} tổ chức cơ sở đảng được xếp loại")
        summaries = MemberRatingSummary.objects.filter(
            year=2023, unit__in=[self.bloc_one, self.bloc_two]
        )
        members = sum(s.members_rated for s in summaries)
        good = sum(s.count("htxsnv") + s.count("httnv") for s in summaries)
        self.assertEqual(expected_percent_text(good, members), "91,2%")
        self.assertContains(response, "tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 91,2%")
        self.assertContains(response, f"{good}/{members:,} đảng viên".replace(",", "."))

    def test_48_of_55_gives_87_3_percent_in_the_reports_words(self) -> None:
        OrganisationRating.objects.filter(unit=self.override_cell, year=2023).delete()
        response = self.get(self.viewer, "overview", unit_id=self.party_province.pk, year=2023)
        self.assertEqual(expected_percent_text(48, 55), "87,3%")
        self.assertContains(response, "87,3% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên")
        self.assertContains(response, "48/55 tổ chức cơ sở đảng được xếp loại")

    def test_legacy_year_keeps_the_trong_sach_vung_manh_wording(self) -> None:
        response = self.get(self.office, "overview", unit_id=self.party_province.pk, year=2016)
        self.assertContains(response, "87,3% tổ chức cơ sở đảng đạt trong sạch vững mạnh")
        self.assertNotContains(response, "hoàn thành tốt nhiệm vụ trở lên</p>")
        self.assertContains(response, "không quy đổi")
        self.assertContains(response, "không áp dụng tỷ lệ")

    def test_rates_per_directly_subordinate_organisation(self) -> None:
        response = self.get(self.viewer, "overview", unit_id=self.party_province.pk, year=2023)
        table = response.context["table"]
        rows = {row.unit.name: row for row in table.rows}
        one = rows["Đảng bộ Khối các cơ quan tỉnh"]
        self.assertEqual(one.cells[:2], (30, 26))
        self.assertEqual(expected_percent_text(26, 30), "86,7%")
        two = rows["Đảng bộ Khối doanh nghiệp tỉnh"]
        self.assertEqual(two.cells[:2], (26, 23))
        self.assertTrue(table.rows[-1].is_total)
        self.assertEqual(table.rows[-1].cells[:2], (56, 49))
        html = response.content.decode()
        self.assertIn("86,7%", html)
        self.assertIn(expected_percent_text(23, 26), html)
        self.assertIn(expected_percent_text(550, 600), html)  # members of bloc one

    def test_quota_with_its_rule_confidence_and_exceptional_notes(self) -> None:
        response = self.get(self.viewer, "overview", unit_id=self.party_province.pk, year=2023)
        self.assertContains(
            response, "không quá 20% số tổ chức hoàn thành tốt nhiệm vụ (124-QĐ/TW)"
        )
        self.assertContains(response, "Nguồn thứ cấp")
        self.assertContains(response, "chưa xác nhận")
        self.assertContains(response, "Quy định đóng băng cho kiểm thử (124).")
        groups = {group.label: group for group in response.context["quota_groups"]}
        two = groups["Đảng bộ Khối doanh nghiệp tỉnh"].check
        self.assertEqual((two.htxsnv, two.httnv), (4, 19))
        self.assertTrue(two.exceeded)
        self.assertTrue(two.justified)
        self.assertFalse(groups["Đảng bộ Khối các cơ quan tỉnh"].check.exceeded)
        self.assertContains(response, "Vượt tỷ lệ, có ghi chú thành tích đặc biệt")
        self.assertContains(response, "Thành tích đặc biệt trong cứu hộ bão lũ.")

    def test_a_year_before_any_quota_rule_says_it_is_unknown(self) -> None:
        rate(self.cells_one[0], "htxsnv", actor=self.office, year=2020, scale_version=OLD)
        response = self.get(self.viewer, "overview", unit_id=self.party_province.pk, year=2020)
        self.assertContains(response, "Chưa có quy định về tỷ lệ cho năm 2020")
        self.assertContains(response, "Không kiểm tra được")

    def test_a_bad_year_is_answered_on_the_year_field(self) -> None:
        response = self.get(self.viewer, "overview", unit_id=self.party_province.pk, year="abc")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Năm phải là một số", response.context["form"].errors["year"][0])

    def test_units_outside_scope_answer_404(self) -> None:
        self.assertEqual(
            self.get(self.viewer, "overview", unit_id=self.other_party.pk).status_code, 404
        )
        self.assertEqual(
            self.get(self.bloc_office, "overview", unit_id=self.party_province.pk).status_code,
            404,
        )
        self.assertEqual(self.get(self.inspector, "overview").status_code, 404)
        self.assertEqual(self.get(self.province_admin, "overview").status_code, 404)
        response = self.get(self.bloc_office, "overview", unit_id=self.bloc_one.pk, year=2023)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "86,7% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên")


class RatingListTests(RatingsViewTestCase):
    def test_filters_by_year_scale_rank_and_level(self) -> None:
        response = self.get(self.viewer, "rating-list", year=2023, scale=OLD, rank="htxsnv")
        names = {rating.unit.name for rating in response.context["page"].object_list}
        self.assertEqual(len(names), 8)
        self.assertIn("Chi bộ doanh nghiệp 26", names)
        self.assertNotIn("Chi bộ tỉnh Khác", names)
        response = self.get(self.viewer, "rating-list", year=2016, grassroots="yes")
        self.assertEqual(response.context["page"].paginator.count, 55)
        response = self.get(self.viewer, "rating-list", year=2016, grassroots="no")
        self.assertEqual(response.context["page"].paginator.count, 0)

    def test_htmx_filtering_returns_the_results_with_their_xlsx_link(self) -> None:
        self.login(self.viewer)
        response = self.client.get(
            reverse("ratings:rating-list"), {"year": 2016}, headers={"HX-Request": "true"}
        )
        html = response.content.decode()
        self.assertTrue(html.strip().startswith('<div id="results">'))
        self.assertNotIn("<h1>", html)
        self.assertIn(reverse("ratings:rating-list-xlsx") + "?year=2016", html)

    def test_a_rank_of_another_scale_is_answered_on_the_rank_field(self) -> None:
        response = self.get(self.viewer, "rating-list", scale=LEGACY, rank="htxsnv")
        self.assertIn("không thuộc thang", response.context["form"].errors["rank"][0])
        self.assertEqual(response.context["page"].paginator.count, 0)

    def test_the_list_is_limited_to_scope_and_a_subtree_outside_answers_404(self) -> None:
        response = self.get(self.bloc_office, "rating-list", year=2023)
        self.assertEqual(response.context["page"].paginator.count, 30)
        response = self.get(self.viewer, "rating-list", unit_id=self.bloc_two.pk, year=2023)
        self.assertEqual(response.context["page"].paginator.count, 26)
        self.assertEqual(
            self.get(self.bloc_office, "rating-list", unit_id=self.bloc_two.pk).status_code, 404
        )
        self.assertEqual(self.get(self.inspector, "rating-list").status_code, 404)

    def test_detail_shows_the_rating_and_answers_404_outside_scope(self) -> None:
        rating = OrganisationRating.objects.get(unit=self.override_cell, year=2023)
        response = self.get(self.viewer, "rating-detail", rating.pk)
        self.assertContains(response, "Hoàn thành xuất sắc nhiệm vụ")
        self.assertContains(response, "Thành tích đặc biệt trong cứu hộ bão lũ.")
        self.assertContains(response, "132-QĐ/TW ngày 08/3/2018 [S]")
        self.assertNotContains(response, reverse("ratings:rating-edit", args=[rating.pk]))
        self.assertEqual(self.get(self.bloc_office, "rating-detail", rating.pk).status_code, 404)
        self.assertEqual(
            self.get(self.viewer, "rating-detail", self.other_rating.pk).status_code, 404
        )


class RatingFormTests(RatingsViewTestCase):
    def post(self, user: User, name: str, data: dict[str, Any], *args: Any) -> Any:
        self.login(user)
        return self.client.post(reverse(f"ratings:{name}", args=args), data)

    def new(self, **data: Any) -> dict[str, Any]:
        values = {
            "unit": self.cells_one[0].pk,
            "year": 2025,
            "scale_version": "366-2025",
            "rank": "httnv",
            "score": "85,5",
            "approved_by_unit": self.bloc_one.pk,
        }
        values.update(data)
        return values

    def errors(self, response: Any) -> Any:
        self.assertEqual(response.status_code, 200)
        return response.context["form"].errors

    def test_the_scales_offered_follow_the_year(self) -> None:
        response = self.get(self.office, "rating-create", year=2020)
        html = response.content.decode()
        self.assertIn('value="132-2018"', html)
        self.assertIn('value="legacy-tsvm"', html)
        self.assertNotIn('value="366-2025"', html)
        self.login(self.office)
        response = self.client.post(
            reverse("ratings:rating-create"), {"year": "2025", "change_year": "1"}
        )
        html = response.content.decode()
        self.assertIn('value="366-2025"', html)
        self.assertNotIn('value="132-2018"', html)
        self.assertFalse(response.context["form"].is_bound)

    def test_a_valid_entry_is_recorded_with_an_audit_row(self) -> None:
        response = self.post(self.office, "rating-create", self.new())
        rating = OrganisationRating.objects.get(unit=self.cells_one[0], year=2025)
        self.assertRedirects(response, reverse("ratings:rating-detail", args=[rating.pk]))
        self.assertEqual(str(rating.score), "85.50")
        self.assertEqual(rating.rank, "httnv")
        self.assertTrue(
            AuditEvent.objects.filter(
                action="organisation_rating.recorded", target_id=str(rating.pk)
            ).exists()
        )

    def test_bad_input_is_answered_in_vietnamese_on_the_field(self) -> None:
        cases: list[tuple[dict[str, Any], str, str]] = [
            ({"score": ""}, "score", "Thang 100 điểm phải có điểm."),
            ({"score": "tám mươi"}, "score", "không phải là số"),
            ({"score": "120"}, "score", "Điểm phải từ 0 đến 100."),
            ({"rank": "htxsnv"}, "rank", "không thể xếp"),
            ({"rank": "htnv"}, "note", "phải ghi rõ lý do"),
            ({"rank": "hoan_thanh_tot"}, "rank", "không thuộc thang"),
            ({"year": 2020}, "scale_version", "không áp dụng cho năm 2020"),
            ({"year": ""}, "year", "Hãy nhập năm xếp loại."),
            ({"year": 2100}, "year", "không được sau năm nay"),
            ({"unit": self.other_party.pk}, "unit", "nằm ngoài phạm vi"),
            (
                {"scale_version": "132-2018", "year": 2023, "score": "80"},
                "score",
                "không chấm điểm",
            ),
            ({"exceptional_override": "on"}, "override_note", "phải có ghi chú lý do"),
            ({"is_exemplary": "on"}, "is_exemplary", "tiêu biểu"),
            ({"approved_by_unit": self.bloc_two.pk}, "approved_by_unit", "cấp trên"),
        ]
        for data, field, message in cases:
            with self.subTest(field=field, data=data):
                errors = self.errors(self.post(self.office, "rating-create", self.new(**data)))
                self.assertIn(field, errors)
                self.assertIn(message, " ".join(errors[field]))
        self.assertFalse(OrganisationRating.objects.filter(year=2025).exists())

    def test_a_second_rating_of_the_same_year_points_to_the_first(self) -> None:
        self.post(self.office, "rating-create", self.new())
        errors = self.errors(
            self.post(self.office, "rating-create", self.new(rank="htnv", score="60"))
        )
        self.assertIn("hãy mở bản ghi đó để sửa", errors["year"][0])

    def test_htxsnv_beyond_the_quota_is_refused_unless_exceptional_with_a_note(self) -> None:
        for cell in self.cells_one[:5]:
            rate(cell, "httnv", actor=self.office, score=80, approved_by_unit=self.bloc_one)
        self.post(
            self.office,
            "rating-create",
            self.new(unit=self.cells_one[5].pk, rank="htxsnv", score="95"),
        )
        beyond = self.new(unit=self.cells_one[6].pk, rank="htxsnv", score="96")
        errors = self.errors(self.post(self.office, "rating-create", beyond))
        self.assertIn("Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ", errors["rank"][0])
        self.assertIn("366-QĐ/TW", errors["rank"][0])
        self.assertFalse(
            OrganisationRating.objects.filter(unit=self.cells_one[6], year=2025).exists()
        )
        beyond.update(exceptional_override="on", override_note="Thành tích đặc biệt.")
        response = self.post(self.office, "rating-create", beyond)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            OrganisationRating.objects.get(unit=self.cells_one[6], year=2025).exceptional_override
        )

    def test_a_stale_version_gives_the_conflict_message_and_changes_nothing(self) -> None:
        rating = rate(self.cells_one[0], "httnv", actor=self.office, score=80)
        form = self.get(self.office, "rating-edit", rating.pk).context["form"]
        self.assertEqual(form.initial["version"], 1)
        self.assertEqual(form.initial["score"], "80,00")
        services.record_organisation_rating(
            rating.unit,
            actor=self.bloc_office,
            year=2025,
            scale_version="366-2025",
            rank="htnv",
            score=65,
            expected_version=1,
        )
        response = self.post(
            self.office,
            "rating-edit",
            {"scale_version": "366-2025", "rank": "httnv", "score": "88", "version": 1},
            rating.pk,
        )
        self.assertContains(response, "đã được người khác thay đổi")
        rating.refresh_from_db()
        self.assertEqual((rating.rank, rating.version), ("htnv", 2))
        response = self.post(
            self.office,
            "rating-edit",
            {"scale_version": "366-2025", "rank": "httnv", "score": "88", "version": 2},
            rating.pk,
        )
        self.assertRedirects(response, reverse("ratings:rating-detail", args=[rating.pk]))
        rating.refresh_from_db()
        self.assertEqual((rating.rank, rating.version), ("httnv", 3))
        history = self.get(self.viewer, "rating-detail", rating.pk)
        self.assertContains(history, "Sửa xếp loại")
        self.assertContains(history, "Mức xếp loại: Hoàn thành nhiệm vụ → Hoàn thành tốt nhiệm vụ")

    def test_the_leader_can_read_but_not_write(self) -> None:
        rating = OrganisationRating.objects.get(unit=self.cells_one[0], year=2023)
        summary = MemberRatingSummary.objects.get(unit=self.bloc_one, year=2023)
        for name, args in (
            ("overview", ()),
            ("rating-list", ()),
            ("rating-detail", (rating.pk,)),
            ("summary-list", ()),
        ):
            self.assertEqual(self.get(self.viewer, name, *args).status_code, 200, name)
        self.assertNotContains(
            self.get(self.viewer, "rating-list"), reverse("ratings:rating-create")
        )
        for name, args in (
            ("rating-create", ()),
            ("rating-edit", (rating.pk,)),
            ("summary-create", ()),
            ("summary-edit", (summary.pk,)),
        ):
            self.assertEqual(self.get(self.viewer, name, *args).status_code, 403, name)
        response = self.post(
            self.viewer,
            "rating-edit",
            {"scale_version": OLD, "rank": "khtnv", "version": rating.version},
            rating.pk,
        )
        self.assertEqual(response.status_code, 403)
        rating.refresh_from_db()
        self.assertEqual(rating.rank, "httnv")

    def test_writing_outside_scope_answers_404(self) -> None:
        rating = OrganisationRating.objects.get(unit=self.cells_two[0], year=2023)
        self.assertEqual(self.get(self.bloc_office, "rating-edit", rating.pk).status_code, 404)
        response = self.post(
            self.bloc_office,
            "rating-edit",
            {"scale_version": OLD, "rank": "khtnv", "version": rating.version},
            rating.pk,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.get(self.inspector, "rating-create").status_code, 404)


class SummaryTests(RatingsViewTestCase):
    def post(self, user: User, name: str, data: dict[str, Any], *args: Any) -> Any:
        self.login(user)
        return self.client.post(reverse(f"ratings:{name}", args=args), data)

    def test_the_list_shows_one_table_per_scale_with_a_count_per_rank(self) -> None:
        summarise(
            self.cells_one[0],
            {"hoan_thanh_xuat_sac": 2, "hoan_thanh_tot": 10, "hoan_thanh": 1},
            actor=self.office,
            year=2016,
            scale_version=LEGACY,
        )
        response = self.get(self.viewer, "summary-list")
        labels = [table["label"] for table in response.context["tables"]]
        self.assertEqual(len(labels), 2)
        self.assertContains(response, "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ")
        self.assertContains(response, expected_percent_text(550, 600))
        response = self.get(self.viewer, "summary-list", year=2023)
        self.assertEqual(response.context["page"].paginator.count, 2)

    def test_one_count_field_per_rank_of_the_chosen_scale(self) -> None:
        response = self.get(self.office, "summary-create", year=2023)
        form = response.context["form"]
        self.assertEqual(
            [f.name for f in form.count_fields],
            ["count_htxsnv", "count_httnv", "count_htnv", "count_khtnv"],
        )
        response = self.post(
            self.office,
            "summary-create",
            {"year": "2023", "scale_version": LEGACY, "change_scale": "1"},
        )
        form = response.context["form"]
        self.assertEqual(
            [f.name for f in form.count_fields],
            [
                "count_hoan_thanh_xuat_sac",
                "count_hoan_thanh_tot",
                "count_hoan_thanh",
                "count_khong_hoan_thanh",
            ],
        )

    def test_the_total_must_add_up_and_counts_must_be_whole_numbers(self) -> None:
        data = {
            "unit": self.cells_one[0].pk,
            "year": 2023,
            "scale_version": OLD,
            "shown_scale": OLD,
            "count_htxsnv": 2,
            "count_httnv": 10,
            "count_htnv": 1,
            "members_rated": 14,
        }
        errors = self.post(self.office, "summary-create", data).context["form"].errors
        self.assertIn("khác tổng các mức (13)", errors["members_rated"][0])
        errors = (
            self.post(self.office, "summary-create", {**data, "count_htnv": -1})
            .context["form"]
            .errors
        )
        self.assertIn("không được âm", errors["count_htnv"][0])
        errors = (
            self.post(self.office, "summary-create", {**data, "count_htnv": "một"})
            .context["form"]
            .errors
        )
        self.assertIn("số nguyên", errors["count_htnv"][0])
        errors = (
            self.post(self.office, "summary-create", {**data, "scale_version": LEGACY})
            .context["form"]
            .errors
        )
        self.assertIn("Chọn thang", errors["scale_version"][0])
        self.assertFalse(MemberRatingSummary.objects.filter(unit=self.cells_one[0]).exists())
        response = self.post(self.office, "summary-create", {**data, "members_rated": 13})
        self.assertEqual(response.status_code, 302)
        summary = MemberRatingSummary.objects.get(unit=self.cells_one[0], year=2023)
        self.assertEqual(summary.counts, {"htxsnv": 2, "httnv": 10, "htnv": 1, "khtnv": 0})
        self.assertTrue(AuditEvent.objects.filter(action="member_rating_summary.recorded").exists())

    def test_editing_a_summary_with_a_stale_version_is_a_conflict(self) -> None:
        summary = MemberRatingSummary.objects.get(unit=self.bloc_one, year=2023)
        form = self.get(self.office, "summary-edit", summary.pk).context["form"]
        self.assertEqual(form.initial["count_httnv"], 480)
        services.record_member_summary(
            self.bloc_one,
            actor=self.bloc_office,
            year=2023,
            scale_version=OLD,
            counts={"httnv": 500},
            expected_version=summary.version,
        )
        data = {
            "scale_version": OLD,
            "shown_scale": OLD,
            "count_httnv": 600,
            "members_rated": 600,
            "version": 1,
        }
        response = self.post(self.office, "summary-edit", data, summary.pk)
        self.assertContains(response, "đã được người khác thay đổi")
        summary.refresh_from_db()
        self.assertEqual(summary.members_rated, 500)
        response = self.post(self.office, "summary-edit", {**data, "version": 2}, summary.pk)
        self.assertEqual(response.status_code, 302)
        summary.refresh_from_db()
        self.assertEqual((summary.members_rated, summary.version), (600, 3))

    def test_summaries_outside_scope_answer_404(self) -> None:
        summary = MemberRatingSummary.objects.get(unit=self.bloc_two, year=2023)
        self.assertEqual(self.get(self.bloc_office, "summary-edit", summary.pk).status_code, 404)
        response = self.get(self.bloc_office, "summary-list", year=2023)
        self.assertEqual(response.context["page"].paginator.count, 1)
        self.assertEqual(self.get(self.inspector, "summary-list").status_code, 404)


class OverviewCostTests(RatingsViewTestCase):
    def test_the_rates_per_unit_cost_the_same_queries_whatever_the_number_of_units(self) -> None:
        counts = []
        for bloc in (self.bloc_one, self.bloc_two):  # 30 and 26 subordinate cells
            self.get(self.office, "overview", unit_id=bloc.pk, year=2023)  # warm the session
            with CaptureQueriesContext(connection) as queries:
                response = self.get(self.office, "overview", unit_id=bloc.pk, year=2023)
            self.assertEqual(len(response.context["table"].rows), len(bloc.children.all()) + 1)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
