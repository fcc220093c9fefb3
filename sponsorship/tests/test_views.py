"""Sponsorship (đỡ đầu) screens through real HTTP: who sees a sponsorship (its commune's side or
its sponsor's side, 404 for everyone else), the headline counted independently, Vietnamese errors
on the right field, conflicts, read-only roles, the sponsor's view of its communes' evaluations,
and the xlsx files opened with openpyxl."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_unit, make_user
from criteria.models import Assessment, SetVersion
from criteria.tests.factories import make_set, small_set_content
from sponsorship.models import Sponsorship
from sponsorship.tests.factories import make_sponsorship
from units.models import Unit

K = Unit.Kind
CONFLICT = "đã được người khác thay đổi"
OUT_OF_SCOPE_NOTE = "chỉ hiện các xã thuộc phạm vi đó"
Params = dict[str, Any]
NAMES = {
    1: "Quy hoạch",
    2: "Giao thông",
    3: "Thủy lợi và phòng, chống thiên tai",
    4: "Điện",
    5: "Trường học",
    6: "Cơ sở vật chất văn hóa",
    7: "Cơ sở hạ tầng thương mại nông thôn",
    8: "Thông tin và Truyền thông",
    9: "Nhà ở dân cư",
    10: "Thu nhập",
    11: "Nghèo đa chiều",
    12: "Lao động",
    13: "Tổ chức sản xuất và phát triển kinh tế nông thôn",
    14: "Giáo dục và Đào tạo",
    15: "Y tế",
    16: "Văn hóa",
    17: "Môi trường và an toàn thực phẩm",
    18: "Hệ thống chính trị và tiếp cận pháp luật",
    19: "Quốc phòng và An ninh",
}


def person(username: str, *roles: tuple[str, Unit]) -> User:
    """A user holding each (role, unit) with the units below (assigned directly: some units are
    closed)."""
    user = make_user(username)
    for code, unit in roles:
        user.assignments.create(role=Role.objects.get(code=code), unit=unit, include_subtree=True)
    return user


def nineteen_criteria_set() -> SetVersion:
    content = small_set_content("thu-xa-ntm-19")
    content["criteria"] = [
        {"number": number, "name": name, "indicators": []} for number, name in NAMES.items()
    ]
    return make_set(content)


def sheet_rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def body_of(rows: list[list[Any]]) -> list[list[Any]]:
    header_at = next(i for i, row in enumerate(rows) if row[0] == "STT")
    return rows[header_at + 1 :]


def field_errors(response: Any, name: str) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


class SponsorshipViewTestCase(BaseTestCase):
    """A provincial bloc whose organisations sponsor communes of both districts, an agency
    outside the tree, and the people on either side."""

    bloc: Unit
    members: list[Unit]
    ward: Unit
    ntm_one: User
    ntm_two: User
    bloc_office: User
    mixed: User
    s1: Sponsorship
    s2: Sponsorship
    s3: Sponsorship
    s4: Sponsorship
    s5: Sponsorship
    s6: Sponsorship

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.bloc = make_unit(K.PARTY_BLOC, "Đảng bộ Khối các cơ quan tỉnh", cls.party_province)
        cls.members = [
            make_unit(K.PARTY_GRASSROOTS, f"Đảng bộ Sở {name}", cls.bloc)
            for name in ("Tài chính", "Y tế", "Xây dựng")
        ]
        cls.ward = make_unit(K.WARD, "Phường Hai B", cls.district_two)
        cls.ntm_one = person("ntmmot", ("ntm_office", cls.district_one))
        cls.ntm_two = person("ntmhai", ("ntm_office", cls.district_two))
        cls.bloc_office = person("vpkhoi", ("committee_office", cls.bloc))
        # Reads the whole province, writes only in Huyện Hai.
        cls.mixed = person("hai_vai", ("leader", cls.province), ("ntm_office", cls.district_two))
        m0, m1, m2 = cls.members
        cls.s1 = make_sponsorship(
            cls.commune_one_a, m0, criteria_codes=["17", "2"], commitments="Hỗ trợ môi trường"
        )
        cls.s2 = make_sponsorship(cls.commune_two_a, m1, end_year=2020, criteria_codes=["5"])
        cls.s3 = make_sponsorship(
            cls.commune_one_b, sponsor_name="Công ty Điện lực", start_year=2021
        )
        cls.s4 = make_sponsorship(cls.commune_two_a, cls.party_district_one, start_year=2018)
        cls.s5 = make_sponsorship(cls.ward, m0, start_year=2021, criteria_codes=["11"])
        cls.s6 = make_sponsorship(cls.commune_one_b, m2, start_year=2022, criteria_codes=["10"])

    def all_items(self) -> list[Sponsorship]:
        return [self.s1, self.s2, self.s3, self.s4, self.s5, self.s6]

    def shown(self, response: Any) -> set[int]:
        return {item.pk for item, _labels, _link in response.context["rows"]}


class AccessTests(SponsorshipViewTestCase):
    def test_people_without_the_sponsorship_capability_get_404_everywhere(self) -> None:
        member = self.members[0].pk
        urls = [
            ("get", reverse("sponsorship:list")),
            ("get", reverse("sponsorship:list-xlsx")),
            ("get", reverse("sponsorship:create")),
            ("post", reverse("sponsorship:create")),
            ("get", reverse("sponsorship:sponsor", args=[member])),
            ("get", reverse("sponsorship:sponsor-xlsx", args=[member])),
            ("get", reverse("sponsorship:agency") + "?name=Công ty Điện lực"),
            ("get", reverse("sponsorship:agency-xlsx") + "?name=Công ty Điện lực"),
            ("get", reverse("sponsorship:detail", args=[self.s1.pk])),
            ("get", reverse("sponsorship:edit", args=[self.s1.pk])),
            ("post", reverse("sponsorship:edit", args=[self.s1.pk])),
            ("get", reverse("sponsorship:history", args=[self.s1.pk])),
        ]
        for user in (self.inspector, self.commune_officer):
            self.login(user)
            for method, url in urls:
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 404, f"{user} {method} {url}")

    def test_a_sponsorship_is_seen_from_its_commune_or_its_sponsor_only(self) -> None:
        visible = {
            # Communes of Huyện Một, and Đảng bộ huyện Một (its counterpart) as a sponsor.
            self.ntm_one: {self.s1, self.s3, self.s4, self.s6},
            self.ntm_two: {self.s2, self.s4, self.s5},
            self.bloc_office: {self.s1, self.s2, self.s5, self.s6},
            self.viewer: set(self.all_items()),
        }
        for user, mine in visible.items():
            self.login(user)
            for item in self.all_items():
                want = 200 if item in mine else 404
                detail = self.client.get(reverse("sponsorship:detail", args=[item.pk]))
                self.assertEqual(detail.status_code, want, f"{user} {item}")
                history = self.client.get(reverse("sponsorship:history", args=[item.pk]))
                self.assertEqual(history.status_code, want, f"{user} {item}")

    def test_writers_on_either_side_may_edit_readers_may_not(self) -> None:
        url = reverse("sponsorship:edit", args=[self.s1.pk])
        for user, status in ((self.ntm_one, 200), (self.bloc_office, 200), (self.ntm_two, 404)):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, status, user)
        self.login(self.viewer)
        self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post(
            url,
            Params(sponsor=self.members[0].pk, start_year=2016, version=1, results="Lén sửa"),
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.get(reverse("sponsorship:create")).status_code, 403)
        before = Sponsorship.objects.count()
        response = self.client.post(
            reverse("sponsorship:create"),
            Params(sponsor_name="Sở Y tế", commune=self.commune_one_a.pk, start_year=2020),
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Sponsorship.objects.count(), before)
        self.s1.refresh_from_db()
        self.assertEqual(self.s1.results, "")
        detail = self.client.get(reverse("sponsorship:detail", args=[self.s1.pk]))
        self.assertNotContains(detail, url)

    def test_the_sponsor_side_edits_results_of_a_commune_outside_its_scope(self) -> None:
        self.login(self.bloc_office)
        response = self.client.post(
            reverse("sponsorship:edit", args=[self.s1.pk]),
            Params(
                sponsor=self.members[0].pk,
                start_year=2016,
                criteria_codes=["17", "2"],
                results="Xã đạt tiêu chí 17 năm 2022",
                version=1,
            ),
        )
        self.assertRedirects(response, reverse("sponsorship:detail", args=[self.s1.pk]))
        self.s1.refresh_from_db()
        self.assertEqual((self.s1.results, self.s1.version), ("Xã đạt tiêu chí 17 năm 2022", 2))
        self.assertTrue(
            AuditEvent.objects.filter(
                action="sponsorship.updated", target_id=str(self.s1.pk), actor=self.bloc_office
            ).exists()
        )

    def test_the_bloc_office_enters_a_commune_of_its_province_outside_its_scope(self) -> None:
        self.login(self.bloc_office)
        page = self.client.get(reverse("sponsorship:create"))
        communes = set(page.context["form"].fields["commune"].queryset)
        self.assertIn(self.commune_two_a, communes)
        self.assertIn(self.commune_new, communes)
        response = self.client.post(
            reverse("sponsorship:create"),
            Params(sponsor=self.members[1].pk, commune=self.commune_new.pk, start_year=2026),
        )
        item = Sponsorship.objects.get(sponsor=self.members[1], commune=self.commune_new)
        self.assertRedirects(response, reverse("sponsorship:detail", args=[item.pk]))
        refused = self.client.post(
            reverse("sponsorship:create"),
            Params(sponsor_name="Công ty ngoài khối", commune=self.commune_new.pk, start_year=2026),
        )
        self.assertIn("nằm ngoài phạm vi", field_errors(refused, "commune")[0])
        self.assertFalse(Sponsorship.objects.filter(sponsor_name="Công ty ngoài khối").exists())


class ListTests(SponsorshipViewTestCase):
    def expected(self, area: Unit, year: int) -> tuple[set[int], int, int]:
        """Sponsorships, sponsors and communes of the area in the year, counted here."""
        rows = [
            s
            for s in self.all_items()
            if s.start_year <= year
            and (s.end_year is None or year <= s.end_year)
            and (
                (s.sponsor is not None and s.sponsor.path.startswith(area.path))
                if area.tree == Unit.Tree.PARTY
                else s.commune.path.startswith(area.path)
            )
        ]
        sponsors = {s.sponsor_id or s.sponsor_name.lower() for s in rows}
        return {s.pk for s in rows}, len(sponsors), len({s.commune_id for s in rows})

    def test_a_party_area_counts_what_its_organisations_sponsor(self) -> None:
        self.login(self.bloc_office)
        for year in (2016, 2020, 2021, 2023):
            response = self.client.get(reverse("sponsorship:list"), {"year": year})
            self.assertEqual(response.context["area"], self.bloc)
            pks, sponsors, communes = self.expected(self.bloc, year)
            self.assertEqual(self.shown(response), pks, year)
            self.assertContains(
                response,
                f"Năm {year}, {sponsors:02d} đảng bộ, chi bộ thuộc Đảng bộ Khối các cơ quan tỉnh "
                f"đỡ đầu, giúp đỡ {communes:02d} xã xây dựng nông thôn mới.",
            )

    def test_an_administrative_area_counts_the_help_its_communes_get(self) -> None:
        self.login(self.viewer)
        for area in (self.district_one, self.district_two, self.province):
            for year in (2019, 2021, 2022):
                response = self.client.get(
                    reverse("sponsorship:list"), Params(unit_id=area.pk, year=year)
                )
                pks, sponsors, communes = self.expected(area, year)
                self.assertEqual(self.shown(response), pks, (area, year))
                self.assertContains(
                    response,
                    f"Năm {year}, {communes:02d} xã của {area.name} được {sponsors:02d} cơ quan, "
                    "đơn vị, tổ chức đảng đỡ đầu, giúp đỡ xây dựng nông thôn mới.",
                )

    def test_the_year_defaults_to_the_picked_period(self) -> None:
        self.login(self.viewer)
        url = reverse("sponsorship:list")
        response = self.client.get(url, Params(unit_id=self.district_two.pk, period="2019"))
        self.assertEqual(response.context["year"], 2019)
        self.assertEqual(self.shown(response), {self.s2.pk, self.s4.pk})
        term = self.client.get(url, Params(unit_id=self.district_two.pk, period="T2015"))
        self.assertEqual(term.context["year"], 2020)

    def test_area_outside_scope_is_404(self) -> None:
        self.login(self.ntm_two)
        response = self.client.get(reverse("sponsorship:list"), {"unit_id": self.district_one.pk})
        self.assertEqual(response.status_code, 404)
        self.login(self.bloc_office)
        response = self.client.get(reverse("sponsorship:list"), {"unit_id": self.province.pk})
        self.assertEqual(response.status_code, 404)

    def test_filters_by_words_and_criterion_and_bad_year_message(self) -> None:
        self.login(self.viewer)
        url = reverse("sponsorship:list")
        base = Params(unit_id=self.province.pk, year=2022)
        by_words = self.client.get(url, {**base, "q": "điện lực"})
        self.assertEqual(self.shown(by_words), {self.s3.pk})
        by_sponsor = self.client.get(url, {**base, "q": "sở tài  CHÍNH"})
        self.assertEqual(self.shown(by_sponsor), {self.s1.pk, self.s5.pk})
        by_criterion = self.client.get(url, {**base, "criterion": "17"})
        self.assertEqual(self.shown(by_criterion), {self.s1.pk})
        bad = self.client.get(url, {**base, "year": "1990"})
        self.assertEqual(field_errors(bad, "year"), ["Năm phải từ 2000 trở về sau."])
        self.assertEqual(self.shown(bad), set())
        bad = self.client.get(url, {**base, "criterion": "25"})
        self.assertEqual(field_errors(bad, "criterion"), ["Tiêu chí đã chọn không hợp lệ."])

    def test_list_xlsx_has_the_rows_and_the_headline(self) -> None:
        self.login(self.viewer)
        response = self.client.get(
            reverse("sponsorship:list-xlsx"), Params(unit_id=self.district_one.pk, year=2022)
        )
        self.assertEqual(response.status_code, 200)
        rows = sheet_rows(response.content)
        self.assertEqual(rows[0][0], "Đỡ đầu xã năm 2022")
        pks, sponsors, communes = self.expected(self.district_one, 2022)
        self.assertIn(
            f"Năm 2022, {communes:02d} xã của Huyện Một được {sponsors:02d} cơ quan, đơn vị, "
            "tổ chức đảng đỡ đầu, giúp đỡ xây dựng nông thôn mới.",
            [row[0] for row in rows],
        )
        body = body_of(rows)
        self.assertEqual(len(body), len(pks))
        first = body[0]
        self.assertEqual(
            first[:6], [1, "Xã Một A", "Đảng bộ Sở Tài chính", "Tổ chức đảng", 2016, None]
        )
        self.assertEqual(first[6], "Tiêu chí 2; Tiêu chí 17")
        self.assertEqual(first[7], "Hỗ trợ môi trường")
        agency = next(row for row in body if row[2] == "Công ty Điện lực")
        self.assertEqual(agency[3], "Cơ quan, đơn vị ngoài danh mục")


class EntryTests(SponsorshipViewTestCase):
    def post_new(self, **overrides: Any) -> Any:
        data = Params(
            sponsor="",
            sponsor_name="Sở Giao thông vận tải",
            commune=self.commune_one_a.pk,
            start_year="2021",
            end_year="",
            criteria_codes=["2", "17"],
            commitments="Hỗ trợ cứng hóa đường trục xã",
            results="",
        )
        data.update(overrides)
        return self.client.post(reverse("sponsorship:create"), data)

    def test_commune_side_records_a_sponsorship_by_an_agency(self) -> None:
        self.login(self.ntm_one)
        page = self.client.get(reverse("sponsorship:create"))
        form = page.context["form"]
        communes = set(form.fields["commune"].queryset)
        self.assertEqual(communes, {self.commune_one_a, self.commune_one_b})
        sponsors = set(form.fields["sponsor"].queryset)
        self.assertIn(self.party_district_one, sponsors)
        self.assertNotIn(self.members[0], sponsors)
        self.assertContains(page, 'value="17"')
        response = self.post_new()
        item = Sponsorship.objects.get(sponsor_name="Sở Giao thông vận tải")
        self.assertRedirects(response, reverse("sponsorship:detail", args=[item.pk]))
        self.assertEqual(item.criteria_codes, ["2", "17"])
        event = AuditEvent.objects.get(action="sponsorship.created", target_id=str(item.pk))
        self.assertEqual(event.actor, self.ntm_one)

    def test_bad_input_gets_vietnamese_messages_on_the_right_field(self) -> None:
        self.login(self.ntm_one)
        before = Sponsorship.objects.count()
        cases: list[tuple[Params, str, str]] = [
            (
                Params(sponsor_name=""),
                "sponsor",
                "Phải chọn tổ chức đảng đỡ đầu hoặc ghi tên cơ quan đỡ đầu.",
            ),
            (
                Params(sponsor=self.party_district_one.pk),
                "sponsor_name",
                "Chọn tổ chức đảng đỡ đầu hoặc ghi tên cơ quan đỡ đầu, không cả hai.",
            ),
            (
                Params(sponsor=self.members[0].pk, sponsor_name=""),
                "sponsor",
                "Tổ chức đảng đã chọn không có hoặc nằm ngoài phạm vi được giao.",
            ),
            (
                Params(commune=self.commune_two_a.pk),
                "commune",
                "Xã đã chọn không có hoặc nằm ngoài phạm vi được giao.",
            ),
            (Params(commune=""), "commune", "Hãy chọn xã được đỡ đầu."),
            (Params(start_year=""), "start_year", "Hãy nhập năm."),
            (Params(start_year="năm ngoái"), "start_year", "Năm phải là một số, ví dụ 2016."),
            (Params(end_year="2019"), "end_year", "Năm kết thúc phải sau hoặc bằng năm bắt đầu."),
            (
                Params(criteria_codes=["17", "20"]),
                "criteria_codes",
                "Tiêu chí “20” không phải số tiêu chí từ 1 đến 19.",
            ),
        ]
        for overrides, field, message in cases:
            response = self.post_new(**overrides)
            self.assertEqual(response.status_code, 200, overrides)
            self.assertEqual(field_errors(response, field), [message], overrides)
        self.assertEqual(Sponsorship.objects.count(), before)

    def test_a_reader_of_the_commune_who_writes_elsewhere_is_refused_on_the_commune(self) -> None:
        self.login(self.mixed)
        response = self.post_new()
        self.assertEqual(response.status_code, 200)
        self.assertIn("nằm ngoài phạm vi", field_errors(response, "commune")[0])
        self.assertFalse(Sponsorship.objects.filter(sponsor_name="Sở Giao thông vận tải").exists())
        allowed = self.post_new(commune=self.commune_two_a.pk)
        self.assertEqual(allowed.status_code, 302)

    def test_a_stale_form_is_a_conflict_and_changes_nothing(self) -> None:
        self.login(self.ntm_one)
        url = reverse("sponsorship:edit", args=[self.s3.pk])
        data = Params(
            sponsor_name="Công ty Điện lực", start_year="2021", results="Lần một", version=1
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        response = self.client.post(url, {**data, "results": "Lần hai"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, CONFLICT)
        self.s3.refresh_from_db()
        self.assertEqual((self.s3.results, self.s3.version), ("Lần một", 2))
        bad = self.client.post(url, {**data, "version": 2, "end_year": "2000"})
        self.assertEqual(
            field_errors(bad, "end_year"), ["Năm kết thúc phải sau hoặc bằng năm bắt đầu."]
        )
        self.s3.refresh_from_db()
        self.assertIsNone(self.s3.end_year)

    def test_criteria_show_their_names_when_a_nineteen_criteria_set_is_loaded(self) -> None:
        self.login(self.ntm_one)
        page = self.client.get(reverse("sponsorship:create")).content.decode()
        self.assertIn("Tiêu chí 17", page)
        nineteen_criteria_set()
        page = self.client.get(reverse("sponsorship:create")).content.decode()
        self.assertIn("17. Môi trường và an toàn thực phẩm", page)
        detail = self.client.get(reverse("sponsorship:detail", args=[self.s1.pk]))
        self.assertContains(detail, "2. Giao thông")


class SponsorViewTests(SponsorshipViewTestCase):
    version: SetVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.version = nineteen_criteria_set()
        common = Params(unit=cls.commune_one_a, set_version=cls.version, criteria_total=19)
        Assessment.objects.create(
            **common,
            year=2022,
            status="chua_dat",
            criteria_met=15,
            indicators_met=50,
            indicators_total=58,
            level="",
            details={"criteria": {"17": "dat", "2": "chua_dat"}},
        )
        Assessment.objects.create(
            **common,
            year=2023,
            status="dat",
            criteria_met=19,
            indicators_met=58,
            indicators_total=58,
            level="xa_ntm",
            details={"criteria": {"17": "dat", "2": "dat"}},
        )

    def test_bloc_office_sees_each_commune_with_its_latest_evaluation(self) -> None:
        self.login(self.bloc_office)
        url = reverse("sponsorship:sponsor", args=[self.members[0].pk])
        response = self.client.get(url, {"year": 2022})
        self.assertEqual(response.status_code, 200)
        rows = [row for row, _link in response.context["rows"]]
        self.assertEqual([r.item.commune for r in rows], [self.commune_one_a, self.ward])
        first, second = rows
        self.assertEqual(first.item.assessment.year, 2022)
        self.assertEqual(first.level_label, "Chưa đạt chuẩn nông thôn mới")
        self.assertEqual(
            [(m.code, m.verdict, m.verdict_label) for m in first.marks],
            [("2", "chua_dat", "chưa đạt"), ("17", "dat", "đạt")],
        )
        self.assertIsNone(second.item.assessment)
        self.assertEqual([m.verdict_label for m in second.marks], ["chưa đánh giá"])
        page = response.content.decode()
        self.assertIn("Đạt 15/19 tiêu chí (năm 2022)", page)
        self.assertIn("17. Môi trường và an toàn thực phẩm: đạt", page)
        self.assertIn("chưa đánh giá", page)
        self.assertIn("Năm 2022, Đảng bộ Sở Tài chính đỡ đầu, giúp đỡ 02 xã.", page)
        self.assertNotIn(OUT_OF_SCOPE_NOTE, page)
        self.assertIn("Tên tiêu chí theo Bộ tiêu chí thử nghiệm.", page)
        # The bloc office does not hold view_ntm: no link to the scorecard.
        self.assertNotIn(reverse("criteria:scorecard", args=[self.commune_one_a.pk, 2022]), page)
        later = self.client.get(url, {"year": 2024})
        first = later.context["rows"][0][0]
        self.assertEqual(
            (first.item.assessment.year, first.level_label), (2023, "Xã nông thôn mới")
        )
        self.assertIn("Đạt 19/19 tiêu chí (năm 2023)", later.content.decode())

    def test_commune_side_sees_only_its_communes_and_the_scorecard_link(self) -> None:
        self.login(self.ntm_one)
        response = self.client.get(
            reverse("sponsorship:sponsor", args=[self.members[0].pk]), {"year": 2023}
        )
        self.assertEqual(response.status_code, 200)
        rows = response.context["rows"]
        self.assertEqual([row.item.commune for row, _link in rows], [self.commune_one_a])
        scorecard = reverse("criteria:scorecard", args=[self.commune_one_a.pk, 2023])
        self.assertEqual(rows[0][1], scorecard)
        self.assertContains(response, scorecard)
        self.assertNotContains(response, self.ward.name)
        self.assertContains(response, OUT_OF_SCOPE_NOTE)

    def test_sponsor_view_is_404_when_none_of_its_sponsorships_is_visible(self) -> None:
        self.login(self.ntm_two)
        response = self.client.get(reverse("sponsorship:sponsor", args=[self.members[2].pk]))
        self.assertEqual(response.status_code, 404)
        agency = self.client.get(reverse("sponsorship:agency"), {"name": "Công ty Điện lực"})
        self.assertEqual(agency.status_code, 404)
        not_party = self.client.get(reverse("sponsorship:sponsor", args=[self.district_two.pk]))
        self.assertEqual(not_party.status_code, 404)
        self.assertEqual(self.client.get(reverse("sponsorship:agency")).status_code, 404)

    def test_agency_view_finds_the_agency_by_name(self) -> None:
        self.login(self.ntm_one)
        response = self.client.get(
            reverse("sponsorship:agency"), Params(name="công ty  điện lực", year=2023)
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [row.item.commune for row, _link in response.context["rows"]], [self.commune_one_b]
        )
        self.assertContains(response, "chưa đánh giá")

    def test_sponsor_view_xlsx_has_evaluations_and_marks(self) -> None:
        self.login(self.bloc_office)
        response = self.client.get(
            reverse("sponsorship:sponsor-xlsx", args=[self.members[0].pk]), {"year": 2022}
        )
        self.assertEqual(response.status_code, 200)
        rows = sheet_rows(response.content)
        self.assertEqual(rows[0][0], "Xã được đỡ đầu năm 2022")
        body = body_of(rows)
        self.assertEqual(
            body[0][:7],
            [
                1,
                "Xã Một A",
                "từ 2016",
                2022,
                "Chưa đạt chuẩn nông thôn mới",
                "15/19",
                "Bộ tiêu chí thử nghiệm",
            ],
        )
        self.assertEqual(
            body[0][7], "2. Giao thông: chưa đạt; 17. Môi trường và an toàn thực phẩm: đạt"
        )
        self.assertEqual(body[1][1:5], ["Phường Hai B", "từ 2021", None, "chưa đánh giá"])
        self.assertEqual(body[1][7], "11. Nghèo đa chiều: chưa đánh giá")

    def test_agency_view_xlsx(self) -> None:
        self.login(self.viewer)
        response = self.client.get(
            reverse("sponsorship:agency-xlsx"), Params(name="Công ty Điện lực", year=2022)
        )
        body = body_of(sheet_rows(response.content))
        self.assertEqual([row[1] for row in body], ["Xã Một B"])


class SuperuserTests(SponsorshipViewTestCase):
    def test_superuser_sees_everything(self) -> None:
        self.login(make_user("sieuquantri", is_superuser=True))
        response = self.client.get(
            reverse("sponsorship:list"), Params(unit_id=self.province.pk, year=2022)
        )
        self.assertEqual(response.status_code, 200)
        response = self.client.get(reverse("sponsorship:sponsor", args=[self.members[1].pk]))
        self.assertEqual(response.status_code, 200)
