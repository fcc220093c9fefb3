"""Load criteria sets from their data files into published versions, idempotently.

Every YAML file in `criteria/frameworks/` (national sets and provincial layers, facts from
official decisions) becomes a CriteriaSet with a published SetVersion holding the file's
content. Loading the same file again changes nothing; a changed file becomes a new published
version, because a published version never changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from audit.services import record
from criteria.models import CriteriaSet, SetVersion
from units.loading import province_name_key
from units.models import Unit

FRAMEWORKS_DIR = Path(__file__).resolve().parent / "frameworks"
# Files that describe the data rather than being a set.
NOT_SETS = {"regions.yaml", "sources.yaml"}


class CriteriaFileError(Exception):
    """A criteria file that cannot be loaded, with every problem listed in Vietnamese."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class CriteriaLoadSummary:
    created: int = 0
    new_versions: int = 0
    unchanged: int = 0


def content_hash(content: dict[str, Any]) -> str:
    """A stable fingerprint of a set's content."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_set_file(path: Path) -> dict[str, Any]:
    """The content of one criteria file, checked for the keys every set needs."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CriteriaFileError([f"Tệp {path.name}: không đọc được YAML ({error})."]) from error
    if not isinstance(data, dict):
        raise CriteriaFileError([f"Tệp {path.name}: nội dung phải là một bảng khóa – giá trị."])
    errors = [
        f"Tệp {path.name}: thiếu khóa '{key}'."
        for key in ("set_id", "title", "level", "unit_type")
        if not data.get(key)
    ]
    if data.get("set_id") and data["set_id"] != path.stem:
        errors.append(f"Tệp {path.name}: set_id '{data['set_id']}' phải trùng tên tệp.")
    if data.get("level") and data["level"] not in CriteriaSet.Level.values:
        errors.append(f"Tệp {path.name}: cấp độ '{data['level']}' không hợp lệ.")
    if errors:
        raise CriteriaFileError(errors)
    # Dates in YAML become date objects; keep the content JSON-friendly and stable.
    plain: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return plain


def set_files(*folders: Path) -> list[Path]:
    """Criteria files in the folders, base sets before the layers that inherit them."""
    paths = [
        path
        for folder in (folders or (FRAMEWORKS_DIR,))
        for path in sorted(folder.glob("*.yaml"))
        if path.name not in NOT_SETS
    ]
    return paths


def _province_named(name: str, period: dict[str, Any]) -> Unit | None:
    """The province a provincial set belongs to, as it existed during the set's period."""
    wanted = province_name_key(name)
    provinces = Unit.objects.filter(tree=Unit.Tree.ADMINISTRATIVE, level=Unit.Level.PROVINCE)
    if period.get("start_year"):
        provinces = provinces.as_of(dt.date(int(period["start_year"]), 12, 31))
    for province in provinces:
        if province_name_key(province.name) == wanted:
            return province
    return None


@transaction.atomic
def load_sets(
    paths: Iterable[Path], *, actor: Any, illustrative: bool = False
) -> CriteriaLoadSummary:
    """Create or version the sets of the given files, all or nothing, audited once."""
    contents = {path: read_set_file(path) for path in paths}
    # Bases first: a layer names the set it overrides.
    ordered = sorted(contents.items(), key=lambda item: bool(item[1].get("overrides")))
    created = new_versions = unchanged = 0
    errors: list[str] = []
    for path, content in ordered:
        base = None
        if content.get("overrides"):
            base = CriteriaSet.objects.filter(set_id=content["overrides"]).first()
            if base is None:
                errors.append(
                    f"Tệp {path.name}: bộ tiêu chí gốc '{content['overrides']}' chưa được nạp."
                )
                continue
        province = None
        if content.get("province"):
            province = _province_named(content["province"], content.get("period") or {})
            if province is None:
                errors.append(
                    f"Tệp {path.name}: không tìm thấy tỉnh '{content['province']}' trong danh mục "
                    "đơn vị (hãy chạy `chidao load-units` trước)."
                )
                continue
        period = content.get("period") or {}
        criteria_set, was_created = CriteriaSet.objects.update_or_create(
            set_id=content["set_id"],
            defaults={
                "title": content["title"],
                "level": content["level"],
                "unit_type": content["unit_type"],
                "start_year": period.get("start_year"),
                "end_year": period.get("end_year"),
                "base": base,
                "province": province,
                "is_illustrative": illustrative or bool(content.get("illustrative")),
                "source_file": path.name,
            },
        )
        created += int(was_created)
        fingerprint = content_hash(content)
        latest = (
            criteria_set.versions.filter(status=SetVersion.Status.PUBLISHED)
            .order_by("-number")
            .first()
        )
        if latest is not None and latest.content_hash == fingerprint:
            unchanged += 1
            continue
        number = (
            criteria_set.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        base_version = (
            base.versions.filter(status=SetVersion.Status.PUBLISHED).order_by("-number").first()
            if base is not None
            else None
        )
        SetVersion.objects.create(
            criteria_set=criteria_set,
            number=number,
            status=SetVersion.Status.PUBLISHED,
            content=content,
            content_hash=fingerprint,
            base_version=base_version,
            note=f"Nạp từ tệp {path.name}",
            published_at=timezone.now(),
        )
        new_versions += int(latest is not None)
    if errors:
        raise CriteriaFileError(errors)
    summary = CriteriaLoadSummary(created=created, new_versions=new_versions, unchanged=unchanged)
    record(
        actor,
        "criteria.loaded",
        None,
        data={
            "created": summary.created,
            "new_versions": summary.new_versions,
            "unchanged": summary.unchanged,
            "files": [path.name for path in contents],
        },
    )
    return summary
