"""Oversight statistics: every table's cells equal counts made here independently, with loops
and sets over what the test created; lượt and distinct differ when a subject is in two cases;
chỉ đạo and phối hợp stay out of own totals; period boundaries follow the chosen calendar;
the report sentences follow the seed phrasing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from common.periods import Period
from common.testing import BaseTestCase, make_unit
from oversight.models import (
    CaseSubject,
    Denunciation,
    DisciplineCase,
    DisciplineComplaint,
    DisciplineDecision,
    Letter,
    OversightCase,
)
from oversight.statistics import statistics_for
from oversight.statistics.narrative import activity_sentence, discipline_sentence
from oversight.statistics.tables import DisciplineSummary, Headline, Pair
from units.models import Unit

D = dt.date
SUPERVISIONS = {"gs_thuong_xuyen", "gs_chuyen_de"}
COMMITTEES = {
    "cap_uy",
    "ban_thuong_vu",
    "thuong_truc",
    "chi_bo",
    "dang_uy_bo_phan",
    "co_quan_tham_muu",
}


@dataclass
class Made:
    """One (case, subject) pair as the test created it."""

    case: int
    unit: Unit
    type: str
    performer: str
    mode: str
    finance: str
    state: str
    started: dt.date | None
    concluded: dt.date | None
    who: Any  # the identity the test assigns: a unit id or a member's card / name
    is_org: bool
    committee: bool
    contents: set[str]
    violation: bool
    discipline: bool

    @property
    def activity(self) -> dt.date | None:
        return self.started


class StatisticsWorld(BaseTestCase):
    """The shared test world plus a year of cases, decisions, denunciations and letters.

    Party tree: Đảng bộ tỉnh (P) ⊃ Đảng bộ huyện Một (D1) ⊃ Đảng bộ xã Một A (C1A); P ⊃ Đảng bộ
    huyện Hai (D2). Members are named only so the pages can be checked for names.
    """

    party_district_two: Unit
    made: list[Made]
    member_names = (
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
    )

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.party_district_two = make_unit(
            Unit.Kind.PARTY_DISTRICT,
            "Đảng bộ huyện Hai",
            cls.party_province,
            admin_unit=cls.district_two,
            valid_to=D(2025, 6, 30),
        )
        P, D1, C1A, D2 = (
            cls.party_province,
            cls.party_district_one,
            cls.party_commune_one_a,
            cls.party_district_two,
        )
        cls.made = []
        org = cls._org
        member = cls._member
        # Cấp ủy tỉnh kiểm tra D1 and member An (concluded with violations in 2023).
        cls._case(
            P,
            "kt_chap_hanh",
            "cap_uy",
            started=D(2023, 2, 10),
            concluded=D(2023, 4, 1),
            subjects=[
                org(D1, ["nghi_quyet", "can_bo"], violation=True),
                member("Nguyễn Văn An", "A001", True, ["dao_duc_loi_song"], True, True),
            ],
        )
        # BTV huyện Một kiểm tra C1A and An again: An is 2 lượt, 1 distinct.
        cls._case(
            D1,
            "kt_chap_hanh",
            "ban_thuong_vu",
            started=D(2023, 6, 1),
            subjects=[
                org(C1A, ["quy_che"]),
                member("Nguyễn Văn An", "A001", True, ["chuc_trach", "dao_duc_loi_song"]),
            ],
        )
        # UBKT huyện Hai giám sát, no start date: counted by its decision date.
        cls._case(
            D2,
            "gs_chuyen_de",
            "ubkt",
            started=None,
            decided=D(2023, 7, 1),
            subjects=[org(C1A, ["khac"]), member("Trần Thị Bình", "", False, ["khac"], cell=C1A)],
        )
        cls._case(
            D2,
            "gs_thuong_xuyen",
            "ubkt",
            started=D(2023, 7, 15),
            subjects=[member("trần  thị bình", "", False, [], cell=C1A)],
        )
        # Chỉ đạo and phối hợp: separate lines, never in own totals.
        cls._case(
            P,
            "kt_dhvp_tc",
            "ubkt",
            mode="chi_dao",
            started=D(2023, 8, 1),
            subjects=[org(C1A, []), org(D2, [])],
        )
        cls._case(
            P,
            "kt_dhvp_dv",
            "ubkt",
            mode="chi_dao",
            started=D(2023, 8, 2),
            subjects=[member("Lê Văn Cường", "C003", False, ["tham_nhung"])],
        )
        cls._case(
            P,
            "kt_dhvp_dv",
            "ubkt",
            mode="phoi_hop",
            started=D(2023, 9, 1),
            subjects=[member("Lê Văn Cường", "C003", False, ["tham_nhung"]), org(D1, [])],
        )
        cls._case(
            P,
            "kt_chap_hanh",
            "cap_uy",
            mode="phoi_hop",
            started=D(2023, 9, 5),
            subjects=[org(D1, [])],
        )
        # Only planned, and cancelled: not counted.
        cls._case(
            D1,
            "kt_chap_hanh",
            "cap_uy",
            state="du_kien",
            decided=D(2023, 3, 1),
            started=None,
            subjects=[org(C1A, [])],
        )
        cls._case(
            D1,
            "gs_chuyen_de",
            "cap_uy",
            state="huy",
            started=D(2023, 3, 2),
            subjects=[org(C1A, [])],
        )
        # Chi bộ giám sát started 20/12/2023: 2024 under 15→14, 2023 under the calendar.
        cls._case(
            C1A,
            "gs_thuong_xuyen",
            "chi_bo",
            started=D(2023, 12, 20),
            subjects=[member("Phạm Thị Dung", "D004", False, ["doan_ket"])],
        )
        # Started 20/12/2022: 2023 under 15→14, 2022 under the calendar.
        cls._case(P, "kt_chap_hanh", "cap_uy", started=D(2022, 12, 20), subjects=[org(D2, [])])
        # The year before, for the comparison with the same period.
        cls._case(P, "kt_chap_hanh", "cap_uy", started=D(2022, 5, 1), subjects=[org(D1, [])])
        cls._case(
            P,
            "kt_tai_chinh",
            "ubkt",
            finance="dang_phi",
            started=D(2023, 10, 1),
            concluded=D(2023, 11, 1),
            subjects=[org(C1A, [], violation=True)],
        )
        cls._case(
            P,
            "kt_tai_chinh",
            "ubkt",
            finance="tai_chinh_ngan_sach",
            started=D(2023, 10, 2),
            subjects=[org(D1, []), org(D2, [])],
        )
        cls._case(P, "kt_thuc_hien_nv_ktgs", "ubkt", started=D(2023, 5, 5), subjects=[org(D1, [])])
        cls._case(P, "kt_thi_hanh_ky_luat", "ubkt", started=D(2023, 5, 6), subjects=[org(D2, [])])
        # Chi bộ kiểm tra a member on signs of violation: tables 2 and 8.
        cls._case(
            C1A,
            "kt_dhvp_dv",
            "chi_bo",
            started=D(2023, 4, 1),
            concluded=D(2023, 5, 1),
            subjects=[member("Hoàng Văn Em", "E005", False, ["dieu_cam"], True, True)],
        )
        # UBKT tỉnh kiểm tra D1 on signs of violation, started 2022, concluded 2023.
        cls._case(
            P,
            "kt_dhvp_tc",
            "ubkt",
            started=D(2022, 11, 1),
            concluded=D(2023, 1, 20),
            subjects=[org(D1, ["tiet_kiem"], violation=True, discipline=True)],
        )
        cls._discipline_and_letters()

    # --- builders -------------------------------------------------------------------------------

    @staticmethod
    def _org(
        unit: Unit, contents: list[str], *, violation: bool = False, discipline: bool = False
    ) -> dict[str, Any]:
        return {
            "subject_unit": unit,
            "content_categories": contents,
            "has_violation": violation,
            "discipline_required": discipline,
        }

    @staticmethod
    def _member(
        name: str,
        card: str,
        committee: bool,
        contents: list[str],
        violation: bool = False,
        discipline: bool = False,
        cell: Unit | None = None,
    ) -> dict[str, Any]:
        return {
            "full_name": name,
            "party_card_number": card,
            "party_cell": cell,
            "is_committee_member": committee,
            "content_categories": contents,
            "has_violation": violation,
            "discipline_required": discipline,
        }

    @classmethod
    def _case(
        cls,
        unit: Unit,
        type: str,
        performer: str,
        *,
        subjects: list[dict[str, Any]],
        started: dt.date | None,
        mode: str = "chu_tri",
        finance: str = "",
        state: str = "tien_hanh",
        decided: dt.date | None = None,
        concluded: dt.date | None = None,
    ) -> OversightCase:
        decided = decided or started
        assert decided is not None
        case = OversightCase.objects.create(
            unit=unit,
            title=f"Cuộc {type} {len(cls.made)}",
            type=type,
            performer_kind=performer,
            mode=mode,
            finance_subject=finance,
            state=state if concluded is None else "da_ket_luan",
            decided_on=decided,
            started_on=started,
            deadline=decided + dt.timedelta(days=90),
            concluded_on=concluded,
        )
        for subject in subjects:
            CaseSubject.objects.create(case=case, **subject)
            is_org = "subject_unit" in subject
            if is_org:
                who: Any = subject["subject_unit"].pk
            elif subject["party_card_number"]:
                who = subject["party_card_number"]
            else:
                who = (" ".join(subject["full_name"].split()).lower(), subject["party_cell"].pk)
            cls.made.append(
                Made(
                    case=case.pk,
                    unit=unit,
                    type=type,
                    performer=performer,
                    mode=mode,
                    finance=finance,
                    state=state,
                    started=started or decided,
                    concluded=concluded,
                    who=who,
                    is_org=is_org,
                    committee=subject.get("is_committee_member", False),
                    contents=set(subject["content_categories"]),
                    violation=subject["has_violation"],
                    discipline=subject["discipline_required"],
                )
            )
        return case

    @classmethod
    def _discipline(
        cls,
        unit: Unit,
        form: str,
        body: str,
        decided: dt.date,
        *,
        name: str = "",
        card: str = "",
        subject_unit: Unit | None = None,
        committee: bool = False,
        state: str = "co_hieu_luc",
    ) -> DisciplineDecision:
        case = DisciplineCase.objects.create(
            unit=unit,
            subject_unit=subject_unit,
            full_name=name,
            party_card_number=card,
            is_committee_member=committee,
            violation_on=decided - dt.timedelta(days=60),
            opened_on=decided - dt.timedelta(days=30),
            state=state,
        )
        return DisciplineDecision.objects.create(
            discipline_case=case, form=form, body_kind=body, decided_on=decided
        )

    @classmethod
    def _discipline_and_letters(cls) -> None:
        P, D1, C1A, D2 = (
            cls.party_province,
            cls.party_district_one,
            cls.party_commune_one_a,
            cls.party_district_two,
        )
        an = cls._discipline(
            D1,
            "khien_trach",
            "cap_uy",
            D(2023, 5, 10),
            name="Nguyễn Văn An",
            card="A001",
            committee=True,
        )
        cuong = cls._discipline(
            P, "canh_cao", "ubkt", D(2023, 6, 10), name="Lê Văn Cường", card="C003"
        )
        cls._discipline(P, "khien_trach", "cap_uy", D(2023, 7, 10), subject_unit=C1A)
        cls._discipline(D2, "khai_tru", "chi_bo", D(2022, 6, 1), name="Trần Thị Bình")
        # Changed after a complaint: still counted when it was decided.
        cls._discipline(
            C1A,
            "cach_chuc",
            "ubkt",
            D(2023, 11, 1),
            name="Hoàng Văn Em",
            card="E005",
            state="bi_thay_doi",
        )
        cls._discipline(
            C1A, "khien_trach", "chi_bo", D(2023, 11, 2), name="Hoàng Văn Em", card="E005"
        )
        DisciplineComplaint.objects.create(
            decision=an,
            filed_on=D(2023, 6, 1),
            decided_on=D(2023, 7, 1),
            state="ket_thuc",
            result="giu_nguyen",
            content="hinh_thuc_ky_luat",
        )
        DisciplineComplaint.objects.create(
            decision=cuong, filed_on=D(2023, 7, 1), state="da_nhan", content="noi_dung_vi_pham"
        )

        def letter(unit: Unit, received: dt.date, **extra: Any) -> Letter:
            fields = {
                "source": "truc_tiep",
                "sender_kind": "cong_dan",
                "naming": "co_ten",
                "summary": "Nội dung đơn",
                "state": "da_nhan",
                **extra,
            }
            return Letter.objects.create(unit=unit, received_on=received, **fields)

        first = letter(
            D1, D(2023, 3, 3), kind="to_cao", handling="phai_giai_quyet", accused_level="xa"
        )
        letter(
            P,
            D(2023, 4, 4),
            kind="kien_nghi",
            sender_kind="dang_vien",
            naming="giau_ten",
            handling="luu",
        )
        letter(C1A, D(2023, 4, 5))
        second = letter(P, D(2023, 2, 1), kind="to_cao", handling="phai_giai_quyet")
        Denunciation.objects.create(
            unit=D1,
            letter=first,
            received_on=D(2023, 3, 5),
            accused_name="Nguyễn Văn An",
            accused_is_committee_member=True,
            content_categories=["tham_nhung", "dat_dai"],
            summary="Tố cáo",
            state="da_ket_luan",
            result="to_dung",
            has_violation=True,
            discipline_required=True,
            concluded_on=D(2023, 5, 1),
        )
        Denunciation.objects.create(
            unit=P,
            letter=second,
            received_on=D(2023, 2, 2),
            accused_unit=D2,
            content_categories=["can_bo"],
            summary="Tố cáo",
            state="dang_giai_quyet",
        )


# --- independent counts ---------------------------------------------------------------------------

# Table number -> (types or None for "every kiểm tra type", performers or None, organisations,
# finance subject).
INSPECTIONS = None
TABLE_FILTERS: dict[int, tuple[set[str] | None, set[str] | None, bool, str]] = {
    1: (INSPECTIONS, COMMITTEES, True, ""),
    2: (INSPECTIONS, COMMITTEES, False, ""),
    3: (SUPERVISIONS, COMMITTEES, True, ""),
    4: (SUPERVISIONS, COMMITTEES, False, ""),
    5: (SUPERVISIONS, {"ubkt"}, True, ""),
    6: (SUPERVISIONS, {"ubkt"}, False, ""),
    7: ({"kt_dhvp_tc", "kt_dhvp_dv"}, {"ubkt"}, True, ""),
    8: ({"kt_dhvp_tc", "kt_dhvp_dv"}, {"ubkt", "chi_bo"}, False, ""),
    9: ({"kt_thuc_hien_nv_ktgs"}, None, True, ""),
    10: ({"kt_thi_hanh_ky_luat"}, None, True, ""),
    11: ({"kt_tai_chinh"}, None, True, "dang_phi"),
    12: ({"kt_tai_chinh"}, None, True, "tai_chinh_ngan_sach"),
}


def _in_table(made: Made, number: int) -> bool:
    types, performers, is_org, finance = TABLE_FILTERS[number]
    if types is None:
        type_ok = made.type not in SUPERVISIONS
    else:
        type_ok = made.type in types
    return (
        type_ok
        and (performers is None or made.performer in performers)
        and made.is_org == is_org
        and (not finance or made.finance == finance)
        and made.state not in ("du_kien", "huy")
    )


def expected_activity(
    made: list[Made],
    number: int,
    start: dt.date,
    end: dt.date,
    *,
    mode: str = "chu_tri",
    under: Unit | None = None,
    only: Unit | None = None,
) -> dict[str, int]:
    luot = 0
    people: set[Any] = set()
    contents: dict[str, int] = {}
    committee = violation = discipline = 0
    for row in made:
        if not _in_table(row, number) or row.mode != mode:
            continue
        if under is not None and not row.unit.path.startswith(under.path):
            continue
        if only is not None and row.unit.pk != only.pk:
            continue
        if row.activity is not None and start <= row.activity <= end:
            luot += 1
            people.add(row.who)
            committee += row.committee
            for code in row.contents:
                contents[f"nd:{code}"] = contents.get(f"nd:{code}", 0) + 1
        if row.concluded is not None and start <= row.concluded <= end:
            violation += row.violation
            discipline += row.discipline
    values = {
        "luot": luot,
        "distinct": len(people),
        "co_vi_pham": violation,
        "phai_ky_luat": discipline,
        **contents,
    }
    if not TABLE_FILTERS[number][2]:
        values["cap_uy_vien"] = committee
    return values


def _check(test: Any, line_values: Any, expected: dict[str, int]) -> None:
    for key, value in expected.items():
        test.assertEqual(line_values.get(key, 0), value, key)


YEAR_2023 = (D(2023, 1, 1), D(2023, 12, 31))


class ActivityTableTests(StatisticsWorld):
    def test_every_activity_table_total_equals_independent_count(self) -> None:
        result = statistics_for(self.party_province, Period("year", 2023), "calendar")
        for number in TABLE_FILTERS:
            with self.subTest(table=number):
                table = result.table(number)
                _check(self, table.total.values, expected_activity(self.made, number, *YEAR_2023))
                _check(
                    self,
                    table.line("chi_dao").values,
                    expected_activity(self.made, number, *YEAR_2023, mode="chi_dao"),
                )
                _check(
                    self,
                    table.line("phoi_hop").values,
                    expected_activity(self.made, number, *YEAR_2023, mode="phoi_hop"),
                )

    def test_own_and_subordinate_lines_fold_in_subtrees_and_add_up_to_the_total(self) -> None:
        result = statistics_for(self.party_province, Period("year", 2023), "calendar")
        for number in TABLE_FILTERS:
            table = result.table(number)
            with self.subTest(table=number):
                _check(
                    self,
                    table.line("own").values,
                    expected_activity(self.made, number, *YEAR_2023, only=self.party_province),
                )
                lines = {line.label: line for line in table.lines}
                for unit in (self.party_district_one, self.party_district_two):
                    _check(
                        self,
                        lines[unit.name].values,
                        expected_activity(self.made, number, *YEAR_2023, under=unit),
                    )
                own_and_subordinates = [
                    line for line in table.lines if line.kind in ("own", "subordinate")
                ]
                self.assertEqual(
                    sum(line.values["luot"] for line in own_and_subordinates),
                    table.total.values["luot"],
                )
        labels = [line.label for line in result.table(1).lines]
        self.assertEqual(
            labels,
            [
                "Đảng bộ tỉnh Thử Nghiệm (cấp mình)",
                "Đảng bộ huyện Hai",
                "Đảng bộ huyện Một",
                "Tổng cộng",
                "Chỉ đạo cấp dưới tiến hành (không cộng vào tổng)",
                "Phối hợp với cấp trên tiến hành (không cộng vào tổng)",
            ],
        )

    def test_a_member_in_two_cases_is_two_turns_and_one_distinct_member(self) -> None:
        result = statistics_for(self.party_province, Period("year", 2023), "calendar")
        table2 = result.table(2)
        # An (twice), Hoàng Văn Em (chi bộ, signs of violation).
        self.assertEqual(table2.value("luot"), 3)
        self.assertEqual(table2.value("distinct"), 2)
        self.assertEqual(table2.value("cap_uy_vien"), 2)
        self.assertEqual(table2.value("nd:dao_duc_loi_song"), 2)
        # Bình is written two ways without a card: same name and cell, one member.
        table6 = result.table(6)
        self.assertEqual((table6.value("luot"), table6.value("distinct")), (2, 1))

    def test_directed_and_joined_cases_are_not_in_own_totals(self) -> None:
        result = statistics_for(self.party_province, Period("year", 2023), "calendar")
        table7, table8 = result.table(7), result.table(8)
        self.assertEqual(table7.value("luot"), 0)  # the 2022 case concluded in 2023 only
        self.assertEqual(table7.value("co_vi_pham"), 1)
        self.assertEqual(table7.value("phai_ky_luat"), 1)
        self.assertEqual(table7.value("distinct", "chi_dao"), 2)
        self.assertEqual(table8.value("distinct", "chi_dao"), 1)
        self.assertEqual(table8.value("distinct", "phoi_hop"), 1)
        self.assertEqual(table8.value("luot"), 1)  # only the chi bộ case
        headline = result.headline
        self.assertEqual(headline.directed_signs_inspection, Pair(2, 1, 2, 1))
        # Phối hợp: every kiểm tra type, any performer; D1 twice is one organisation.
        self.assertEqual(headline.joined_inspection, Pair(1, 1, 2, 1))
        self.assertEqual(result.table(1).value("luot", "phoi_hop"), 1)

    def test_planned_and_cancelled_cases_are_not_counted(self) -> None:
        result = statistics_for(self.party_district_one, Period("quarter", 2023, 1), "calendar")
        self.assertEqual(result.table(1).value("luot"), 0)
        self.assertEqual(result.table(3).value("luot"), 0)

    def test_a_case_started_on_20_december_belongs_to_the_next_year_under_15_to_14(self) -> None:
        calendar_2022 = statistics_for(self.party_province, Period("year", 2022), "calendar")
        calendar_2023 = statistics_for(self.party_province, Period("year", 2023), "calendar")
        dec15_2023 = statistics_for(self.party_province, Period("year", 2023), "dec15")
        dec15_2024 = statistics_for(self.party_province, Period("year", 2024), "dec15")
        # Table 1 organisations: D2 (20/12/2022), D1 (05/2022), D1 and C1A (2023).
        self.assertEqual(calendar_2022.table(1).value("luot"), 2)
        self.assertEqual(calendar_2023.table(1).value("luot"), 2)
        self.assertEqual(dec15_2023.table(1).value("luot"), 3)
        self.assertEqual(dec15_2023.period_text, "Từ ngày 15/12/2022 đến ngày 14/12/2023")
        # Dung's supervision started 20/12/2023.
        self.assertEqual(calendar_2023.table(4).value("luot"), 1)
        self.assertEqual(dec15_2023.table(4).value("luot"), 0)
        self.assertEqual(dec15_2024.table(4).value("luot"), 1)
        for number in TABLE_FILTERS:
            start, end = dec15_2023.start, dec15_2023.end
            _check(
                self,
                dec15_2023.table(number).total.values,
                expected_activity(self.made, number, start, end),
            )

    def test_headline_compares_with_the_same_period_one_year_earlier(self) -> None:
        result = statistics_for(self.party_province, Period("year", 2023), "calendar")
        self.assertEqual(result.previous_period, Period("year", 2022))
        rows = {row.label: row for row in result.comparisons}
        row = rows["Cấp ủy các cấp kiểm tra: tổ chức đảng"]
        self.assertEqual((row.current, row.previous), (2, 2))
        self.assertEqual(row.change, "không đổi so với cùng kỳ")
        row = rows["Thi hành kỷ luật: đảng viên"]
        self.assertEqual((row.current, row.previous), (4, 1))
        self.assertEqual(row.change, "tăng 03 đảng viên so với cùng kỳ")


class OtherTableTests(StatisticsWorld):
    def test_discipline_counts_one_per_decision_by_form_and_deciding_body(self) -> None:
        result = statistics_for(self.party_province, Period("year", 2023), "calendar")
        t13, t14, t15 = result.table(13), result.table(14), result.table(15)
        self.assertEqual(t13.value("total"), 2)  # An (cấp ủy), Em (chi bộ)
        self.assertEqual(t13.value("form:khien_trach"), 2)
        self.assertEqual(t13.value("cap_uy_vien"), 1)
        self.assertEqual(t14.value("total"), 2)  # Cường, Em (changed after complaint)
        self.assertEqual(t14.value("form:cach_chuc"), 1)
        self.assertEqual(t14.value("form:canh_cao"), 1)
        self.assertEqual(t15.value("total"), 1)
        self.assertEqual(t15.value("form:khien_trach"), 1)
        # D1's line folds in C1A's decision (Em) with its own (An).
        members = {line.label: line.values for line in t13.lines}
        self.assertEqual(members["Đảng bộ huyện Một"]["total"], 2)
        summary = result.headline.discipline
        self.assertEqual(summary.member_total, 4)
        self.assertEqual(
            dict(summary.members), {"khien_trach": 2, "canh_cao": 1, "cach_chuc": 1, "khai_tru": 0}
        )
        self.assertEqual(summary.organisation_total, 1)
        self.assertEqual(
            discipline_sentence(summary),
            "Thi hành kỷ luật 01 tổ chức đảng (khiển trách) và 04 đảng viên: khiển trách 02; "
            "cảnh cáo 01; cách chức 01.",
        )

    def test_denunciation_complaint_and_letter_tables(self) -> None:
        result = statistics_for(self.party_province, Period("year", 2023), "calendar")
        t16, t17 = result.table(16), result.table(17)
        self.assertEqual(t16.value("received"), 1)
        self.assertEqual(t16.value("cap_uy_vien"), 1)
        self.assertEqual(t16.value("nd:tham_nhung"), 1)
        self.assertEqual(t16.value("nd:dat_dai"), 1)
        self.assertEqual(t16.value("concluded"), 1)
        self.assertEqual(t16.value("result:to_dung"), 1)
        self.assertEqual(t16.value("phai_ky_luat"), 1)
        self.assertEqual(t17.value("received"), 1)
        self.assertEqual(t17.value("concluded"), 0)
        self.assertEqual(t17.value("received", "own"), 1)
        t18, t19, t20 = result.table(18), result.table(19), result.table(20)
        self.assertEqual((t18.value("received"), t18.value("resolved")), (1, 1))
        self.assertEqual(t18.value("result:giu_nguyen"), 1)
        self.assertEqual(t18.value("content:hinh_thuc_ky_luat"), 1)
        self.assertEqual((t19.value("received"), t19.value("resolved")), (1, 0))
        self.assertEqual(t20.value("received"), 0)
        t21 = result.table(21)
        self.assertEqual(t21.value("received"), 4)
        self.assertEqual(t21.value("kind:to_cao"), 2)
        self.assertEqual(t21.value("kind:"), 1)
        self.assertEqual(t21.value("naming:giau_ten"), 1)
        self.assertEqual(t21.value("sender:cong_dan"), 3)
        self.assertEqual(t21.value("handling:"), 1)
        self.assertEqual(t21.value("level:xa"), 1)
        lines = {line.label: line.values for line in t21.lines}
        self.assertEqual(lines["Đảng bộ huyện Một"]["received"], 2)
        self.assertEqual(lines["Đảng bộ tỉnh Thử Nghiệm (cấp mình)"]["received"], 2)

    def test_scope_of_a_subordinate_includes_only_its_subtree(self) -> None:
        result = statistics_for(self.party_district_one, Period("year", 2023), "calendar")
        self.assertEqual(
            [line.label for line in result.table(1).lines][:3],
            ["Đảng bộ huyện Một (cấp mình)", "Đảng bộ xã Một A", "Tổng cộng"],
        )
        under = self.party_district_one
        for number in TABLE_FILTERS:
            _check(
                self,
                result.table(number).total.values,
                expected_activity(self.made, number, *YEAR_2023, under=under),
            )


class NarrativeTests(BaseTestCase):
    def test_seed_sentences_with_zero_padding(self) -> None:
        headline = Headline(
            committee_inspection=Pair(43, 47),
            committee_supervision=Pair(46, 48),
            commission_supervision=Pair(51, 55),
            commission_signs_inspection=Pair(0, 0),
            directed_signs_inspection=Pair(2, 3),
            joined_inspection=Pair(1, 3),
            discipline=DisciplineSummary(
                {"khien_trach": 2, "canh_cao": 0, "giai_tan": 0},
                {"khien_trach": 142, "canh_cao": 18, "cach_chuc": 5, "khai_tru": 18},
            ),
        )
        self.assertEqual(
            activity_sentence(headline),
            "Cấp ủy các cấp đã tiến hành kiểm tra đối với 43 tổ chức đảng và 47 đảng viên; "
            "giám sát đối với 46 tổ chức đảng và 48 đảng viên; Ủy ban Kiểm tra các cấp đã tiến "
            "hành giám sát đối với 51 tổ chức đảng và 55 đảng viên; chỉ đạo kiểm tra 02 tổ "
            "chức đảng và 03 đảng viên khi có dấu hiệu vi phạm; phối hợp với cấp trên kiểm tra "
            "01 tổ chức đảng và 03 đảng viên.",
        )
        self.assertEqual(
            discipline_sentence(headline.discipline),
            "Thi hành kỷ luật 02 tổ chức đảng (khiển trách) và 183 đảng viên: khiển trách 142; "
            "cảnh cáo 18; cách chức 05; khai trừ 18.",
        )
