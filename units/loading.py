"""Loading units and their succession links from files, checked in full before anything is written.

A file is read into plain rows (`read_units_csv`, `read_successions_csv`), which reports every
problem with its file, row and column; `load_units` then writes all rows in one transaction,
matched to stored units by their stable `key`, so loading the same file twice changes nothing.
`load_national_divisions` joins the 2025-01-04 three-level list shipped in units/data with the
current two-level list of the installed vietnam-provinces package.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, Protocol

import yaml
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from vietnam_provinces import Province, VietNamDivisionType, Ward

from audit.services import record
from units.models import LEVEL_BY_KIND, REORGANISATION_ON, Succession, Unit, tree_of_kind

DATA_DIR = Path(__file__).resolve().parent / "data"
DIVISIONS_FILE = DATA_DIR / "divisions-2025-01-04.csv"
REGIONS_FILE = DATA_DIR / "regions.yaml"
LEGACY_CLOSED_ON = REORGANISATION_ON - dt.timedelta(days=1)
BATCH_SIZE = 1000

UNIT_COLUMNS = (
    "key",
    "tree",
    "kind",
    "code",
    "name",
    "parent_key",
    "valid_from",
    "valid_to",
    "source",
)
UNIT_OPTIONAL_COLUMNS = ("region", "note")
UNIT_REQUIRED_FIELDS = ("key", "tree", "kind", "name")
SUCCESSION_COLUMNS = (
    "predecessor_key",
    "successor_key",
    "kind",
    "effective_on",
    "basis",
    "is_confirmed",
    "note",
)
SUCCESSION_REQUIRED_FIELDS = ("predecessor_key", "successor_key", "kind", "effective_on")

KEY_PATTERN = re.compile(r"\S{1,64}")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
VIETNAMESE_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
TRUE_WORDS = frozenset({"1", "true", "yes", "x", "có", "co", "đúng"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "không", "khong", "sai"})
FIELD_LENGTHS = {"code": 16, "name": 200, "source": 200, "basis": 300}
COMMUNE_KINDS = {
    VietNamDivisionType.XA: Unit.Kind.COMMUNE,
    VietNamDivisionType.PHUONG: Unit.Kind.WARD,
    VietNamDivisionType.DAC_KHU: Unit.Kind.SPECIAL_ZONE,
}

# Province names are compared without these prefixes, accents and case: sources differ in
# old and new tone placement ("Hoà Bình" / "Hòa Bình") and in the prefix.
PROVINCE_PREFIXES = ("tỉnh ", "thành phố ")
# Thừa Thiên Huế became the centrally-run city of Huế on 1/1/2025 (regions.yaml design_notes).
PROVINCE_ALIASES = {"thua thien hue": "hue"}

LEGACY_SOURCE = "Danh mục ĐVHC 2025-01-04 (vietnam-provinces 0.6.0)"
PROVINCE_MERGER_BASIS = "Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh"
PROVINCE_MERGER_NOTE = "Suy ra từ mã xã được giữ lại"
DISTRICT_END_BASIS = "Chính quyền địa phương hai cấp từ 01/7/2025; chấm dứt hoạt động cấp huyện"
COMMUNE_CODE_BASIS = "Mã đơn vị hành chính được giữ lại khi sắp xếp"
COMMUNE_CODE_NOTE = (
    "Xã, phường mới giữ mã của đơn vị này. Các đơn vị khác được sáp nhập vào không có "
    "trong danh mục của gói vietnam-provinces nên chưa được nối."
)


class UnitFileError(Exception):
    """A units or successions file that cannot be loaded; `errors` says every problem and where."""

    def __init__(self, errors: list[str], *, keys: Collection[str] = ()) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors
        # The unit keys the rejected file names, so a links file can still be checked.
        self.keys = set(keys)


class Readable(Protocol):
    """An open file or an upload."""

    def read(self) -> bytes | str: ...


@dataclass(frozen=True)
class UnitRow:
    """One unit as read from a file; `region` and `note` of None leave the stored value as is."""

    key: str
    tree: str
    kind: str
    name: str
    code: str = ""
    parent_key: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = ""
    region: str | None = None
    note: str | None = None
    place: str = ""

    def where(self, column: str) -> str:
        """Where a problem with one field of this row is, for error messages."""
        return f"{self.place or f'Đơn vị {self.key!r}'}, cột {column!r}"


@dataclass(frozen=True)
class SuccessionRow:
    """One succession link as read from a file, naming its units by key."""

    predecessor_key: str
    successor_key: str
    kind: str
    effective_on: dt.date
    basis: str = ""
    is_confirmed: bool = False
    note: str = ""
    place: str = ""

    def where(self, column: str) -> str:
        """Where a problem with one field of this row is, for error messages."""
        label = f"Liên kết {self.predecessor_key!r} → {self.successor_key!r}"
        return f"{self.place or label}, cột {column!r}"


@dataclass(frozen=True)
class LoadSummary:
    """What a load did: units created, updated, unchanged, closed, and links written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    links: int = 0


# Reading files ---------------------------------------------------------------------------


def read_units_csv(
    path_or_file: str | Path | Readable, *, file_label: str | None = None
) -> list[UnitRow]:
    """The unit rows of a CSV file, or UnitFileError listing every problem in it."""
    label = file_label or _label_of(path_or_file)
    table = _read_table(
        path_or_file,
        file_label=label,
        columns=UNIT_COLUMNS,
        optional_columns=UNIT_OPTIONAL_COLUMNS,
    )
    errors: list[str] = []
    rows: list[UnitRow] = []
    first_line_of_key: dict[str, int] = {}
    keys_in_file: set[str] = set()
    unchecked_parents: list[tuple[str, str]] = []  # (place, parent key) of rows with errors
    regions = region_codes()
    for line, values in table:
        place = f"Tệp {label}, dòng {line}"
        row_errors = _missing_field_errors(place, values, UNIT_REQUIRED_FIELDS)
        key = values["key"]
        if key:
            keys_in_file.add(key)
            if not KEY_PATTERN.fullmatch(key):
                row_errors.append(
                    f"{place}, cột 'key': khóa {key!r} không hợp lệ "
                    "(tối đa 64 ký tự, không có khoảng trắng)."
                )
            elif key in first_line_of_key:
                row_errors.append(
                    f"{place}, cột 'key': khóa {key!r} trùng với dòng {first_line_of_key[key]}."
                )
            else:
                first_line_of_key[key] = line
        tree, kind = values["tree"], values["kind"]
        if tree and tree not in Unit.Tree.values:
            row_errors.append(
                f"{place}, cột 'tree': hệ thống {tree!r} không hợp lệ; dùng 'admin' hoặc 'party'."
            )
        if kind and kind not in Unit.Kind.values:
            row_errors.append(f"{place}, cột 'kind': loại đơn vị {kind!r} không hợp lệ.")
        elif kind and tree in Unit.Tree.values and tree_of_kind(kind) != tree:
            row_errors.append(
                f"{place}, cột 'kind': loại đơn vị {kind!r} thuộc hệ thống "
                f"'{tree_of_kind(kind)}', không khớp với cột 'tree' là {tree!r}."
            )
        if values["parent_key"] and values["parent_key"] == key:
            row_errors.append(
                f"{place}, cột 'parent_key': đơn vị không thể là cấp trên của chính nó."
            )
        row_errors += _length_errors(place, values)
        region = values.get("region")
        if region and region not in regions:
            row_errors.append(
                f"{place}, cột 'region': vùng {region!r} không hợp lệ; "
                f"dùng một trong {', '.join(sorted(regions))} hoặc để trống."
            )
        valid_from = _parse_date(values["valid_from"], f"{place}, cột 'valid_from'", row_errors)
        valid_to = _parse_date(values["valid_to"], f"{place}, cột 'valid_to'", row_errors)
        if valid_from and valid_to and valid_from > valid_to:
            row_errors.append(
                f"{place}, cột 'valid_to': ngày hết hiệu lực {valid_to:%d/%m/%Y} trước "
                f"ngày bắt đầu hiệu lực {valid_from:%d/%m/%Y}."
            )
        errors += row_errors
        if row_errors:
            if values["parent_key"]:
                unchecked_parents.append((place, values["parent_key"]))
        else:
            rows.append(
                UnitRow(
                    key=key,
                    tree=tree,
                    kind=kind,
                    name=values["name"],
                    code=values["code"],
                    parent_key=values["parent_key"],
                    valid_from=valid_from,
                    valid_to=valid_to,
                    source=values["source"],
                    region=region,
                    note=values.get("note"),
                    place=place,
                )
            )
    parent_keys = {row.parent_key for row in rows} | {key for _, key in unchecked_parents}
    stored = _stored_units(parent_keys - keys_in_file - {""})
    errors += [
        f"{place}, cột 'parent_key': {_no_parent_message(key)}"
        for place, key in unchecked_parents
        if key not in keys_in_file and key not in stored
    ]
    # Rows with errors still count as present, so their children get no second error.
    errors += _tree_errors(rows, stored, known_keys=keys_in_file)
    if errors:
        raise UnitFileError(errors, keys=keys_in_file)
    return rows


def read_successions_csv(
    path_or_file: str | Path | Readable,
    *,
    file_label: str | None = None,
    units: Iterable[UnitRow] = (),
    unit_keys: Collection[str] = (),
) -> list[SuccessionRow]:
    """The succession rows of a CSV file; their units must be among `units` or stored."""
    # `unit_keys`: units whose rows had errors, so that links to them get no second error.
    label = file_label or _label_of(path_or_file)
    table = _read_table(
        path_or_file,
        file_label=label,
        columns=SUCCESSION_COLUMNS,
        optional_columns=(),
    )
    errors: list[str] = []
    links: list[SuccessionRow] = []
    unchecked_keys: list[tuple[str, str, str]] = []  # (place, column, key) of rows with errors
    for line, values in table:
        place = f"Tệp {label}, dòng {line}"
        row_errors = _missing_field_errors(place, values, SUCCESSION_REQUIRED_FIELDS)
        kind = values["kind"]
        if kind and kind not in Succession.Kind.values:
            row_errors.append(
                f"{place}, cột 'kind': hình thức kế tục {kind!r} không hợp lệ; dùng một trong "
                f"{', '.join(Succession.Kind.values)}."
            )
        effective_on = _parse_date(
            values["effective_on"], f"{place}, cột 'effective_on'", row_errors
        )
        is_confirmed = _parse_bool(values["is_confirmed"], f"{place}, cột 'is_confirmed'")
        if isinstance(is_confirmed, str):
            row_errors.append(is_confirmed)
        row_errors += _length_errors(place, values)
        errors += row_errors
        if row_errors or effective_on is None:
            unchecked_keys += [
                (place, column, values[column])
                for column in ("predecessor_key", "successor_key")
                if values[column]
            ]
        else:
            links.append(
                SuccessionRow(
                    predecessor_key=values["predecessor_key"],
                    successor_key=values["successor_key"],
                    kind=kind,
                    effective_on=effective_on,
                    basis=values["basis"],
                    is_confirmed=is_confirmed is True,
                    note=values["note"],
                    place=place,
                )
            )
    units = list(units)
    referenced = {key for link in links for key in (link.predecessor_key, link.successor_key)}
    referenced |= {key for _, _, key in unchecked_keys}
    places = _places(units, _stored_units(referenced - {row.key for row in units}))
    errors += [
        f"{place}, cột {column!r}: {_no_unit_message(key)}"
        for place, column, key in unchecked_keys
        if key not in places and key not in unit_keys
    ]
    errors += _link_errors(links, places, known_keys=unit_keys)
    if errors:
        raise UnitFileError(errors)
    return links


# Writing ---------------------------------------------------------------------------------


@transaction.atomic
def load_units(
    rows: Iterable[UnitRow],
    successions: Iterable[SuccessionRow] = (),
    *,
    actor: Any,
    source_label: str,
) -> LoadSummary:
    """Create or update units by key and their succession links, all or nothing, audited once."""
    rows = list(rows)
    links = list(successions)
    keys = {row.key for row in rows}
    referenced = {row.parent_key for row in rows if row.parent_key}
    referenced |= {key for link in links for key in (link.predecessor_key, link.successor_key)}
    stored = _stored_units(keys | referenced)
    errors = _duplicate_key_errors(rows)
    errors += _tree_errors(rows, stored, known_keys=keys)
    errors += _move_errors(rows, stored)
    errors += _link_errors(links, _places(rows, stored), known_keys=keys)
    if errors:
        raise UnitFileError(errors)

    now = timezone.now()
    units = dict(stored)
    changed: list[Unit] = []
    created = closed = 0
    for generation in _generations(rows):
        new_units: list[Unit] = []
        for row in generation:
            parent = units[row.parent_key] if row.parent_key else None
            parent_region = parent.region if parent is not None else ""
            level = LEVEL_BY_KIND[row.kind]
            unit = units.get(row.key)
            if unit is None:
                unit = Unit(
                    tree=row.tree,
                    kind=row.kind,
                    level=level,
                    key=row.key,
                    code=row.code,
                    name=row.name,
                    parent=parent,
                    path=f"~{row.key}",  # unique until the primary key is known
                    valid_from=row.valid_from,
                    valid_to=row.valid_to,
                    region=row.region if row.region is not None else parent_region,
                    source=row.source or source_label,
                    note=row.note or "",
                )
                new_units.append(unit)
                closed += unit.valid_to is not None
            else:
                was_open = unit.valid_to is None
                if _apply(unit, row, level=level, source_label=source_label):
                    unit.version += 1
                    unit.updated_at = now
                    changed.append(unit)
                    closed += was_open and unit.valid_to is not None
            units[row.key] = unit
        Unit.objects.bulk_create(new_units, batch_size=BATCH_SIZE)
        _write_paths(new_units)
        created += len(new_units)
    Unit.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=BATCH_SIZE)

    written_links = _write_links(links, units)
    summary = LoadSummary(
        created=created,
        updated=len(changed),
        unchanged=len(rows) - created - len(changed),
        closed=closed,
        links=written_links,
    )
    record(actor, "units.loaded", None, data={**asdict(summary), "source": source_label})
    return summary


def load_unit_files(
    units_file: str | Path | None, successions_file: str | Path | None = None, *, actor: Any
) -> LoadSummary:
    """Check and load a units CSV and an optional successions CSV together."""
    errors: list[str] = []
    rows: list[UnitRow] = []
    links: list[SuccessionRow] = []
    unit_keys: set[str] = set()
    if units_file:
        try:
            rows = read_units_csv(units_file)
        except UnitFileError as error:
            errors += error.errors
            unit_keys = error.keys
    if successions_file:
        try:
            links = read_successions_csv(successions_file, units=rows, unit_keys=unit_keys)
        except UnitFileError as error:
            errors += error.errors
    if errors:
        raise UnitFileError(errors)
    labels = [Path(name).name for name in (units_file, successions_file) if name]
    return load_units(rows, links, actor=actor, source_label=", ".join(labels))


def load_national_divisions(*, actor: Any) -> LoadSummary:
    """Load the 2025-01-04 list and the current list, closed and opened on 1/7/2025, with links."""
    rows, links = national_division_rows()
    return load_units(
        rows,
        links,
        actor=actor,
        source_label=f"{LEGACY_SOURCE}; vietnam-provinces {package_version('vietnam-provinces')}",
    )


def national_division_rows() -> tuple[list[UnitRow], list[SuccessionRow]]:
    """Rows and links for the divisions before and after the 2025 reorganisation."""
    current_source = f"vietnam-provinces {package_version('vietnam-provinces')}"
    legacy_rows = read_units_csv(DIVISIONS_FILE)
    legacy_provinces = [row for row in legacy_rows if LEVEL_BY_KIND[row.kind] == 1]
    legacy_districts = [row for row in legacy_rows if LEVEL_BY_KIND[row.kind] == 2]
    legacy_communes = [row for row in legacy_rows if LEVEL_BY_KIND[row.kind] == 3]
    legacy_by_name = {province_name_key(row.name): row for row in legacy_provinces}
    province_of_district = {row.key: row.parent_key for row in legacy_districts}
    region_by_name = province_regions()
    legacy_region = {
        row.key: region_by_name.get(province_name_key(row.name), "") for row in legacy_provinces
    }

    # Current provinces: one continuing unit when the name is unchanged, else a new one.
    current_provinces = sorted(Province.iter_all(), key=lambda province: int(province.code))
    current_key: dict[int, str] = {}
    continuing: dict[str, Province] = {}
    legacy_keys = {row.key for row in legacy_rows}
    for province in current_provinces:
        match = legacy_by_name.get(province_name_key(province.name))
        if match is not None:
            current_key[int(province.code)] = match.key
            continuing[match.key] = province
        else:
            key = f"p{int(province.code):02d}"
            current_key[int(province.code)] = key if key not in legacy_keys else f"{key}@2025-07-01"

    wards = sorted(Ward.iter_all(), key=lambda ward: int(ward.code))
    ward_by_code = {int(ward.code): ward for ward in wards}
    target_votes: dict[str, Counter[int]] = defaultdict(Counter)
    for row in legacy_communes:
        ward = ward_by_code.get(int(row.code))
        if ward is not None:
            target_votes[province_of_district[row.parent_key]][int(ward.province_code)] += 1
    successor_of_province: dict[str, str] = {}
    for row in legacy_provinces:
        if row.key in continuing:
            successor_of_province[row.key] = row.key
        elif target_votes[row.key]:
            # The province that kept most of its commune codes; the lower code wins a tie.
            votes = target_votes[row.key]
            best = min(votes, key=lambda code: (-votes[code], code))
            successor_of_province[row.key] = current_key[best]

    regions_of_current: dict[str, set[str]] = defaultdict(set)
    for legacy_key, successor_key in successor_of_province.items():
        regions_of_current[successor_key].add(legacy_region[legacy_key])
    current_region = {
        key: next(iter(found)) if len(found) == 1 else ""
        for key, found in regions_of_current.items()
    }

    rows: list[UnitRow] = []
    links: list[SuccessionRow] = []
    for row in legacy_provinces:
        successor = continuing.get(row.key)
        if successor is None:
            rows.append(
                replace(row, valid_to=LEGACY_CLOSED_ON, region=legacy_region[row.key], note=None)
            )
            if row.key in successor_of_province:
                links.append(
                    _link(
                        row.key,
                        successor_of_province[row.key],
                        Succession.Kind.MERGED_INTO,
                        basis=PROVINCE_MERGER_BASIS,
                        note=PROVINCE_MERGER_NOTE,
                    )
                )
            continue
        code = f"{int(successor.code):02d}"
        rows.append(
            replace(
                row,
                kind=_province_kind(successor.division_type),
                code=code,
                name=_province_name(successor.name, successor.division_type),
                valid_to=None,
                source=f"{row.source}; {current_source}",
                region=current_region.get(row.key, ""),
                note=None if code == row.code else f"Mã trước 01/7/2025: {row.code}.",
            )
        )
    for province in current_provinces:
        key = current_key[int(province.code)]
        if key not in continuing:
            rows.append(
                UnitRow(
                    key=key,
                    tree=Unit.Tree.ADMINISTRATIVE,
                    kind=_province_kind(province.division_type),
                    code=f"{int(province.code):02d}",
                    name=_province_name(province.name, province.division_type),
                    valid_from=REORGANISATION_ON,
                    source=current_source,
                    region=current_region.get(key, ""),
                    place=f"{current_source}, tỉnh mã {int(province.code):02d}",
                )
            )
    for row in legacy_districts:
        region = legacy_region[row.parent_key]
        rows.append(replace(row, valid_to=LEGACY_CLOSED_ON, region=region))
        if row.parent_key in successor_of_province:
            links.append(
                _link(
                    row.key,
                    successor_of_province[row.parent_key],
                    Succession.Kind.REORGANISED,
                    basis=DISTRICT_END_BASIS,
                    is_confirmed=True,
                )
            )
    region_of_code: dict[int, str] = {}
    for row in legacy_communes:
        region = legacy_region[province_of_district[row.parent_key]]
        region_of_code[int(row.code)] = region
        rows.append(replace(row, valid_to=LEGACY_CLOSED_ON, region=region))
        if int(row.code) in ward_by_code:
            links.append(
                _link(
                    row.key,
                    f"w{int(row.code):05d}@2025-07-01",
                    Succession.Kind.REORGANISED,
                    basis=COMMUNE_CODE_BASIS,
                    note=COMMUNE_CODE_NOTE,
                )
            )
    for ward in wards:
        province_key = current_key[int(ward.province_code)]
        rows.append(
            UnitRow(
                key=f"w{int(ward.code):05d}@2025-07-01",
                tree=Unit.Tree.ADMINISTRATIVE,
                kind=COMMUNE_KINDS[ward.division_type],
                code=f"{int(ward.code):05d}",
                name=" ".join(unicodedata.normalize("NFC", ward.name).split()),
                parent_key=province_key,
                valid_from=REORGANISATION_ON,
                source=current_source,
                # A new commune has no legacy commune with its code in a few cases (đặc khu).
                region=region_of_code.get(int(ward.code), current_region.get(province_key, "")),
                place=f"{current_source}, xã mã {int(ward.code):05d}",
            )
        )
    return rows, links


# Reference data --------------------------------------------------------------------------


def province_name_key(name: str) -> str:
    """A province name without prefix, accents, case or hyphens, to match names across sources."""
    text = " ".join(unicodedata.normalize("NFC", name).replace("-", " ").split()).casefold()
    for prefix in PROVINCE_PREFIXES:
        text = text.removeprefix(prefix)
    text = unicodedata.normalize("NFD", text.replace("đ", "d"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return PROVINCE_ALIASES.get(text, text)


@cache
def _regions_scheme() -> dict[str, Any]:
    scheme: dict[str, Any] = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))["schemes"][
        "vung7"
    ]
    return scheme


def region_codes() -> frozenset[str]:
    """Codes of the seven socio-economic regions (regions.yaml, scheme vung7)."""
    return frozenset(region["code"] for region in _regions_scheme()["regions"])


def province_regions() -> dict[str, str]:
    """Region code by province name key, for the provinces before the 2025 mergers."""
    return {
        province_name_key(name): region["code"]
        for region in _regions_scheme()["regions"]
        for name in region["provinces_pre_2025"]["list"]
    }


# Helpers ---------------------------------------------------------------------------------

UPDATED_FIELDS = [
    "kind",
    "level",
    "code",
    "name",
    "valid_from",
    "valid_to",
    "region",
    "source",
    "note",
    "version",
    "updated_at",
]


def _label_of(path_or_file: str | Path | Readable) -> str:
    if isinstance(path_or_file, str | Path):
        return Path(path_or_file).name
    return Path(str(getattr(path_or_file, "name", "") or "tệp tải lên")).name


def _read_table(
    path_or_file: str | Path | Readable,
    *,
    file_label: str,
    columns: Sequence[str],
    optional_columns: Sequence[str],
) -> list[tuple[int, dict[str, str]]]:
    """(line number, values by column) of each data row, or UnitFileError for the whole file."""
    place = f"Tệp {file_label}"
    try:
        content = (
            Path(path_or_file).read_bytes()
            if isinstance(path_or_file, str | Path)
            else path_or_file.read()
        )
    except OSError as error:
        raise UnitFileError(
            [f"{place}: không đọc được tệp ({error.strerror or error})."]
        ) from error
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnitFileError(
                [
                    f"{place}: tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {error.start}); "
                    "hãy lưu lại dưới dạng 'CSV UTF-8'."
                ]
            ) from error
    text = unicodedata.normalize("NFC", content.removeprefix("\ufeff"))
    if not text.strip():
        raise UnitFileError(
            [f"{place}: tệp trống; dòng đầu phải là tiêu đề với các cột {', '.join(columns)}."]
        )
    first_line = text.lstrip().partition("\n")[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        while not any(header):
            header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as error:
        raise UnitFileError([f"{place}, dòng {reader.line_num}: {error}."]) from error
    header_line = reader.line_num
    errors: list[str] = []
    missing = [name for name in columns if name not in header]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        errors.append(f"{place}, dòng {header_line}: thiếu cột {names}.")
    unknown = [name for name in header if name not in columns and name not in optional_columns]
    if unknown:
        allowed = ", ".join([*columns, *optional_columns])
        errors.append(
            f"{place}, dòng {header_line}: không nhận cột "
            f"{', '.join(repr(name) for name in unknown)}; các cột dùng được là {allowed}."
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        errors.append(
            f"{place}, dòng {header_line}: cột {', '.join(repr(name) for name in repeated)} "
            "xuất hiện nhiều lần."
        )
    if errors:
        raise UnitFileError(errors)
    table: list[tuple[int, dict[str, str]]] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                errors.append(
                    f"{place}, dòng {reader.line_num}: dòng có {len(cells)} ô, nhiều hơn "
                    f"{len(header)} cột của dòng tiêu đề."
                )
                continue
            values = {name: "" for name in columns}
            values.update(
                (name, " ".join(cell.split())) for name, cell in zip(header, cells, strict=False)
            )
            table.append((reader.line_num, values))
    except csv.Error as error:
        errors.append(f"{place}, dòng {reader.line_num}: {error}.")
    if errors:
        raise UnitFileError(errors)
    if not table:
        raise UnitFileError([f"{place}: tệp không có dòng dữ liệu nào dưới dòng tiêu đề."])
    return table


def _missing_field_errors(
    place: str, values: dict[str, str], required_fields: Sequence[str]
) -> list[str]:
    return [
        f"{place}, cột {name!r}: không được để trống."
        for name in required_fields
        if not values[name]
    ]


def _length_errors(place: str, values: dict[str, str]) -> list[str]:
    return [
        f"{place}, cột {name!r}: dài {len(values[name])} ký tự, tối đa {limit}."
        for name, limit in FIELD_LENGTHS.items()
        if len(values.get(name, "")) > limit
    ]


def _parse_date(text: str, where: str, errors: list[str]) -> dt.date | None:
    """The date written as YYYY-MM-DD or dd/mm/yyyy; None when empty; an error otherwise."""
    if not text:
        return None
    if iso := ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in iso.groups())
    elif vietnamese := VIETNAMESE_DATE.fullmatch(text):
        day, month, year = (int(part) for part in vietnamese.groups())
    else:
        errors.append(f"{where}: ngày {text!r} không đúng dạng YYYY-MM-DD hoặc dd/mm/yyyy.")
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        errors.append(f"{where}: ngày {text!r} không có trong lịch.")
        return None


def _parse_bool(text: str, where: str) -> bool | str:
    """True or False, or the error message when the text is neither."""
    word = text.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return f"{where}: giá trị {text!r} không hợp lệ; dùng 1 hoặc 0 (có / không)."


def _province_kind(division_type: VietNamDivisionType) -> str:
    return (
        Unit.Kind.PROVINCE if division_type == VietNamDivisionType.TINH else Unit.Kind.CENTRAL_CITY
    )


def _province_name(name: str, division_type: VietNamDivisionType) -> str:
    """The official name with its prefix: the current package writes 'Ninh Bình' for a tỉnh."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if name.casefold().startswith(PROVINCE_PREFIXES):
        return name
    return f"Tỉnh {name}" if division_type == VietNamDivisionType.TINH else f"Thành phố {name}"


def _link(
    predecessor_key: str,
    successor_key: str,
    kind: str,
    *,
    basis: str,
    is_confirmed: bool = False,
    note: str = "",
) -> SuccessionRow:
    return SuccessionRow(
        predecessor_key=predecessor_key,
        successor_key=successor_key,
        kind=kind,
        effective_on=REORGANISATION_ON,
        basis=basis,
        is_confirmed=is_confirmed,
        note=note,
    )


def _stored_units(keys: Collection[str]) -> dict[str, Unit]:
    """Stored units by key, with their parents loaded, in a few batched queries."""
    ordered = sorted(keys)
    units: dict[str, Unit] = {}
    for start in range(0, len(ordered), BATCH_SIZE):
        batch = ordered[start : start + BATCH_SIZE]
        units.update((unit.key, unit) for unit in Unit.objects.filter(key__in=batch))
    by_id = {unit.pk: unit for unit in units.values()}
    missing = sorted(
        {unit.parent_id for unit in units.values() if unit.parent_id is not None} - set(by_id)
    )
    for start in range(0, len(missing), BATCH_SIZE):
        by_id.update(
            (unit.pk, unit)
            for unit in Unit.objects.filter(pk__in=missing[start : start + BATCH_SIZE])
        )
    for unit in units.values():
        if unit.parent_id is not None:
            unit.parent = by_id[unit.parent_id]
    return units


def _duplicate_key_errors(rows: Sequence[UnitRow]) -> list[str]:
    counts = Counter(row.key for row in rows)
    seen: set[str] = set()
    errors = []
    for row in rows:
        if counts[row.key] > 1 and row.key in seen:
            errors.append(f"{row.where('key')}: khóa {row.key!r} xuất hiện nhiều lần.")
        seen.add(row.key)
    return errors


def _tree_errors(
    rows: Sequence[UnitRow], stored: dict[str, Unit], *, known_keys: Collection[str]
) -> list[str]:
    """Parents that are missing, in the other tree, not above the child, or in a loop."""
    errors: list[str] = []
    by_key = {row.key: row for row in rows}
    places = _places(rows, stored)
    for row in rows:
        if not row.parent_key:
            continue
        if row.parent_key not in places:
            if row.parent_key not in known_keys:  # else the parent's own row has an error
                errors.append(f"{row.where('parent_key')}: {_no_parent_message(row.parent_key)}")
            continue
        parent_tree, parent_level = places[row.parent_key]
        if parent_tree != row.tree:
            errors.append(
                f"{row.where('parent_key')}: đơn vị cấp trên {row.parent_key!r} thuộc hệ thống "
                f"'{parent_tree}', đơn vị này thuộc '{row.tree}'."
            )
        elif parent_level >= LEVEL_BY_KIND[row.kind]:
            errors.append(
                f"{row.where('parent_key')}: đơn vị cấp trên {row.parent_key!r} (cấp "
                f"{parent_level}) phải ở cấp cao hơn đơn vị này (cấp {LEVEL_BY_KIND[row.kind]})."
            )
    for cycle in _cycles(by_key):
        first = by_key[cycle[0]]
        errors.append(
            f"{first.where('parent_key')}: các đơn vị {', '.join(repr(key) for key in cycle)} "
            "làm cấp trên của nhau thành vòng."
        )
    return errors


def _no_parent_message(parent_key: str) -> str:
    return f"không tìm thấy đơn vị cấp trên {parent_key!r} trong tệp hay trong cơ sở dữ liệu."


def _no_unit_message(key: str) -> str:
    return f"không tìm thấy đơn vị {key!r} trong tệp đơn vị hay trong cơ sở dữ liệu."


def _places(rows: Iterable[UnitRow], stored: dict[str, Unit]) -> dict[str, tuple[str, int]]:
    """(tree, level) of each unit named by key, the rows taking precedence over stored units."""
    places = {key: (unit.tree, unit.level) for key, unit in stored.items()}
    places.update((row.key, (row.tree, LEVEL_BY_KIND[row.kind])) for row in rows)
    return places


def _cycles(by_key: dict[str, UnitRow]) -> list[list[str]]:
    """Each loop of parent keys among the rows, once."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    cycles: list[list[str]] = []
    for start in by_key:
        walk: list[str] = []
        key = start
        while key in by_key and key not in state:
            state[key] = 1
            walk.append(key)
            key = by_key[key].parent_key
        if key in by_key and state.get(key) == 1:
            cycles.append(walk[walk.index(key) :])
        for visited in walk:
            state[visited] = 2
    return cycles


def _move_errors(rows: Sequence[UnitRow], stored: dict[str, Unit]) -> list[str]:
    """A stored unit never changes its parent or tree: a reorganisation opens a new unit."""
    errors: list[str] = []
    for row in rows:
        unit = stored.get(row.key)
        if unit is None:
            continue
        parent_key = unit.parent.key if unit.parent else ""
        if parent_key != row.parent_key:
            errors.append(
                f"{row.where('parent_key')}: đơn vị {row.key!r} đã thuộc "
                f"{parent_key or '(không có cấp trên)'!r}, không thể chuyển sang "
                f"{row.parent_key or '(không có cấp trên)'!r}. Khi sắp xếp lại, hãy đóng đơn vị "
                "cũ (valid_to), tạo đơn vị mới với khóa mới và nối hai đơn vị bằng liên kết "
                "kế tục."
            )
        if unit.tree != row.tree:
            errors.append(
                f"{row.where('tree')}: đơn vị {row.key!r} đã thuộc hệ thống {unit.tree!r}, "
                f"không thể chuyển sang '{row.tree}'."
            )
    return errors


def _link_errors(
    links: Sequence[SuccessionRow],
    places: dict[str, tuple[str, int]],
    *,
    known_keys: Collection[str] = (),
) -> list[str]:
    """Links naming unknown units, units of two trees, a unit and itself, or the same pair twice."""
    errors: list[str] = []
    first_place: dict[tuple[str, str], str] = {}
    for link in links:
        for column, key in (
            ("predecessor_key", link.predecessor_key),
            ("successor_key", link.successor_key),
        ):
            if key not in places and key not in known_keys:
                errors.append(f"{link.where(column)}: {_no_unit_message(key)}")
        if link.kind not in Succession.Kind.values:
            errors.append(f"{link.where('kind')}: hình thức kế tục '{link.kind}' không hợp lệ.")
        pair = (link.predecessor_key, link.successor_key)
        if link.predecessor_key == link.successor_key:
            errors.append(f"{link.where('successor_key')}: một đơn vị không thể kế tục chính nó.")
        elif pair in first_place:
            errors.append(
                f"{link.where('successor_key')}: liên kết {pair[0]!r} → {pair[1]!r} đã có ở "
                f"{first_place[pair]}."
            )
        else:
            first_place[pair] = link.place or "dòng trước"
            trees = {places[key][0] for key in pair if key in places}
            if len(trees) > 1:
                errors.append(
                    f"{link.where('successor_key')}: đơn vị cũ và đơn vị kế tục phải cùng hệ "
                    "thống (hành chính hoặc tổ chức đảng)."
                )
    return errors


def _generations(rows: Sequence[UnitRow]) -> list[list[UnitRow]]:
    """The rows grouped so that each unit's parent is stored before it."""
    by_key = {row.key: row for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        walk: list[str] = []
        key = row.key
        while key in by_key and key not in depth and key not in walk:
            walk.append(key)
            key = by_key[key].parent_key
        base = depth.get(key, -1)
        for offset, walked in enumerate(reversed(walk), start=1):
            depth[walked] = base + offset
    generations: list[list[UnitRow]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for row in rows:
        generations[depth[row.key]].append(row)
    return generations


def _write_paths(new_units: Sequence[Unit]) -> None:
    """Give the units just created their path: the parent's path and their own zero-padded id."""
    if not new_units:
        return
    # LPAD cuts longer text, so the width grows past 8 digits rather than lose any.
    width = max(8, len(str(max(unit.pk for unit in new_units))))
    segment = Concat(LPad(Cast("pk", CharField()), width, Value("0")), Value("."))
    parent_path = Subquery(Unit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1])
    # One statement per generation; "~" marks the paths not yet written (see load_units).
    pending = Unit.objects.filter(path__startswith="~")
    pending.filter(parent__isnull=True).update(path=segment)
    pending.filter(parent__isnull=False).update(path=Concat(parent_path, segment))
    paths: dict[int, str] = {}
    ids = [unit.pk for unit in new_units]
    for start in range(0, len(ids), BATCH_SIZE):
        paths.update(
            Unit.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).values_list("pk", "path")
        )
    for unit in new_units:
        unit.path = paths[unit.pk]


def _apply(unit: Unit, row: UnitRow, *, level: int, source_label: str) -> bool:
    """Copy the row's values onto the stored unit; whether anything changed."""
    values: dict[str, Any] = {
        "kind": row.kind,
        "level": level,
        "code": row.code,
        "name": row.name,
        "source": row.source or source_label,
    }
    # An empty date means the list does not know it: a date known from elsewhere (a merger
    # recorded by hand, say) survives reloading the list.
    if row.valid_from is not None:
        values["valid_from"] = row.valid_from
    if row.valid_to is not None:
        values["valid_to"] = row.valid_to
    if row.region is not None:
        values["region"] = row.region
    if row.note is not None:
        values["note"] = row.note
    changed = False
    for name, value in values.items():
        if getattr(unit, name) != value:
            setattr(unit, name, value)
            changed = True
    return changed


def _write_links(links: Sequence[SuccessionRow], units: dict[str, Unit]) -> int:
    """Create or update the links between the loaded units; how many were written."""
    ids = sorted({units[link.predecessor_key].pk for link in links})
    stored: dict[tuple[int, int], Succession] = {}
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        stored.update(
            ((link.predecessor_id, link.successor_id), link)
            for link in Succession.objects.filter(predecessor_id__in=batch)
        )
    new_links: list[Succession] = []
    changed: list[Succession] = []
    for row in links:
        predecessor, successor = units[row.predecessor_key], units[row.successor_key]
        values: dict[str, Any] = {
            "kind": row.kind,
            "effective_on": row.effective_on,
            "basis": row.basis,
            "is_confirmed": row.is_confirmed,
            "note": row.note,
        }
        link = stored.get((predecessor.pk, successor.pk))
        if link is None:
            new_links.append(Succession(predecessor=predecessor, successor=successor, **values))
            continue
        if any(getattr(link, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(link, name, value)
            changed.append(link)
    Succession.objects.bulk_create(new_links, batch_size=BATCH_SIZE)
    Succession.objects.bulk_update(
        changed, ["kind", "effective_on", "basis", "is_confirmed", "note"], batch_size=BATCH_SIZE
    )
    return len(new_links) + len(changed)
