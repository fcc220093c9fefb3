"""The entry screen: layout by criterion, live verdicts, Vietnamese numbers, conflicts, approval."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditEvent
from common.testing import BaseTestCase, make_user
from criteria import services as criteria_services
from criteria.loading import content_hash
from criteria.models import CriteriaSet, SetVersion
from monitoring import queries, services
from monitoring.models import Evidence, IndicatorValue, ValueSheet

YEAR = 2025


def illustrative_set() -> dict[str, Any]:
    """A small illustrative xã NTM set: two criteria, yes/no, a percent by region, income by year."""
    return {
        "schema_version": "1.0",
        "set_id": "thu-nghiem-xa-ntm",
        "title": "Bộ tiêu chí minh họa xã NTM",
        "level": "xa_ntm",
        "unit_type": "xa",
        "illustrative": True,
        "period": {"start_year": 2021, "end_year": 2025},
        "legal_basis": {"number": "Thử nghiệm", "issuer": "Bộ phận kiểm thử"},
        "rules": {
            "criterion_met": "all_indicators_met",
            "recognition_conditions": {
                "status": "confirmed",
                "conditions": [
                    {"id": "meets_all_criteria", "text": "Đạt đủ các tiêu chí"},
                    {
                        "id": "no_capital_construction_debt",
                        "text": "Không nợ đọng xây dựng cơ bản",
                        "value_type": "boolean",
                    },
                    {
                        "id": "resident_satisfaction",
                        "text": "Tỷ lệ người dân hài lòng",
                        "value_type": "percent",
                        "threshold": 90,
                    },
                    {
                        "id": "security_not_complex",
                        "text": "Không phức tạp về an ninh, trật tự",
                        "value_type": "boolean",
                    },
                ],
            },
        },
        "criteria": [
            {
                "number": 1,
                "name": "Quy hoạch",
                "indicators": [
                    {
                        "code": "1.1",
                        "name": "Có quy hoạch chung xây dựng xã được phê duyệt",
                        "value_type": "boolean",
                        "comparator": "eq",
                        "threshold": {"regional_variation": "none", "general": True},
                        "threshold_status": "illustrative",
                    },
                    {
                        "code": "1.2",
                        "name": "Có quy hoạch chi tiết khu trung tâm xã (nếu có)",
                        "value_type": "boolean",
                        "comparator": "eq",
                        "threshold": {"regional_variation": "none", "general": True},
                        "threshold_status": "illustrative",
                    },
                ],
            },
            {
                "number": 10,
                "name": "Thu nhập",
                "indicators": [
                    {
                        "code": "10",
                        "name": "Thu nhập bình quân đầu người khu vực nông thôn",
                        "value_type": "money_per_year",
                        "unit": "triệu đồng/người/năm",
                        "comparator": "gte",
                        "threshold": {
                            "regional_variation": "none",
                            "by_year": {"2024": 58, "2025": 62},
                        },
                        "threshold_status": "illustrative",
                    },
                    {
                        "code": "10.2",
                        "name": "Tỷ lệ hộ có việc làm thường xuyên",
                        "value_type": "percent",
                        "unit": "% hộ",
                        "comparator": "gte",
                        "threshold": {
                            "regional_variation": "by_region",
                            "by_region": {"DBSH": 90, "TDMNPB": 70},
                        },
                        "threshold_status": "illustrative",
                    },
                    {
                        "code": "10.3",
                        "name": "Tỷ lệ lao động qua đào tạo",
                        "value_type": "percent",
                        "unit": "%",
                        "comparator": "gte",
                        "threshold": {"regional_variation": "none", "general": 50},
                        "threshold_status": "recalled",
                    },
                ],
            },
        ],
    }


def kieu_mau_set() -> dict[str, Any]:
    """The kiểu mẫu rules: the level below, and two counts set by the province (km3, km4)."""
    return {
        "schema_version": "1.0",
        "set_id": "thu-nghiem-xa-ntm-kieu-mau",
        "title": "Quy định minh họa xã NTM kiểu mẫu",
        "level": "xa_ntm_kieu_mau",
        "unit_type": "xa",
        "illustrative": True,
        "period": {"start_year": 2021, "end_year": 2025},
        "rules": {
            "conditions": [
                {
                    "id": "km3_smart_village",
                    "status": "confirmed",
                    "text": "Có ít nhất một thôn thông minh",
                    "check": {"type": "count_gte", "value": 1},
                },
                {
                    "id": "km4_standout_field",
                    "status": "confirmed",
                    "text": "Có ít nhất một lĩnh vực nổi trội",
                    "check": {"type": "count_gte", "value": 1},
                },
            ]
        },
        "criteria": [],
    }


def publish(content: dict[str, Any]) -> SetVersion:
    """A criteria set with one published version holding the content."""
    period = content["period"]
    criteria_set = CriteriaSet.objects.create(
        set_id=content["set_id"],
        title=content["title"],
        level=content["level"],
        unit_type=content["unit_type"],
        start_year=period["start_year"],
        end_year=period["end_year"],
        is_illustrative=bool(content.get("illustrative")),
    )
    return SetVersion.objects.create(
        criteria_set=criteria_set,
        number=1,
        status=SetVersion.Status.PUBLISHED,
        content=content,
        content_hash=content_hash(content),
        published_at=timezone.now(),
    )


class MonitoringTestCase(BaseTestCase):
    """The shared world plus the illustrative sets and the people who enter and approve values."""

    approver: User
    commune_approver: User
    district_officer: User
    ntm_version: SetVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Published frameworks are cached by primary key; other test classes reuse the keys.
        criteria_services._framework.cache_clear()
        cls.ntm_version = publish(illustrative_set())
        publish(kieu_mau_set())
        cls.approver = make_user("vanphongtinh", ("ntm_office", cls.province, True))
        cls.commune_approver = make_user("vanphongxa", ("ntm_office", cls.commune_new, True))
        # Huyện Một closed on 30/6/2025: assigned directly, as the inspector of the shared world.
        cls.district_officer = make_user("nhaplieuhuyen")
        cls.district_officer.assignments.create(
            role=Role.objects.get(code="commune_data_officer"), unit=cls.district_one
        )

    @classmethod
    def tearDownClass(cls) -> None:
        criteria_services._framework.cache_clear()
        super().tearDownClass()

    def entry_url(self, unit: Any = None, year: int = YEAR) -> str:
        return reverse("monitoring:entry", args=[(unit or self.commune_new).pk, year])

    def preview(self, field: str, **values: str) -> str:
        data = {f"value-{code}": value for code, value in values.items()}
        response = self.client.post(
            reverse("monitoring:preview", args=[self.commune_new.pk, YEAR]),
            data,
            HTTP_HX_REQUEST="true",
            HTTP_HX_TRIGGER_NAME=f"value-{field}",
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def save(self, version: int | str = "", action: str = "save", **values: str) -> Any:
        data = {f"value-{code.replace('_', '.')}": value for code, value in values.items()}
        data.update({"version": str(version), "action": action})
        return self.client.post(self.entry_url(), data)

    def sheet(self) -> ValueSheet:
        return ValueSheet.objects.get(unit=self.commune_new, year=YEAR)


class EntryScreenTests(MonitoringTestCase):
    def test_entry_screen_lays_out_indicators_by_criterion_with_thresholds(self) -> None:
        self.login(self.commune_officer)
        page = self.client.get(self.entry_url()).content.decode()
        self.assertLess(page.index("Tiêu chí 1. Quy hoạch"), page.index("Tiêu chí 10. Thu nhập"))
        self.assertLess(
            page.index("Tiêu chí 10. Thu nhập"), page.index("Điều kiện xã NTM kiểu mẫu")
        )
        self.assertIn("≥ 62 triệu đồng/người/năm", page)  # by year: 2025
        self.assertIn("≥ 90 % hộ", page)  # by region: the commune is in DBSH
        self.assertIn("chưa xác minh (≥ 50 %)", page)  # a recalled threshold is not applied
        self.assertIn("minh họa", page)
        self.assertIn('name="value-10"', page)
        self.assertIn('hx-post="/ntm/values/', page)

    def test_kieu_mau_counts_and_recognition_inputs_are_on_the_screen_once_each(self) -> None:
        self.login(self.commune_officer)
        page = self.client.get(self.entry_url()).content.decode()
        for name in (
            "value-km3",
            "value-km4",
            "value-rc.no_capital_construction_debt",
            "value-rc.resident_satisfaction",
            "value-rc.security_not_complex",
        ):
            self.assertEqual(page.count(f'name="{name}"'), 1, name)
        self.assertNotIn('name="value-rc.meets_all_criteria"', page)

    def test_not_applicable_is_offered_only_for_indicators_marked_if_any(self) -> None:
        self.login(self.commune_officer)
        page = self.client.get(self.entry_url()).content.decode()
        optional = page[page.index('name="value-1.2"') :]
        required = page[page.index('name="value-1.1"') : page.index('name="value-1.2"')]
        self.assertIn("Không áp dụng", optional[: optional.index("</select>")])
        self.assertNotIn("Không áp dụng", required[: required.index("</select>")])

    def test_a_year_without_sets_says_so(self) -> None:
        self.login(self.commune_officer)
        page = self.client.get(self.entry_url(year=2030)).content.decode()
        self.assertIn("Chưa có bộ tiêu chí nào áp dụng", page)
        self.assertNotIn('name="value-10"', page)

    def test_index_lists_communes_in_scope_with_the_state_of_their_sheet(self) -> None:
        sheet = services.open_sheet(self.commune_new, YEAR, actor=self.commune_officer)
        services.save_values(sheet, {"10": Decimal("60")}, actor=self.commune_officer)
        self.login(self.approver)
        page = self.client.get(reverse("monitoring:index"), {"year": str(YEAR)}).content.decode()
        self.assertIn("Xã Một Mới", page)
        self.assertIn("Đang nhập", page)
        self.assertNotIn("Xã Hai A", page)  # closed on 30/6/2025, before the picker's date
        older = self.client.get(
            reverse("monitoring:index"), {"year": "2024", "on": "2024-12-31"}
        ).content.decode()
        self.assertIn("Xã Hai A", older)
        self.assertIn("Chưa nhập", older)

    def test_the_menu_shows_the_entry_page_to_data_officers(self) -> None:
        self.login(self.commune_officer)
        page = self.client.get(reverse("monitoring:index")).content.decode()
        self.assertIn("Nhập số liệu NTM", page)


class PreviewTests(MonitoringTestCase):
    def setUp(self) -> None:
        self.login(self.commune_officer)

    def test_preview_gives_met_not_met_and_unknown_without_saving(self) -> None:
        met = self.preview("10", **{"10": "62,5"})
        self.assertIn('id="result-10"', met)
        self.assertIn("verdict-dat", met)
        not_met = self.preview("10", **{"10": "59,1"})
        self.assertIn("chưa đạt", not_met)
        self.assertIn("còn thiếu 2,9 triệu đồng", not_met)
        unknown = self.preview("10", **{"10": ""})
        self.assertIn("chưa xác định", unknown)
        self.assertIn("Chưa có số liệu", unknown)
        self.assertFalse(IndicatorValue.objects.exists())
        self.assertFalse(ValueSheet.objects.exists())

    def test_preview_also_updates_the_criterion_and_the_summary(self) -> None:
        fragment = self.preview("10.2", **{"10": "70", "10.2": "95", "10.3": "60"})
        self.assertIn('id="status-10" hx-swap-oob="true"', fragment)
        self.assertIn('id="summary" hx-swap-oob="true"', fragment)
        # 10.3 has an unverified threshold, so criterion 10 cannot be decided yet.
        status = fragment[fragment.index('id="status-10"') :]
        self.assertIn("NTM: chưa xác định (2/3)", status[: status.index("</span> </span>")])

    def test_a_percent_below_the_regional_threshold_shows_the_gap_in_points(self) -> None:
        fragment = self.preview("10.2", **{"10.2": "87,5"})
        self.assertIn("còn thiếu 2,5 điểm phần trăm", fragment)

    def test_a_recalled_threshold_stays_unknown_whatever_the_value(self) -> None:
        fragment = self.preview("10.3", **{"10.3": "99"})
        self.assertIn("chưa xác định", fragment)
        self.assertIn("Ngưỡng chưa được xác minh", fragment)

    def test_bad_decimal_in_preview_names_the_indicator(self) -> None:
        fragment = self.preview("10", **{"10": "5x"})
        self.assertIn(
            "Chỉ tiêu 10 (Thu nhập bình quân đầu người…): “5x” không phải là số.", fragment
        )

    def test_preview_needs_the_capability_to_enter_values(self) -> None:
        self.login(self.viewer)
        response = self.client.post(
            reverse("monitoring:preview", args=[self.commune_new.pk, YEAR]),
            {"value-10": "1"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TRIGGER_NAME="value-10",
        )
        self.assertEqual(response.status_code, 403)


class SavingTests(MonitoringTestCase):
    def setUp(self) -> None:
        self.login(self.commune_officer)

    def test_vietnamese_decimals_are_saved_as_numbers(self) -> None:
        response = self.save(**{"10": "1.234,5", "10_2": "55,61", "1_1": "yes", "1_2": "na"})
        self.assertRedirects(response, self.entry_url())
        values = {v.code: v for v in self.sheet().values.all()}
        self.assertEqual(values["10"].number, Decimal("1234.5"))
        self.assertEqual(values["10.2"].number, Decimal("55.61"))
        self.assertEqual(values["10"].unit_of_measure, "triệu đồng/người/năm")
        self.assertIs(values["1.1"].flag, True)
        self.assertTrue(values["1.2"].not_applicable)
        page = self.client.get(self.entry_url()).content.decode()
        self.assertIn('value="1.234,5"', page)
        self.assertIn('value="55,61"', page)

    def test_bad_decimal_gives_a_vietnamese_message_naming_the_indicator(self) -> None:
        response = self.save(**{"10": "5x", "10_2": "55,61"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Chỉ tiêu 10 (Thu nhập bình quân đầu người…): “5x” không phải là số."
        )
        self.assertFalse(IndicatorValue.objects.exists())

    def test_the_page_shown_again_after_an_error_still_previews_as_you_type(self) -> None:
        response = self.save(**{"10": "5x"})
        self.assertContains(response, 'value="5x"')
        self.assertContains(response, 'hx-post="/ntm/values/')

    def test_a_failed_submission_keeps_the_saved_state_and_the_page_usable(self) -> None:
        response = self.client.post(self.entry_url(), {"version": "", "action": "submit"})
        self.assertRedirects(response, self.entry_url(), fetch_redirect_response=False)
        page = self.client.get(self.entry_url())
        self.assertContains(page, "chưa gửi duyệt được")
        self.assertEqual(self.sheet().status, ValueSheet.Status.DRAFT)
        saved = self.save(version=self.sheet().version, **{"10": "60"})
        self.assertRedirects(saved, self.entry_url())

    def test_a_percent_above_one_hundred_is_refused(self) -> None:
        response = self.save(**{"10_2": "120"})
        self.assertContains(response, "tỷ lệ phải từ 0 đến 100")

    def test_not_applicable_is_refused_for_an_indicator_without_if_any(self) -> None:
        response = self.save(**{"1_1": "na"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(IndicatorValue.objects.exists())

    def test_two_people_saving_the_same_sheet_get_a_conflict_not_a_lost_edit(self) -> None:
        first = self.save(**{"10": "60"})
        self.assertRedirects(first, self.entry_url())
        opened_at = self.sheet().version
        other = make_user("canboxa2", ("commune_data_officer", self.commune_new, False))
        self.client.force_login(other)
        self.save(version=opened_at, **{"10": "61"})
        self.login(self.commune_officer)
        stale = self.save(version=opened_at, **{"10": "65"})
        self.assertEqual(stale.status_code, 200)
        self.assertContains(stale, "đã được người khác thay đổi")
        self.assertEqual(self.sheet().values.get(code="10").number, Decimal("61"))

    def test_two_people_opening_a_new_sheet_cannot_overwrite_each_other(self) -> None:
        first = self.save(**{"10": "60"})  # both opened the page before any sheet existed
        self.assertRedirects(first, self.entry_url())
        stale = self.save(**{"10": "70"})
        self.assertContains(stale, "đã được người khác thay đổi")
        self.assertEqual(self.sheet().values.get(code="10").number, Decimal("60"))

    def test_a_note_without_a_value_is_refused_rather_than_lost(self) -> None:
        response = self.client.post(self.entry_url(), {"note-10": "Theo điều tra", "version": ""})
        self.assertContains(response, "hãy nhập giá trị trước khi ghi chú")

    def test_notes_are_saved_with_their_values(self) -> None:
        self.client.post(
            self.entry_url(), {"value-10": "60", "note-10": "Cục Thống kê", "version": ""}
        )
        self.assertEqual(self.sheet().values.get(code="10").note, "Cục Thống kê")

    def test_a_viewer_may_read_but_not_save(self) -> None:
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.entry_url()).status_code, 200)
        self.assertEqual(self.save(**{"10": "60"}).status_code, 403)

    def test_a_commune_outside_the_scope_answers_404(self) -> None:
        self.assertEqual(self.client.get(self.entry_url(self.commune_two_a)).status_code, 404)
        post = self.client.post(self.entry_url(self.commune_two_a), {"value-10": "1"})
        self.assertEqual(post.status_code, 404)
        self.login(self.inspector)  # no NTM capability at all
        self.assertEqual(self.client.get(self.entry_url()).status_code, 404)

    def test_a_district_answers_404_on_the_entry_screen(self) -> None:
        self.login(self.approver)
        self.assertEqual(self.client.get(self.entry_url(self.district_one)).status_code, 404)


class ApprovalTests(MonitoringTestCase):
    def test_submit_approve_lock_reopen_with_reason_then_edit_again(self) -> None:
        self.login(self.commune_officer)
        response = self.save(action="submit", **{"10": "60", "1_1": "yes"})
        self.assertRedirects(response, self.entry_url())
        self.assertEqual(self.sheet().status, ValueSheet.Status.SUBMITTED)
        self.assertContains(self.client.get(self.entry_url()), "đang chờ cấp trên duyệt")
        approve_url = reverse("monitoring:approve", args=[self.commune_new.pk, YEAR])
        reopen_url = reverse("monitoring:reopen", args=[self.commune_new.pk, YEAR])
        self.assertEqual(self.client.post(approve_url).status_code, 403)

        self.login(self.approver)
        self.client.post(approve_url, {"version": self.sheet().version})
        self.assertEqual(self.sheet().status, ValueSheet.Status.APPROVED)

        self.login(self.commune_officer)
        locked = self.client.get(self.entry_url()).content.decode()
        self.assertIn("đã khóa", locked)
        self.assertNotIn('name="value-10"', locked)  # values are shown read-only
        self.assertIn("60", locked)
        refused = self.save(version=self.sheet().version, **{"10": "70"})
        self.assertContains(refused, "đã được duyệt và khóa")
        self.assertEqual(self.sheet().values.get(code="10").number, Decimal("60"))

        self.login(self.approver)
        no_reason = self.client.post(reopen_url, {"reason": " ", "version": self.sheet().version})
        self.assertContains(no_reason, "Hãy ghi lý do")
        self.assertEqual(self.sheet().status, ValueSheet.Status.APPROVED)
        self.client.post(reopen_url, {"reason": "Sai số thu nhập", "version": self.sheet().version})
        self.assertEqual(self.sheet().status, ValueSheet.Status.DRAFT)
        event = AuditEvent.objects.get(action="sheet.reopened")
        self.assertEqual(event.data["reason"], "Sai số thu nhập")
        self.assertEqual(event.actor, self.approver)

        self.login(self.commune_officer)
        page = self.client.get(self.entry_url()).content.decode()
        self.assertIn("Sai số thu nhập", page)
        history = self.client.get(reverse("monitoring:history", args=[self.commune_new.pk, YEAR]))
        self.assertEqual(history.status_code, 200)
        self.assertRedirects(
            self.save(version=self.sheet().version, **{"10": "70"}), self.entry_url()
        )
        self.assertEqual(self.sheet().values.get(code="10").number, Decimal("70"))

    def test_approval_at_the_communes_own_level_is_refused(self) -> None:
        sheet = services.open_sheet(self.commune_new, YEAR, actor=self.commune_officer)
        services.save_values(sheet, {"10": Decimal("60")}, actor=self.commune_officer)
        services.submit_sheet(self.sheet(), actor=self.commune_officer)
        self.assertTrue(self.commune_approver.has_perm("accounts.approve_indicators", sheet.unit))
        self.assertFalse(queries.approves_from_above(self.commune_approver, self.commune_new))
        self.assertTrue(queries.approves_from_above(self.approver, self.commune_new))
        self.login(self.commune_approver)
        approve_url = reverse("monitoring:approve", args=[self.commune_new.pk, YEAR])
        self.assertEqual(self.client.post(approve_url).status_code, 403)
        self.assertNotContains(self.client.get(self.entry_url()), approve_url)
        self.assertEqual(self.sheet().status, ValueSheet.Status.SUBMITTED)

    def test_a_stale_approval_is_refused(self) -> None:
        sheet = services.open_sheet(self.commune_new, YEAR, actor=self.commune_officer)
        services.save_values(sheet, {"10": Decimal("60")}, actor=self.commune_officer)
        services.submit_sheet(self.sheet(), actor=self.commune_officer)
        self.login(self.approver)
        approve_url = reverse("monitoring:approve", args=[self.commune_new.pk, YEAR])
        response = self.client.post(approve_url, {"version": 1}, follow=True)
        self.assertContains(response, "đã được người khác thay đổi")
        self.assertEqual(self.sheet().status, ValueSheet.Status.SUBMITTED)


class EvidenceTests(MonitoringTestCase):
    def setUp(self) -> None:
        self.login(self.commune_officer)
        self.url = reverse("monitoring:upload-evidence", args=[self.commune_new.pk, YEAR, "10"])

    def test_a_pdf_is_attached_to_the_value_and_audited(self) -> None:
        pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7 test", content_type="application/pdf")
        self.client.post(self.url, {"file": pdf})
        evidence = Evidence.objects.get()
        self.assertEqual(evidence.name, "bien-ban.pdf")
        self.assertEqual(evidence.value.code, "10")
        self.assertTrue(AuditEvent.objects.filter(action="evidence.attached").exists())
        page = self.client.get(self.entry_url()).content.decode()
        self.assertIn("bien-ban.pdf", page)
        download = self.client.get(reverse("monitoring:evidence", args=[evidence.pk]))
        self.assertEqual(download.getvalue(), b"%PDF-1.7 test")

    def test_a_file_of_another_type_is_refused_in_vietnamese(self) -> None:
        exe = SimpleUploadedFile("virus.exe", b"MZ....")
        response = self.client.post(self.url, {"file": exe}, follow=True)
        self.assertContains(response, "không đúng loại cho phép (PDF, JPG, PNG, DOCX, XLSX)")
        fake = SimpleUploadedFile("anh.png", b"not a png")
        response = self.client.post(self.url, {"file": fake}, follow=True)
        self.assertContains(response, "không phải là tệp PNG hợp lệ")
        self.assertFalse(Evidence.objects.exists())

    def test_a_file_over_twenty_megabytes_is_refused(self) -> None:
        big = SimpleUploadedFile("to.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))
        response = self.client.post(self.url, {"file": big}, follow=True)
        self.assertContains(response, "lớn hơn 20 MB")
        self.assertFalse(Evidence.objects.exists())

    def test_evidence_outside_the_scope_answers_404(self) -> None:
        pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7 test")
        self.client.post(self.url, {"file": pdf})
        evidence = Evidence.objects.get()
        self.login(self.inspector)
        response = self.client.get(reverse("monitoring:evidence", args=[evidence.pk]))
        self.assertEqual(response.status_code, 404)

    def test_evidence_can_be_removed_while_the_sheet_is_open(self) -> None:
        pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7 test")
        self.client.post(self.url, {"file": pdf})
        evidence = Evidence.objects.get()
        self.client.post(reverse("monitoring:remove-evidence", args=[evidence.pk]))
        self.assertFalse(Evidence.objects.exists())
        self.assertTrue(AuditEvent.objects.filter(action="evidence.removed").exists())
