"""Small criteria sets for tests, built as the data files write them."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from criteria.loading import content_hash
from criteria.models import CriteriaSet, SetVersion
from units.models import Unit


def small_set_content(set_id: str = "thu-xa-ntm", **extra: Any) -> dict[str, Any]:
    """Two criteria, three indicators: yes/no, a percent by region, income by year."""
    return {
        "schema_version": "1.0",
        "set_id": set_id,
        "title": "Bộ tiêu chí thử nghiệm",
        "level": "xa_ntm",
        "unit_type": "xa",
        "illustrative": True,
        "period": {"start_year": 2021, "end_year": 2025},
        "legal_basis": {"number": "Thử nghiệm", "issuer": "Bộ phận kiểm thử"},
        "region_scheme": "vung7",
        "rules": {"criterion_met": "all_indicators_met"},
        "criteria": [
            {
                "number": 1,
                "name": "Quy hoạch",
                "indicators": [
                    {
                        "code": "1.1",
                        "name": "Có quy hoạch được duyệt",
                        "value_type": "boolean",
                        "comparator": "eq",
                        "threshold": {"regional_variation": "none", "general": True},
                        "threshold_status": "illustrative",
                    }
                ],
            },
            {
                "number": 10,
                "name": "Thu nhập",
                "indicators": [
                    {
                        "code": "10",
                        "name": "Thu nhập bình quân đầu người",
                        "value_type": "money_per_year",
                        "unit": "triệu đồng/người/năm",
                        "comparator": "gte",
                        "threshold": {
                            "regional_variation": "none",
                            "by_year": {"2023": 55, "2024": 58},
                        },
                        "threshold_status": "illustrative",
                    },
                    {
                        "code": "10.2",
                        "name": "Tỷ lệ hộ có việc làm",
                        "value_type": "percent",
                        "unit": "%",
                        "comparator": "gte",
                        "threshold": {
                            "regional_variation": "by_region",
                            "by_region": {"DBSH": 90, "TDMNPB": 70},
                        },
                        "threshold_status": "illustrative",
                    },
                ],
            },
        ],
        **extra,
    }


def make_set(
    content: dict[str, Any] | None = None,
    *,
    base: CriteriaSet | None = None,
    province: Unit | None = None,
) -> SetVersion:
    """A criteria set with one published version."""
    content = content or small_set_content()
    period = content.get("period") or {}
    criteria_set = CriteriaSet.objects.create(
        set_id=content["set_id"],
        title=content["title"],
        level=content["level"],
        unit_type=content["unit_type"],
        start_year=period.get("start_year"),
        end_year=period.get("end_year"),
        base=base,
        province=province,
        is_illustrative=bool(content.get("illustrative")),
    )
    base_version = base.versions.order_by("-number").first() if base else None
    return SetVersion.objects.create(
        criteria_set=criteria_set,
        number=1,
        status=SetVersion.Status.PUBLISHED,
        content=content,
        content_hash=content_hash(content),
        base_version=base_version,
        published_at=timezone.now(),
    )
