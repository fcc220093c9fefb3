"""Builders for ratings tests: ratings through the services, and quota rules frozen in the test.

`load_frozen_rules` loads the real register of legal documents and holidays with a rules file
written here, so a change to oversight/data/rules.yaml cannot move what the tests expect.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from oversight.rules import DOCUMENTS_FILE, HOLIDAYS_FILE, load_rules
from ratings import services
from ratings.models import MemberRatingSummary, OrganisationRating
from units.models import Unit

FROZEN_RULES = """
rules:
  - key: xep_loai.htxs_toi_da_ty_le_httnv
    value: "{old}"
    amount: {old}
    unit: percent
    document: "124-QĐ/TW"
    effective_from: 2023-10-04
    effective_to: 2025-08-29
    confidence: S
    note: "Quy định đóng băng cho kiểm thử (124)."
  - key: xep_loai.htxs_toi_da_ty_le_httnv
    value: "{current}"
    amount: {current}
    unit: percent
    document: "366-QĐ/TW"
    effective_from: 2025-08-30
    confidence: U
    note: "Quy định đóng băng cho kiểm thử (366)."
"""


def load_frozen_rules(*, old: int = 20, current: int = 20) -> None:
    """The quota rule for 124-QĐ/TW (from 04/10/2023) and 366-QĐ/TW (from 30/8/2025) only."""
    with tempfile.TemporaryDirectory() as folder:
        rules = Path(folder) / "rules.yaml"
        rules.write_text(FROZEN_RULES.format(old=old, current=current), encoding="utf-8")
        load_rules([DOCUMENTS_FILE, rules, HOLIDAYS_FILE], actor=None)


def rate(unit: Unit, rank: str, *, actor: Any, **extra: Any) -> OrganisationRating:
    """A rating recorded through the service (2025, 100-point scale unless told)."""
    extra.setdefault("year", 2025)
    extra.setdefault("scale_version", "366-2025")
    return services.record_organisation_rating(unit, actor=actor, rank=rank, **extra)


def summarise(
    unit: Unit, counts: dict[str, int], *, actor: Any, year: int, scale_version: str
) -> MemberRatingSummary:
    return services.record_member_summary(
        unit, actor=actor, year=year, scale_version=scale_version, counts=counts
    )
