"""Sponsorships for tests, made through the service."""

from __future__ import annotations

from typing import Any

from sponsorship import services
from sponsorship.models import Sponsorship
from units.models import Unit


def make_sponsorship(commune: Unit, sponsor: Unit | None = None, **overrides: Any) -> Sponsorship:
    values: dict[str, Any] = {"start_year": 2016}
    values.update(overrides)
    return services.create_sponsorship(actor=None, commune=commune, sponsor=sponsor, **values)
