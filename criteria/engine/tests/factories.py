"""Builders for engine tests: criteria content as plain dicts, and the real criteria files."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from criteria.engine import Framework, framework_from_dict

# The research folder named in the brief; a checkout without it uses the copy shipped with the app.
SHARED_CRITERIA = Path("/work/shared/criteria")
SHIPPED_CRITERIA = Path(__file__).resolve().parents[2] / "frameworks"
NOT_SETS = frozenset({"regions.yaml", "sources.yaml"})


def criteria_folder() -> Path:
    return SHARED_CRITERIA if SHARED_CRITERIA.is_dir() else SHIPPED_CRITERIA


def criteria_files() -> list[Path]:
    return sorted(p for p in criteria_folder().glob("*.yaml") if p.name not in NOT_SETS)


@cache
def _load(set_id: str) -> dict[str, Any]:
    text = (criteria_folder() / f"{set_id}.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    return data


def real_content(set_id: str) -> dict[str, Any]:
    """A fresh copy of a real criteria file's content, safe to change in a test."""
    return copy.deepcopy(_load(set_id))


def real_framework(set_id: str) -> Framework:
    return framework_from_dict(real_content(set_id))


def indicator_dict(code: str, **overrides: Any) -> dict[str, Any]:
    """A percent indicator, ≥ 80 in every region, confirmed; override what the test is about."""
    data: dict[str, Any] = {
        "code": code,
        "name": f"Chỉ tiêu {code}",
        "name_status": "confirmed",
        "value_type": "percent",
        "unit": "%",
        "comparator": "gte",
        "threshold": {"regional_variation": "none", "general": 80},
        "threshold_status": "confirmed",
    }
    data.update(overrides)
    return data


def boolean_dict(code: str, **overrides: Any) -> dict[str, Any]:
    data = indicator_dict(
        code,
        value_type="boolean",
        unit="",
        comparator="eq",
        threshold={"regional_variation": "none", "general": True},
    )
    data.update(overrides)
    return data


def criterion_dict(
    number: int | str, *indicators: dict[str, Any], **overrides: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": number,
        "group": "II",
        "name": f"Tiêu chí {number}",
        "name_status": "confirmed",
        "indicators": list(indicators),
    }
    data.update(overrides)
    return data


def framework_dict(*criteria: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": "1.0",
        "set_id": "thu-nghiem",
        "title": "Bộ tiêu chí thử nghiệm",
        "level": "xa_ntm",
        "unit_type": "xa",
        "legal_basis": {"number": "318/QĐ-TTg", "annex": "Phụ lục I", "evidence": ["S01"]},
        "rules": {
            "criterion_met": "all_indicators_met",
            "region_override": [
                {
                    "id": "dbkk_atk_as_tdmnpb",
                    "status": "confirmed",
                    "effect": {"use_region": "TDMNPB"},
                }
            ],
        },
        "criteria": list(criteria),
    }
    data.update(overrides)
    return data


def make_framework(*criteria: dict[str, Any], **overrides: Any) -> Framework:
    return framework_from_dict(framework_dict(*criteria, **overrides))


def illustrative_chain_contents() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A small demo chain NTM → nâng cao → kiểu mẫu with illustrative (made-up) thresholds.

    The kiểu mẫu part is the real QĐ 319/QĐ-TTg rule set; the numbers of the other two are
    invented for the test and marked illustrative, as a demo province set would be.
    """
    recognition = real_content("xa-ntm-2021-2025")["rules"]["recognition_conditions"]
    income_ntm = indicator_dict(
        "10",
        value_type="money_per_year",
        unit="triệu đồng/người/năm",
        threshold={"regional_variation": "by_region", "by_region": {"DBSH": 50, "TDMNPB": 40}},
        threshold_status="illustrative",
    )
    ntm = framework_dict(
        criterion_dict(1, boolean_dict("1.1", threshold_status="illustrative")),
        criterion_dict(10, income_ntm),
        criterion_dict(
            13,
            boolean_dict(
                "13.4",
                name="Bảo tồn, phát huy nghề truyền thống (nếu có)",
                threshold_status="illustrative",
            ),
        ),
        criterion_dict(
            17,
            indicator_dict(
                "17.1",
                threshold={"regional_variation": "none", "general": 90},
                threshold_status="illustrative",
            ),
        ),
        set_id="demo-xa-ntm",
        illustrative=True,
    )
    ntm["rules"]["recognition_conditions"] = recognition
    income_nang_cao = indicator_dict(
        "10",
        value_type="money_per_year",
        unit="triệu đồng/người/năm",
        threshold={
            "regional_variation": "by_region",
            "by_year": {2024: {"by_region": {"DBSH": 60, "TDMNPB": 48}}},
        },
        threshold_status="illustrative",
    )
    nang_cao = framework_dict(
        criterion_dict(10, income_nang_cao),
        criterion_dict(
            17,
            indicator_dict(
                "17.1",
                threshold={"regional_variation": "none", "general": 95},
                threshold_status="illustrative",
            ),
        ),
        set_id="demo-xa-ntm-nang-cao",
        level="xa_ntm_nang_cao",
        illustrative=True,
    )
    nang_cao["rules"]["prerequisite"] = [{"id": "is_xa_ntm", "status": "illustrative"}]
    kieu_mau = real_content("xa-ntm-kieu-mau-2021-2025")
    return ntm, nang_cao, kieu_mau
