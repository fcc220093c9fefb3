"""`chidao evaluate`: a CSV of values judged against a set, and the same statuses as the screens."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from criteria import services
from criteria.batch import BulkEvaluator, assess_in_bulk, parse_number
from criteria.engine import NOT_APPLICABLE, UnitProfile, evaluate, framework_from_dict
from criteria.loading import content_hash, load_sets, set_files
from criteria.models import Assessment, CommuneProfile, CriteriaSet, SetVersion
from criteria.services import judge
from monitoring import services as monitoring
from units import services as unit_services
from units.models import Unit

HEADER = "unit,region,group,year,indicator,value\n"
SET_ID = "thu-nghiem-minh-hoa"
# A small illustrative set (made-up thresholds): a boolean, a percent by region, an income by year
# and an optional "(nếu có)" indicator.
ILLUSTRATIVE_SET: dict[str, Any] = {
    "schema_version": "1.0",
    "set_id": SET_ID,
    "title": "Bộ tiêu chí minh họa để kiểm thử",
    "level": "xa_ntm",
    "unit_type": "xa",
    "period": {"start_year": 2021, "end_year": 2025},
    "illustrative": True,
    "legal_basis": {"number": "Minh họa", "issuer": "Kiểm thử"},
    "rules": {
        "criterion_met": "all_indicators_met",
        "region_override": [
            {
                "id": "dbkk_atk_as_tdmnpb",
                "status": "illustrative",
                "effect": {"use_region": "TDMNPB"},
            }
        ],
    },
    "criteria": [
        {
            "number": 1,
            "name": "Quy hoạch",
            "indicators": [
                {
                    "code": "1.1",
                    "name": "Có quy hoạch chung xây dựng xã được phê duyệt",
                    "value_type": "boolean",
                    "comparator": "eq",
                    "threshold": {"regional_variation": "none", "general": True},
                    "threshold_status": "illustrative",
                }
            ],
        },
        {
            "number": 2,
            "name": "Giao thông",
            "indicators": [
                {
                    "code": "2.2",
                    "name": "Tỷ lệ đường thôn được cứng hóa",
                    "value_type": "percent",
                    "unit": "%",
                    "comparator": "gte",
                    "threshold": {
                        "regional_variation": "by_region",
                        "by_region": {"TDMNPB": 70, "DBSH": 100, "DNB": 90},
                    },
                    "threshold_status": "illustrative",
                },
                {
                    "code": "2.5",
                    "name": "Có bến thuyền đạt chuẩn (nếu có)",
                    "value_type": "boolean",
                    "comparator": "eq",
                    "threshold": {"regional_variation": "none", "general": True},
                    "threshold_status": "illustrative",
                },
            ],
        },
        {
            "number": 10,
            "name": "Thu nhập",
            "indicators": [
                {
                    "code": "10",
                    "name": "Thu nhập bình quân đầu người khu vực nông thôn",
                    "value_type": "money_per_year",
                    "unit": "triệu đồng/người/năm",
                    "comparator": "gte",
                    "threshold": {
                        "regional_variation": "by_region",
                        "by_year": {
                            2023: {"by_region": {"TDMNPB": 40, "DBSH": 55, "DNB": 60}},
                            2024: {"by_region": {"TDMNPB": 45, "DBSH": 60, "DNB": 65}},
                        },
                    },
                    "threshold_status": "illustrative",
                }
            ],
        },
    ],
}


def make_unit(kind: str, name: str, parent: Unit | None = None, **extra: Any) -> Unit:
    return unit_services.create_unit(actor=None, kind=kind, name=name, parent=parent, **extra)


def publish(content: dict[str, Any]) -> SetVersion:
    """The set as a CriteriaSet with one published version, as load_sets would store it."""
    content = json.loads(json.dumps(content))
    period = content["period"]
    criteria_set = CriteriaSet.objects.create(
        set_id=content["set_id"],
        title=content["title"],
        level=content["level"],
        unit_type=content["unit_type"],
        start_year=period["start_year"],
        end_year=period["end_year"],
        is_illustrative=True,
    )
    return SetVersion.objects.create(
        criteria_set=criteria_set,
        number=1,
        status=SetVersion.Status.PUBLISHED,
        content=content,
        content_hash=content_hash(content),
        published_at=timezone.now(),
    )


@pytest.fixture(autouse=True)
def fresh_frameworks() -> None:
    # criteria.services caches frameworks by version id, and SQLite reuses the ids of a
    # rolled-back test: a cached framework of an earlier test must not answer for this one.
    services._framework.cache_clear()


@pytest.fixture
def world(db: Any) -> dict[str, Unit]:
    """A province of the Red River Delta with one commune, and the illustrative set."""
    province = make_unit(Unit.Kind.PROVINCE, "Tỉnh Thử", code="90", region="DBSH")
    district = make_unit(Unit.Kind.DISTRICT, "Huyện Thử", province, code="901")
    commune = make_unit(Unit.Kind.COMMUNE, "Xã Thử Một", district, code="90001")
    publish(ILLUSTRATIVE_SET)
    return {"province": province, "district": district, "commune": commune}


def write(tmp_path: Path, text: str, *, name: str = "values.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def run(set_id: str, source: Path, output: Path, *extra: str) -> str:
    out = StringIO()
    call_command(
        "evaluate",
        "--set",
        set_id,
        "--input",
        str(source),
        "--output",
        str(output),
        *extra,
        stdout=out,
    )
    return out.getvalue()


def indicator_of(result: dict[str, Any], code: str) -> dict[str, Any]:
    for criterion in result["criteria"]:
        for indicator in criterion["indicators"]:
            if indicator["code"] == code:
                return indicator
    raise KeyError(code)


def result_of(results: list[dict[str, Any]], name_or_code: str, year: int) -> dict[str, Any]:
    for result in results:
        unit = result["unit"]
        if name_or_code in (unit["code"], unit["name"]) and result["year"] == year:
            return result
    raise KeyError(name_or_code)


GOOD_ROWS = HEADER + (
    "90001,,,2024,1.1,có\n"
    '90001,,,2024,2.2,"92,5"\n'
    "90001,,,2024,2.5,không áp dụng\n"
    '90001,,,2024,10,"1.234,5"\n'
    "Xã Ngoài Danh Mục,TDMNPB,,2024,1.1,Không đạt\n"
    "Xã Ngoài Danh Mục,TDMNPB,,2024,2.2,75%\n"
    "Xã Ngoài Danh Mục,TDMNPB,,2024,2.5,1\n"
    "Xã Ngoài Danh Mục,TDMNPB,,2024,10,44.9\n"
)


def test_known_and_unknown_units_are_evaluated_into_json(
    world: dict[str, Unit], tmp_path: Path
) -> None:
    output = tmp_path / "results.json"

    line = run(SET_ID, write(tmp_path, GOOD_ROWS, bom=True), output)

    assert line.startswith(f"Đã đánh giá 2 đơn vị × 1 năm theo bộ {SET_ID} (phiên bản 1) trong ")
    assert line.strip().endswith("giây.")
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["set"]["set_id"] == SET_ID and data["set"]["is_illustrative"] is True
    assert data["version"] == 1 and data["generated_at"]
    known = result_of(data["results"], "90001", 2024)
    assert known["unit"] == {
        "code": "90001",
        "name": "Xã Thử Một",
        "key": world["commune"].key,
        "known": True,
    }
    assert (known["region"], known["group"]) == ("DBSH", None)
    road = indicator_of(known, "2.2")
    assert (road["value"], road["threshold"], road["comparator"]) == (92.5, 100, "gte")
    assert road["status"] == {"value": "chua_dat", "label": "chưa đạt"}
    assert road["gap"] == 7.5 and road["name"] == "Tỷ lệ đường thôn được cứng hóa"
    ferry = indicator_of(known, "2.5")
    assert ferry["value"] == "khong_ap_dung" and ferry["status"]["value"] == "dat"
    assert indicator_of(known, "10")["value"] == 1234.5
    assert indicator_of(known, "10")["threshold"] == 60
    criterion = {c["number"]: c for c in known["criteria"]}["2"]
    assert (criterion["status"]["value"], criterion["met"], criterion["total"]) == (
        "chua_dat",
        1,
        2,
    )
    assert (known["criteria_met"], known["criteria_total"]) == (2, 3)
    assert (known["indicators_met"], known["indicators_total"]) == (3, 4)
    assert known["status"] == {"value": "chua_dat", "label": "chưa đạt"}
    assert known["level"] == {"code": None, "label": "Chưa đạt chuẩn NTM"}

    unknown = result_of(data["results"], "Xã Ngoài Danh Mục", 2024)
    assert unknown["unit"]["known"] is False and unknown["unit"]["key"] == ""
    assert unknown["region"] == "TDMNPB"
    assert indicator_of(unknown, "1.1")["status"]["value"] == "chua_dat"
    assert indicator_of(unknown, "2.2")["status"]["value"] == "dat"
    assert indicator_of(unknown, "2.5")["value"] is True
    income = indicator_of(unknown, "10")
    assert (income["threshold"], income["status"]["value"], income["gap"]) == (45, "chua_dat", 0.1)


def test_csv_output_has_one_row_per_unit_year_and_indicator(
    world: dict[str, Unit], tmp_path: Path
) -> None:
    output = tmp_path / "results.csv"

    run(SET_ID, write(tmp_path, GOOD_ROWS), output)

    assert output.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    with output.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 8
    assert {row["row_type"] for row in rows} == {"chi_tieu"}
    known = [row for row in rows if row["unit_code"] == "90001"]
    assert [row["code"] for row in known] == ["1.1", "2.2", "2.5", "10"]
    road = next(row for row in known if row["code"] == "2.2")
    assert road["value"] == "92.5" and road["threshold"] == "100" and road["gap"] == "7.5"
    assert (road["indicator_status"], road["indicator_status_label"]) == ("chua_dat", "chưa đạt")
    assert (road["criterion_number"], road["criterion_name"]) == ("2", "Giao thông")
    assert (road["criterion_status_label"], road["criterion_met"], road["criterion_total"]) == (
        "chưa đạt",
        "1",
        "2",
    )
    assert (road["status"], road["criteria_met"], road["criteria_total"]) == ("chua_dat", "2", "3")
    assert (road["year"], road["region"], road["known_unit"], road["set_id"]) == (
        "2024",
        "DBSH",
        "có",
        SET_ID,
    )
    ferry = next(row for row in known if row["code"] == "2.5")
    assert ferry["value"] == "không áp dụng" and ferry["indicator_status"] == "dat"
    outside = [row for row in rows if row["unit_name"] == "Xã Ngoài Danh Mục"]
    assert {row["known_unit"] for row in outside} == {"không"}
    assert next(row for row in outside if row["code"] == "1.1")["value"] == "không"


def test_semicolon_files_with_vietnamese_decimals_are_read(
    world: dict[str, Unit], tmp_path: Path
) -> None:
    text = (
        "unit;region;group;year;indicator;value\n90001;;;2023;10;55,5\nXã Thử Một;;;2023;2.2;100\n"
    )
    output = tmp_path / "results.json"

    line = run(SET_ID, write(tmp_path, text), output, "--format", "json")

    assert "1 đơn vị × 1 năm" in line
    (result,) = json.loads(output.read_text(encoding="utf-8"))["results"]
    assert indicator_of(result, "10")["value"] == 55.5
    assert indicator_of(result, "10")["status"]["value"] == "dat"
    assert indicator_of(result, "2.2")["status"]["value"] == "dat"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("12,5", Decimal("12.5")),
        ("0,125", Decimal("0.125")),
        ("1.234.567", Decimal("1234567")),
        ("1,234.5", Decimal("1234.5")),
        ("1234", Decimal("1234")),
        ("95%", Decimal("95")),
        ("-3,5", Decimal("-3.5")),
        ("1,2340", Decimal("1.234")),
    ],
)
def test_numbers_are_read_with_either_decimal_mark(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["1,234", "1.234", "100.000", "1.23.4", "1,2,3", "1.234,5,6", "abc", "1 234", ",5", ""]
)
def test_ambiguous_or_malformed_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


BAD_ROWS = [
    ("90001,,,2024,2.2,abc\n", "Dòng 2, cột 'value': 'abc' không phải là số"),
    ('90001,,,2024,10,"1,234"\n', "Dòng 2, cột 'value': '1,234' có thể là 1,234 hoặc 1234"),
    ("90001,,,2024,9.9,1\n", "Dòng 2, cột 'indicator': mã chỉ tiêu '9.9' không có trong bộ"),
    ("Xã Lạ,,,2024,1.1,có\n", "Dòng 2, cột 'region': đơn vị 'Xã Lạ' không có trong cơ sở dữ liệu"),
    ("Xã Lạ,XYZ,,2024,1.1,có\n", "Dòng 2, cột 'region': 'XYZ' không phải mã vùng"),
    ("Xã Lạ,DBSH,N9,2024,1.1,có\n", "Dòng 2, cột 'group': 'N9' không phải mã nhóm xã"),
    ("90001,,,20x4,1.1,có\n", "Dòng 2, cột 'year': '20x4' không phải là năm"),
    ("90001,,,2019,1.1,có\n", "Dòng 2, cột 'year': năm 2019 ngoài thời kỳ áp dụng"),
    ("90001,,,2024,1.1,\n", "Dòng 2, cột 'value': không được để trống"),
    (",DBSH,,2024,1.1,có\n", "Dòng 2, cột 'unit': không được để trống"),
    ("90001,,,2024,1.1,na\n", "Dòng 2, cột 'value': chỉ tiêu này không có mục (nếu có)"),
    ("90001,,,2024,2.2,120\n", "Dòng 2, cột 'value': tỷ lệ phải từ 0 đến 100"),
    ("90001,,,2024,1.1,5\n", "Dòng 2, cột 'value': '5' không phải là giá trị có/không"),
    ("90001,,,2024,2.2,có\n", "Dòng 2, cột 'value': cần một số"),
    ("90001,,,2024,10,-5\n", "Dòng 2, cột 'value': thu nhập không được âm"),
    ('90001,,,2024,10,"55,12345"\n', "Dòng 2, cột 'value': '55,12345' có quá 4 chữ số"),
    ("90001,TDMNPB,,2024,1.1,có\n", "Dòng 2, cột 'region': 90001 Xã Thử Một"),
    (
        "90001,,,2024,1.1,có\n90001,,,2024,1.1,không\n",
        "Dòng 3, cột 'indicator': chỉ tiêu '1.1' của 90001 Xã Thử Một năm 2024 đã có ở dòng 2",
    ),
    (
        "Xã Lạ,DBSH,,2024,1.1,có\nXã Lạ,BTB,,2024,2.2,80\n",
        "Dòng 3, cột 'region': Xã Lạ năm 2024 đã ghi region DBSH ở dòng 2, không phải BTB",
    ),
    ("90001,,,2024,1.1,có,thừa\n", "Dòng 2: có 7 ô, nhiều hơn 6 cột"),
]


@pytest.mark.parametrize(("rows", "message"), BAD_ROWS)
def test_a_bad_row_is_reported_with_row_and_column_and_nothing_is_written(
    world: dict[str, Unit], tmp_path: Path, rows: str, message: str
) -> None:
    output = tmp_path / "results.json"

    with pytest.raises(CommandError) as caught:
        run(SET_ID, write(tmp_path, HEADER + rows), output)

    assert message in str(caught.value)
    assert "Không ghi tệp kết quả" in str(caught.value)
    assert not output.exists()


def test_every_bad_row_of_a_file_is_reported_at_once(
    world: dict[str, Unit], tmp_path: Path
) -> None:
    text = HEADER + (
        "90001,,,2024,1.1,có\n"  # good
        "90001,,,2024,2.2,abc\n"
        "90001,,,2024,10,55\n"  # good
        "Xã Lạ,,,2024,1.1,có\n"
        "90001,,,2024,9.9,1\n"
    )
    output = tmp_path / "results.csv"

    with pytest.raises(CommandError) as caught:
        run(SET_ID, write(tmp_path, text), output)

    lines = str(caught.value).splitlines()
    assert [line.split(",")[0] for line in lines[:-1]] == ["Dòng 3", "Dòng 5", "Dòng 6"]
    assert not output.exists()


def test_a_name_shared_by_several_units_lists_their_codes(
    world: dict[str, Unit], tmp_path: Path
) -> None:
    make_unit(Unit.Kind.COMMUNE, "Xã Trùng Tên", world["district"], code="90011")
    make_unit(Unit.Kind.COMMUNE, "Xã Trùng Tên", world["district"], code="90012")
    output = tmp_path / "results.json"

    with pytest.raises(CommandError) as caught:
        run(SET_ID, write(tmp_path, HEADER + "xã trùng tên,,,2024,1.1,có\n"), output)

    message = str(caught.value)
    assert "Dòng 2, cột 'unit': tên 'xã trùng tên' trùng với 2 đơn vị" in message
    assert "90011 Xã Trùng Tên" in message and "90012 Xã Trùng Tên" in message
    assert not output.exists()


def test_a_code_kept_through_the_2025_reorganisation_names_the_unit_of_the_year(
    world: dict[str, Unit], tmp_path: Path
) -> None:
    old = world["commune"]
    unit_services.update_unit(
        old, actor=None, expected_version=old.version, valid_to=dt.date(2025, 6, 30)
    )
    new = make_unit(
        Unit.Kind.COMMUNE,
        "Xã Thử Mới",
        world["province"],
        code="90001",
        valid_from=dt.date(2025, 7, 1),
    )
    output = tmp_path / "results.json"

    run(SET_ID, write(tmp_path, HEADER + "90001,,,2024,1.1,có\n90001,,,2025,1.1,có\n"), output)

    results = json.loads(output.read_text(encoding="utf-8"))["results"]
    assert [(r["year"], r["unit"]["key"]) for r in results] == [(2024, old.key), (2025, new.key)]


def test_an_unknown_set_or_a_missing_column_is_refused(
    world: dict[str, Unit], tmp_path: Path
) -> None:
    output = tmp_path / "results.json"
    with pytest.raises(CommandError, match="Không có bộ tiêu chí 'khong-co'"):
        run("khong-co", write(tmp_path, GOOD_ROWS), output)
    with pytest.raises(CommandError, match="thiếu cột 'value'"):
        run(SET_ID, write(tmp_path, "unit,year,indicator\n90001,2024,1.1\n"), output)
    assert not output.exists()


# The key bar: the CLI gives the statuses the screens give for the same data ------------------


def statuses_of_screens(unit: Unit, year: int, level: str) -> dict[str, Any]:
    result = judge(unit, year)
    evaluation = result.evaluations[level]
    return {
        "status": evaluation.status.value,
        "region": evaluation.region_applied,
        "counts": (
            evaluation.criteria_met,
            evaluation.criteria_total,
            evaluation.indicators_met,
            evaluation.indicators_total,
        ),
        "criteria": {c.number: c.status.value for c in evaluation.criteria},
        "indicators": {i.code: i.status.value for c in evaluation.criteria for i in c.indicators},
        "level": result.qualification.level if result.qualification else None,
    }


def statuses_of_cli(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": result["status"]["value"],
        "region": result["region"],
        "counts": (
            result["criteria_met"],
            result["criteria_total"],
            result["indicators_met"],
            result["indicators_total"],
        ),
        "criteria": {c["number"]: c["status"]["value"] for c in result["criteria"]},
        "indicators": {
            i["code"]: i["status"]["value"] for c in result["criteria"] for i in c["indicators"]
        },
        "level": result["level"]["code"] if result["level"] else None,
    }


def store(unit: Unit, year: int, values: dict[str, Any]) -> None:
    sheet = monitoring.open_sheet(unit, year, actor=None)
    monitoring.save_values(sheet, values, actor=None)


def csv_text(unit_code: str, year: int, values: dict[str, Any]) -> str:
    def cell(value: Any) -> str:
        if isinstance(value, bool):
            return "có" if value else "không"
        if value == "na":
            return "không áp dụng"
        return str(value).replace(".", ",")  # Vietnamese decimal comma, as a commune types it

    return "".join(f'{unit_code},,,{year},{code},"{cell(v)}"\n' for code, v in values.items())


@pytest.mark.parametrize(
    "values",
    [
        {"1.1": True, "2.2": Decimal("92.5"), "2.5": "na", "10": Decimal("61.25")},
        {"1.1": False, "2.2": Decimal("100"), "2.5": True, "10": Decimal("59.9")},
        {"1.1": True, "2.2": Decimal("71"), "2.5": False},  # income missing
        {"1.1": True, "2.2": Decimal("100"), "2.5": "na", "10": Decimal("60")},
    ],
)
def test_the_cli_gives_the_statuses_of_the_screens_for_the_same_data(
    world: dict[str, Unit], tmp_path: Path, values: dict[str, Any]
) -> None:
    commune = world["commune"]
    store(commune, 2024, values)
    output = tmp_path / "results.json"

    run(SET_ID, write(tmp_path, HEADER + csv_text("90001", 2024, values)), output)

    (result,) = json.loads(output.read_text(encoding="utf-8"))["results"]
    assert statuses_of_cli(result) == statuses_of_screens(commune, 2024, "xa_ntm")


def test_the_cli_uses_the_stored_profile_of_a_known_commune_like_the_screens(
    world: dict[str, Unit], tmp_path: Path
) -> None:
    # QĐ 318/QĐ-TTg: an extremely difficult commune is judged with the TDMNPB thresholds.
    commune = world["commune"]
    CommuneProfile.objects.create(unit=commune, year=2024, is_extremely_difficult=True)
    values = {"1.1": True, "2.2": Decimal("75"), "2.5": "na", "10": Decimal("50")}
    store(commune, 2024, values)
    output = tmp_path / "results.json"

    run(SET_ID, write(tmp_path, HEADER + csv_text("Xã Thử Một", 2024, values)), output)

    (result,) = json.loads(output.read_text(encoding="utf-8"))["results"]
    screens = statuses_of_screens(commune, 2024, "xa_ntm")
    assert statuses_of_cli(result) == screens
    assert screens["region"] == "TDMNPB" and screens["status"] == "dat"
    assert result["level"] == {"code": "xa_ntm", "label": "Xã đạt chuẩn NTM"}


@pytest.fixture
def national(db: Any) -> dict[str, Unit]:
    """The shipped sets, with the two provinces their provincial layers need and a commune each."""
    nam_dinh = make_unit(Unit.Kind.PROVINCE, "Tỉnh Nam Định", code="36", region="DBSH")
    dong_nai = make_unit(Unit.Kind.PROVINCE, "Tỉnh Đồng Nai", code="75", region="DNB")
    y_yen = make_unit(Unit.Kind.DISTRICT, "Huyện Ý Yên", nam_dinh, code="362")
    long_thanh = make_unit(Unit.Kind.DISTRICT, "Huyện Long Thành", dong_nai, code="740")
    load_sets(set_files(), actor=None)
    return {
        "nam_dinh_commune": make_unit(Unit.Kind.COMMUNE, "Xã Yên Thử", y_yen, code="13504"),
        "dong_nai_commune": make_unit(Unit.Kind.COMMUNE, "Xã Long Thử", long_thanh, code="26050"),
    }


def test_a_provincial_layer_gives_the_statuses_of_the_screens(
    national: dict[str, Unit], tmp_path: Path
) -> None:
    commune = national["dong_nai_commune"]
    values = {
        "17.1": Decimal("90"),
        "17.2": Decimal("95"),
        "17.6": Decimal("100"),
        "3.2": True,
        "5": Decimal("100"),
    }
    store(commune, 2024, values)
    output = tmp_path / "results.json"

    run(
        "tinh-dong-nai-xa-ntm-2021-2025",
        write(tmp_path, HEADER + csv_text("26050", 2024, values)),
        output,
    )

    (result,) = json.loads(output.read_text(encoding="utf-8"))["results"]
    cli = statuses_of_cli(result)
    assert cli == statuses_of_screens(commune, 2024, "xa_ntm")
    assert cli["indicators"]["17.1"] == "dat" and cli["indicators"]["17.2"] == "chua_dat"


def test_a_kieu_mau_set_evaluates_the_chain_like_the_screens(
    national: dict[str, Unit], tmp_path: Path
) -> None:
    commune = national["nam_dinh_commune"]
    values = {"10": Decimal("95"), "km3": Decimal("2"), "km4": Decimal("0"), "3.2": True}
    store(commune, 2024, values)
    output = tmp_path / "results.json"
    set_id = "tinh-nam-dinh-xa-ntm-kieu-mau-2021-2025"

    run(set_id, write(tmp_path, HEADER + csv_text("13504", 2024, values)), output)

    (result,) = json.loads(output.read_text(encoding="utf-8"))["results"]
    qualification = judge(commune, 2024).qualification
    assert qualification is not None
    assert [(s["level"], s["status"]["value"]) for s in result["chain"]] == [
        (step.level, step.status.value) for step in qualification.steps
    ]
    assert result["chain"][-1]["set_id"] == set_id
    screens_conditions = {c.id: c.status.value for c in qualification.steps[-1].conditions}
    cli_conditions = {c["id"]: c["status"]["value"] for c in result["chain"][-1]["conditions"]}
    assert cli_conditions == screens_conditions
    assert cli_conditions["km2_income_premium"] == "dat"  # 95 ≥ Nam Định's 93 for 2024
    assert cli_conditions["km4_standout_field"] == "chua_dat"
    assert result["level"]["code"] == qualification.level
    assert indicator_of(result, "10")["threshold"] == 93


def test_a_provincial_set_is_refused_for_a_commune_of_another_province(
    national: dict[str, Unit], tmp_path: Path
) -> None:
    output = tmp_path / "results.json"
    with pytest.raises(CommandError, match="không thuộc Tỉnh Đồng Nai"):
        run(
            "tinh-dong-nai-xa-ntm-2021-2025",
            write(tmp_path, HEADER + "13504,,,2024,17.1,90\n"),
            output,
        )
    assert not output.exists()


def test_an_unknown_commune_is_judged_with_the_national_sets_in_force(
    national: dict[str, Unit], tmp_path: Path
) -> None:
    output = tmp_path / "results.json"
    text = (
        HEADER + "Xã Ngoài,DBSH,,2024,10,95\nXã Ngoài,DBSH,,2024,km3,1\nXã Ngoài,DBSH,,2024,km4,1\n"
    )

    run("xa-ntm-kieu-mau-2021-2025", write(tmp_path, text), output)

    (result,) = json.loads(output.read_text(encoding="utf-8"))["results"]
    assert [step["set_id"] for step in result["chain"]] == [
        "xa-ntm-2021-2025",
        "xa-ntm-nang-cao-2021-2025",
        "xa-ntm-kieu-mau-2021-2025",
    ]
    conditions = {c["id"]: c["status"]["value"] for c in result["chain"][-1]["conditions"]}
    assert conditions["km3_smart_village"] == "dat"
    assert result["level_status"]["value"] == "chua_xac_dinh"
    with output.open(encoding="utf-8") as stream:
        assert json.load(stream)["set"]["level"] == "xa_ntm_kieu_mau"
    csv_output = tmp_path / "results.csv"
    run("xa-ntm-kieu-mau-2021-2025", write(tmp_path, text), csv_output)
    with csv_output.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["row_type"] for row in rows} == {"dieu_kien"}
    assert [row["code"] for row in rows] == [
        "km1_nang_cao",
        "km2_income_premium",
        "km3_smart_village",
        "km4_standout_field",
    ]
    assert rows[0]["level_status_label"] == "chưa xác định"


# The bulk path of the national benchmark stores what assess_units stores ---------------------


def assessment_rows() -> list[tuple[Any, ...]]:
    return sorted(
        Assessment.objects.values_list(
            "unit_id",
            "year",
            "set_version_id",
            "status",
            "criteria_met",
            "criteria_total",
            "indicators_met",
            "indicators_total",
            "level",
            "details",
        )
    )


def test_the_bulk_path_stores_the_assessments_of_assess_units(world: dict[str, Unit]) -> None:
    district = world["district"]
    flagged = make_unit(Unit.Kind.COMMUNE, "Xã Thử Hai", district, code="90002")
    without_sheet = make_unit(Unit.Kind.COMMUNE, "Xã Thử Ba", district, code="90003")
    CommuneProfile.objects.create(unit=flagged, year=2024, is_extremely_difficult=True)
    store(
        world["commune"],
        2024,
        {"1.1": True, "2.2": Decimal("100"), "2.5": "na", "10": Decimal("61")},
    )
    store(flagged, 2024, {"1.1": True, "2.2": Decimal("72.5"), "2.5": False, "10": Decimal("44")})
    communes = Unit.objects.filter(level=Unit.Level.COMMUNE)
    version = SetVersion.objects.get(criteria_set__set_id=SET_ID)

    services.assess_units(communes, 2024, actor=None)
    expected = assessment_rows()
    Assessment.objects.all().delete()
    summary = assess_in_bulk(version, years=[2024], units=communes, actor=None)

    assert assessment_rows() == expected
    assert (summary.unit_years, summary.assessments, summary.values) == (3, 3, 8)
    assess_in_bulk(version, years=[2024], units=communes, actor=None)  # again: updates in place
    assert assessment_rows() == expected
    statuses = {row[0]: (row[3], row[8]) for row in expected}
    assert statuses[world["commune"].pk] == ("dat", "xa_ntm")
    assert statuses[without_sheet.pk] == ("chua_xac_dinh", "")


def test_the_bulk_evaluator_gives_the_engine_evaluation_and_details() -> None:
    framework = framework_from_dict(json.loads(json.dumps(ILLUSTRATIVE_SET)))
    evaluator = BulkEvaluator(framework)
    rng = random.Random(7)
    choices: list[Any] = [None, True, False, NOT_APPLICABLE, Decimal("0"), Decimal("100")]
    for _ in range(300):
        values = {}
        for code in ("1.1", "2.2", "2.5", "10", "9.9"):
            choice = rng.choice([*choices, "number"])
            if choice == "number":
                choice = Decimal(rng.randint(0, 12000)) / 100
            if choice is not None:
                values[code] = choice
        profile = UnitProfile(
            region=rng.choice([None, "DBSH", "TDMNPB", "DNB", "TN"]),
            flags=rng.choice([frozenset(), frozenset({"dac_biet_kho_khan"})]),
        )
        year = rng.choice([2022, 2023, 2024])

        evaluation, details = evaluator.evaluate(profile, values, year=year)

        assert evaluation == evaluate(framework, profile, values, year=year)
        assert details == services.assessment_details(evaluation)
