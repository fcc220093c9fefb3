"""The shared test world: one province, two districts, their communes and the people in it.

`BaseTestCase` builds it once per class (setUpTestData), through the real services, so every
permission test reads the same way:

    Tỉnh Thử Nghiệm (province)          Đảng bộ tỉnh Thử Nghiệm (party_province)
    ├── Huyện Một (district)            ├── Đảng bộ huyện Một (party_district)
    │   ├── Xã Một A                    │   └── Đảng bộ xã Một A
    │   └── Xã Một B (closed 30/6/2025, merged into Xã Một Mới)
    ├── Huyện Hai (district)
    │   └── Xã Hai A
    └── Xã Một Mới (from 1/7/2025)

People: `province_admin` (system administrator of the province), `inspector` (inspection
commission member of Đảng bộ huyện Một), `viewer` (leader read-only of the province),
`commune_officer` (commune data officer of Xã Một Mới, that unit only, which through
succession also reaches Xã Một B).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import TestCase

from accounts import services as account_services
from accounts.models import Role, User
from units import services as unit_services
from units.models import Succession, Unit

PASSWORD = "Mat-khau-thu-nghiem-2025"


def make_unit(kind: str, name: str, parent: Unit | None = None, **extra: Any) -> Unit:
    """A unit created through the service, as the system would."""
    return unit_services.create_unit(actor=None, kind=kind, name=name, parent=parent, **extra)


def make_user(username: str, *roles: tuple[str, Unit, bool], **extra: Any) -> User:
    """A user holding (role code, unit, include_subtree) assignments."""
    user = account_services.create_user(
        actor=None, username=username, password=PASSWORD, full_name=username.title(), **extra
    )
    for code, unit, subtree in roles:
        account_services.assign_role(
            user, actor=None, role=Role.objects.get(code=code), unit=unit, include_subtree=subtree
        )
    return user


class BaseTestCase(TestCase):
    province: Unit
    district_one: Unit
    district_two: Unit
    commune_one_a: Unit
    commune_one_b: Unit
    commune_two_a: Unit
    commune_new: Unit
    party_province: Unit
    party_district_one: Unit
    party_commune_one_a: Unit
    province_admin: User
    inspector: User
    viewer: User
    commune_officer: User

    @classmethod
    def setUpTestData(cls) -> None:
        K = Unit.Kind
        cls.province = make_unit(K.PROVINCE, "Tỉnh Thử Nghiệm", code="90", region="DBSH")
        cls.district_one = make_unit(
            K.DISTRICT, "Huyện Một", cls.province, code="901", valid_to=dt.date(2025, 6, 30)
        )
        cls.district_two = make_unit(
            K.DISTRICT, "Huyện Hai", cls.province, code="902", valid_to=dt.date(2025, 6, 30)
        )
        cls.commune_one_a = make_unit(
            K.COMMUNE, "Xã Một A", cls.district_one, code="90001", valid_to=dt.date(2025, 6, 30)
        )
        cls.commune_one_b = make_unit(K.COMMUNE, "Xã Một B", cls.district_one, code="90002")
        cls.commune_two_a = make_unit(
            K.COMMUNE, "Xã Hai A", cls.district_two, code="90101", valid_to=dt.date(2025, 6, 30)
        )
        cls.commune_new = make_unit(
            K.COMMUNE, "Xã Một Mới", cls.province, code="90002", valid_from=dt.date(2025, 7, 1)
        )
        unit_services.record_succession(
            cls.commune_one_b,
            cls.commune_new,
            actor=None,
            kind=Succession.Kind.MERGED_INTO,
            effective_on=dt.date(2025, 7, 1),
            basis="Nghị quyết thử nghiệm",
        )
        cls.party_province = make_unit(
            K.PARTY_PROVINCE, "Đảng bộ tỉnh Thử Nghiệm", admin_unit=cls.province
        )
        cls.party_district_one = make_unit(
            K.PARTY_DISTRICT,
            "Đảng bộ huyện Một",
            cls.party_province,
            admin_unit=cls.district_one,
            valid_to=dt.date(2025, 6, 30),
        )
        cls.party_commune_one_a = make_unit(
            K.PARTY_COMMUNE,
            "Đảng bộ xã Một A",
            cls.party_district_one,
            admin_unit=cls.commune_one_a,
            valid_to=dt.date(2025, 6, 30),
        )
        cls.province_admin = make_user("quantri", ("system_admin", cls.province, True))
        cls.viewer = make_user("lanhdao", ("leader", cls.province, True))
        cls.commune_officer = make_user("canboxa", ("commune_data_officer", cls.commune_new, False))
        # Districts are closed, so the inspector is assigned before closing in real life; the
        # test world assigns directly to keep the scope of a former district.
        cls.inspector = make_user("kiemtra")
        cls.inspector.assignments.create(
            role=Role.objects.get(code="inspection_member"), unit=cls.party_district_one
        )

    def login(self, user: User) -> None:
        self.client.force_login(user)
