"""The test world of the ratings screens: two blocs of the province's Party organisation with 30 and
26 grassroots cells rated for 2023 on the 2018 scale (one HTXSNV beyond the quota, justified), their
members' summaries, 55 cells on the legacy scale for 2016, and another province out of scope.

Rules are frozen in the test (factories.load_frozen_rules); people: `office` (Ban Tổ chức of the
province), `bloc_office` (of the first bloc only), `other_office` (another province), plus the
BaseTestCase people (`viewer` is a read-only leader of the province).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from accounts.models import User
from common.testing import BaseTestCase, make_unit, make_user
from ratings.models import OrganisationRating
from ratings.tests.factories import load_frozen_rules, rate, summarise
from units.models import Unit

K = Unit.Kind
OLD = "132-2018"
LEGACY = "legacy-tsvm"
# Ranks of the grassroots cells of each bloc in 2023, best first (recorded HTTNV first, as the quota
# of HTXSNV is checked against the HTTNV already recorded by the same deciding level).
BLOC_ONE_2023 = {"httnv": 22, "htxsnv": 4, "htnv": 3, "khtnv": 1}
BLOC_TWO_2023 = {"httnv": 19, "htxsnv": 3, "htnv": 2, "khtnv": 1}
MEMBERS_ONE = {"htxsnv": 70, "httnv": 480, "htnv": 45, "khtnv": 5}
MEMBERS_TWO = {"htxsnv": 40, "httnv": 322, "htnv": 36, "khtnv": 2}


def expected_percent_text(part: int, whole: int) -> str:
    """Independent rounding half up to tenths with integers, written the Vietnamese way."""
    tenths = (part * 1000 * 2 + whole) // (2 * whole)
    return f"{tenths // 10},{tenths % 10}%"


class RatingsViewTestCase(BaseTestCase):
    bloc_one: Unit
    bloc_two: Unit
    cells_one: list[Unit]
    cells_two: list[Unit]
    office: User
    bloc_office: User
    other_office: User
    other_party: Unit
    other_rating: OrganisationRating
    override_cell: Unit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_frozen_rules()
        cls.bloc_one = make_unit(K.PARTY_BLOC, "Đảng bộ Khối các cơ quan tỉnh", cls.party_province)
        cls.bloc_two = make_unit(K.PARTY_BLOC, "Đảng bộ Khối doanh nghiệp tỉnh", cls.party_province)
        cls.cells_one = [
            make_unit(K.PARTY_CELL, f"Chi bộ cơ quan {n:02d}", cls.bloc_one) for n in range(1, 31)
        ]
        cls.cells_two = [
            make_unit(K.PARTY_CELL, f"Chi bộ doanh nghiệp {n:02d}", cls.bloc_two)
            for n in range(1, 26)
        ]
        cls.office = make_user("bantochuc", ("organisation_office", cls.party_province, True))
        cls.bloc_office = make_user("bantochuckhoi", ("organisation_office", cls.bloc_one, True))
        other_province = make_unit(K.PROVINCE, "Tỉnh Khác", code="91")
        cls.other_party = make_unit(
            K.PARTY_PROVINCE, "Đảng bộ tỉnh Khác", admin_unit=other_province
        )
        other_cell = make_unit(K.PARTY_CELL, "Chi bộ tỉnh Khác", cls.other_party)
        cls.other_office = make_user(
            "bantochuckhac", ("organisation_office", cls.other_party, True)
        )
        cls.other_rating = rate(
            other_cell, "httnv", actor=cls.other_office, year=2023, scale_version=OLD
        )
        for bloc, cells, ranks in (
            (cls.bloc_one, cls.cells_one, BLOC_ONE_2023),
            (cls.bloc_two, cls.cells_two, BLOC_TWO_2023),
        ):
            remaining = iter(cells)
            for rank, number in ranks.items():
                for _n in range(number):
                    rate(
                        next(remaining),
                        rank,
                        actor=cls.office,
                        year=2023,
                        scale_version=OLD,
                        approved_by_unit=bloc,
                    )
        # One more HTXSNV beyond the quota of bloc two (limit 3.8), justified by a note.
        cls.override_cell = make_unit(K.PARTY_CELL, "Chi bộ doanh nghiệp 26", cls.bloc_two)
        rate(
            cls.override_cell,
            "htxsnv",
            actor=cls.office,
            year=2023,
            scale_version=OLD,
            approved_by_unit=cls.bloc_two,
            exceptional_override=True,
            override_note="Thành tích đặc biệt trong cứu hộ bão lũ.",
        )
        summarise(cls.bloc_one, MEMBERS_ONE, actor=cls.office, year=2023, scale_version=OLD)
        summarise(cls.bloc_two, MEMBERS_TWO, actor=cls.office, year=2023, scale_version=OLD)
        # 2016, legacy scale: 48 of 55 grassroots organisations "trong sạch vững mạnh".
        for number, cell in enumerate(cls.cells_one + cls.cells_two):
            rank = "trong_sach_vung_manh" if number < 48 else "hoan_thanh_tot"
            rate(cell, rank, actor=cls.office, year=2016, scale_version=LEGACY)

    def get(self, user: User, name: str, *args: Any, **params: Any) -> Any:
        self.login(user)
        return self.client.get(reverse(f"ratings:{name}", args=args), params)
