"""Plain builders for petitions tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from petitions import services
from petitions.models import CitizenMatter, ReceptionSession
from units.models import Unit


def make_session(unit: Unit, held_on: dt.date, **overrides: Any) -> ReceptionSession:
    values: dict[str, Any] = {
        "host_name": "Nguyễn Văn Bí Thư",
        "host_role": ReceptionSession.HostRole.BI_THU,
        "held_on": held_on,
        "kind": ReceptionSession.Kind.DINH_KY,
        "place": "Trụ sở tiếp công dân",
        "visitor_count": 3,
    }
    values.update(overrides)
    return services.record_session(unit, actor=None, **values)


def make_matter(unit: Unit, received_on: dt.date, **overrides: Any) -> CitizenMatter:
    values: dict[str, Any] = {
        "received_on": received_on,
        "kind": CitizenMatter.Kind.KIEN_NGHI,
        "summary": "Kiến nghị sửa đường liên thôn",
    }
    values.update(overrides)
    return services.receive_matter(unit, actor=None, **values)
