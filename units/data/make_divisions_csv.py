"""Write divisions-2025-01-04.csv, the three-level list of 4/1/2025, from vietnam-provinces 0.6.0.

The product ships the 2025-01-04 list (63 provinces, 696 districts, 10,051 communes) as its own
data file, because at run time the package is the current release, which only holds the 34
provinces and 3,321 communes valid from 1/7/2025. Release 0.6.0 of the same package is the
source: its `vietnam_provinces/data/nested-divisions.json` nests provinces → "districts" →
"wards". Its `division_type` fields are all 'tỉnh' / 'huyện' / 'xã', so the kind of each unit is
read from the prefix of its official name ("Quận …", "Thị xã …", "Thị trấn …").

To rerun (from the repository root; nothing else is needed beyond the standard library):

    pip download vietnam-provinces==0.6.0 --no-deps -d /tmp/vp06
    python units/data/make_divisions_csv.py /tmp/vp06/vietnam_provinces-0.6.0-py3-none-any.whl

The argument is the wheel or the extracted nested-divisions.json; the output goes to
divisions-2025-01-04.csv beside this script unless --output says otherwise. The output is
deterministic, so a rerun on the same input gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "divisions-2025-01-04.csv"
MEMBER = "vietnam_provinces/data/nested-divisions.json"
SOURCE = "Danh mục ĐVHC 2025-01-04 (vietnam-provinces 0.6.0)"
COLUMNS = ["key", "tree", "kind", "code", "name", "parent_key", "valid_from", "valid_to", "source"]

# Name prefix → Unit.Kind value, per level; longer prefixes first ("Thị xã" before "Thị trấn").
PROVINCE_KINDS = [("Thành phố ", "central_city"), ("Tỉnh ", "province")]
DISTRICT_KINDS = [
    ("Thành phố ", "provincial_city"),
    ("Thị xã ", "district_town"),
    ("Quận ", "urban_district"),
    ("Huyện ", "district"),
]
COMMUNE_KINDS = [("Thị trấn ", "township"), ("Phường ", "ward"), ("Xã ", "commune")]


def clean(name: str) -> str:
    """The name in NFC with single spaces and the official spelling of its prefix."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    # 0.6.0 spells two names "Thành Phố …" (Bắc Kạn, Đồng Hới).
    if name.startswith("Thành Phố "):
        name = "Thành phố " + name.removeprefix("Thành Phố ")
    return name


def kind_of(name: str, prefixes: list[tuple[str, str]]) -> str:
    """The unit kind given by the prefix of its official name."""
    for prefix, kind in prefixes:
        if name.startswith(prefix):
            return kind
    raise SystemExit(f"Unknown name prefix: {name!r}")


def read_divisions(path: Path) -> list[dict[str, Any]]:
    """The nested province list, from the 0.6.0 wheel or its extracted JSON file."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            data: list[dict[str, Any]] = json.loads(wheel.read(MEMBER).decode("utf-8"))
            return data
    loaded: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def rows_of(provinces: list[dict[str, Any]]) -> list[list[str]]:
    """CSV rows, each province followed by its districts, each district by its communes."""
    rows: list[list[str]] = []
    for province in provinces:
        province_name = clean(province["name"])
        province_key = f"p{province['code']:02d}"
        rows.append(
            [
                province_key,
                "admin",
                kind_of(province_name, PROVINCE_KINDS),
                f"{province['code']:02d}",
                province_name,
                "",
                "",
                "",
                SOURCE,
            ]
        )
        for district in province["districts"]:
            district_name = clean(district["name"])
            district_key = f"d{district['code']:03d}"
            rows.append(
                [
                    district_key,
                    "admin",
                    kind_of(district_name, DISTRICT_KINDS),
                    f"{district['code']:03d}",
                    district_name,
                    province_key,
                    "",
                    "",
                    SOURCE,
                ]
            )
            for commune in district["wards"]:
                commune_name = clean(commune["name"])
                rows.append(
                    [
                        f"w{commune['code']:05d}@2025-01-04",
                        "admin",
                        kind_of(commune_name, COMMUNE_KINDS),
                        f"{commune['code']:05d}",
                        commune_name,
                        district_key,
                        "",
                        "",
                        SOURCE,
                    ]
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("input", type=Path, help="vietnam_provinces-0.6.0 wheel or its JSON")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args(argv)
    rows = rows_of(read_divisions(arguments.input))
    keys = [row[0] for row in rows]
    if len(set(keys)) != len(keys):
        raise SystemExit("Duplicate codes in the input.")
    with arguments.output.open("w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    levels = [sum(1 for key in keys if key.startswith(letter)) for letter in "pdw"]
    print(f"{arguments.output}: {levels[0]} provinces, {levels[1]} districts, {levels[2]} communes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
