"""Every oversight URL, for every object kind, answers 404 to people without the oversight role
and to oversight people of other units; leaders see the statistics and nothing else.

The list of URLs is read from oversight/urls.py, so a new page is covered the day it is added.
"""

from __future__ import annotations

import datetime as dt

from django.urls import URLPattern, reverse

from accounts.models import Role, User
from common.testing import BaseTestCase, make_unit, make_user
from oversight import urls as oversight_urls
from oversight.models import (
    CaseDocument,
    CaseSubject,
    Denunciation,
    DisciplineCase,
    DisciplineComplaint,
    DisciplineDecision,
    Letter,
    LetterSender,
    OversightCase,
    OversightProgramme,
    Recommendation,
    Suspension,
)
from units.models import Unit

D = dt.date
STATISTICS = frozenset({"statistics", "statistics-xlsx"})


def _post_only() -> frozenset[str]:
    """URL names whose view accepts only POST (Django's require_POST answers GET with 405)."""
    names = set()
    for pattern in oversight_urls.urlpatterns:
        view = getattr(pattern, "callback", None)
        closure = getattr(view, "__closure__", None) or ()
        allowed = [c.cell_contents for c in closure if isinstance(c.cell_contents, list)]
        if allowed and all(methods == ["POST"] for methods in allowed):
            names.add(str(pattern.name))
    return frozenset(names)


POST_ONLY = _post_only()


class ConfidentialityTests(BaseTestCase):
    ids: dict[str, int]
    discipline_id: int
    other_inspector: User
    reception: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        unit = cls.party_district_one
        programme = OversightProgramme.objects.create(unit=unit, year=2024, title="Chương trình")
        case = OversightCase.objects.create(
            unit=unit,
            programme=programme,
            title="Kiểm tra",
            type="kt_chap_hanh",
            performer_kind="ubkt",
            state="tien_hanh",
            deadline=D(2024, 6, 1),
        )
        subject = CaseSubject.objects.create(case=case, full_name="Nguyễn Văn Bí Mật")
        document = CaseDocument.objects.create(
            case=case, step="chuan_bi", kind="quyet_dinh", title="Quyết định"
        )
        recommendation = Recommendation.objects.create(
            case=case, text="Khắc phục", owner_unit=unit, deadline=D(2024, 9, 1), state="moi"
        )
        discipline = DisciplineCase.objects.create(
            unit=unit,
            full_name="Trần Văn Kỷ Luật",
            violation_on=D(2024, 1, 1),
            opened_on=D(2024, 2, 1),
            state="co_hieu_luc",
        )
        decision = DisciplineDecision.objects.create(
            discipline_case=discipline, form="canh_cao", body_kind="ubkt", decided_on=D(2024, 3, 1)
        )
        complaint = DisciplineComplaint.objects.create(
            decision=decision, filed_on=D(2024, 3, 10), state="tiep_nhan"
        )
        suspension = Suspension.objects.create(
            unit=unit,
            kind="sinh_hoat_dang",
            full_name="Lê Văn Đình Chỉ",
            reason="Bị khởi tố",
            started_on=D(2024, 4, 1),
            ends_on=D(2024, 6, 29),
        )
        letter = Letter.objects.create(
            unit=unit,
            received_on=D(2024, 5, 2),
            source="buu_dien",
            sender_kind="cong_dan",
            naming="co_ten",
            kind="to_cao",
            summary="Tố cáo",
            state="da_phan_loai",
        )
        LetterSender.objects.create(letter=letter, full_name="Người Tố Cáo", address="Thôn Một")
        denunciation = Denunciation.objects.create(
            unit=unit,
            letter=letter,
            received_on=D(2024, 5, 2),
            accused_name="Phạm Văn Bị Tố",
            summary="Tố cáo",
            state="thu_ly",
        )
        cls.ids = {
            "programme_id": programme.pk,
            "case_id": case.pk,
            "subject_id": subject.pk,
            "document_id": document.pk,
            "recommendation_id": recommendation.pk,
            "complaint_id": complaint.pk,
            "suspension_id": suspension.pk,
            "letter_id": letter.pk,
            "denunciation_id": denunciation.pk,
        }
        cls.discipline_id = discipline.pk
        party_two = make_unit(Unit.Kind.PARTY_DISTRICT, "Đảng bộ huyện Hai", cls.party_province)
        cls.other_inspector = make_user("kiemtrakhac")
        cls.other_inspector.assignments.create(
            role=Role.objects.get(code="inspection_chair"), unit=party_two
        )
        cls.reception = make_user("tiepdan", ("reception_officer", cls.province, True))

    def urls(self) -> list[tuple[str, str]]:
        """(name, path) of every oversight URL, with the test world's objects as arguments."""
        result = []
        for pattern in oversight_urls.urlpatterns:
            assert isinstance(pattern, URLPattern)
            name = str(pattern.name)
            kwargs = {}
            for argument in pattern.pattern.regex.groupindex:
                if argument == "case_id" and name.startswith(("discipline", "complaint-create")):
                    kwargs[argument] = self.discipline_id
                else:
                    kwargs[argument] = self.ids[argument]
            result.append((name, reverse(f"oversight:{name}", kwargs=kwargs)))
        return result

    def assert_everything_404(
        self, user: User, *, except_names: frozenset[str] = frozenset()
    ) -> None:
        self.login(user)
        for name, path in self.urls():
            if name in except_names:
                continue
            post = self.client.post(path, {"action": "x"}).status_code
            with self.subTest(user=user.username, url=name, method="POST"):
                self.assertEqual(post, 404)
            with self.subTest(user=user.username, url=name, method="GET"):
                # A POST-only URL refuses GET with 405 before looking at anything, the same for
                # every id (existing or not), so it tells nothing; every other GET is 404.
                expected = {404, 405} if name in POST_ONLY else {404}
                self.assertIn(self.client.get(path).status_code, expected)

    def test_the_inspector_of_the_unit_reaches_the_objects(self) -> None:
        self.login(self.inspector)
        for name, path in self.urls():
            # A document without a file answers 404 to everyone (the real download is tested in
            # test_case_views with a PDF).
            if name.endswith(("-create", "-list", "-overdue")) or name in STATISTICS | {
                "case-document"
            }:
                continue
            with self.subTest(url=name):
                self.assertIn(self.client.get(path).status_code, (200, 302, 403, 405))

    def test_a_commune_data_officer_gets_404_everywhere(self) -> None:
        self.assert_everything_404(self.commune_officer)

    def test_a_reception_officer_gets_404_everywhere(self) -> None:
        self.assert_everything_404(self.reception)

    def test_a_leader_gets_404_everywhere_but_the_statistics(self) -> None:
        self.assert_everything_404(self.viewer, except_names=STATISTICS)
        response = self.client.get(
            reverse("oversight:statistics"),
            {"org": str(self.party_district_one.pk), "period": "2024"},
        )
        self.assertEqual(response.status_code, 200)
        for secret in ("Nguyễn Văn Bí Mật", "Trần Văn Kỷ Luật", "Người Tố Cáo", "Phạm Văn Bị Tố"):
            self.assertNotContains(response, secret)

    def test_an_inspector_of_another_unit_gets_404_on_every_object(self) -> None:
        self.login(self.other_inspector)
        with_objects = {
            str(p.name) for p in oversight_urls.urlpatterns if p.pattern.regex.groupindex
        }
        for name, path in self.urls():
            if name not in with_objects:
                continue
            with self.subTest(url=name):
                self.assertEqual(self.client.post(path, {"action": "x"}).status_code, 404)
                expected = {404, 405} if name in POST_ONLY else {404}
                self.assertIn(self.client.get(path).status_code, expected)
