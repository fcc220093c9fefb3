from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template


def render(source: str, **context: Any) -> str:
    return Template(source).render(Context(context))


def test_vn_number_groups_thousands_and_rounds_to_the_places_given() -> None:
    assert render("{{ x|vn_number }}", x=1234.5) == "1.234,5"
    assert render("{{ x|vn_number:2 }}", x=Decimal("100.0179")) == "100,02"
    assert render("{{ x|vn_number:places }}", x=1234, places="2") == "1.234,00"


def test_vn_percent_writes_a_percentage() -> None:
    assert render("{{ x|vn_percent }}", x=87.3) == "87,3%"
    assert render("đạt {{ x|vn_percent:2 }}", x=Decimal("100.02")) == "đạt 100,02%"


def test_vn_money_shows_millions_unless_told_otherwise() -> None:
    assert render("{{ x|vn_money }}", x=55_610_000) == "55,61 triệu đồng"
    assert render('{{ x|vn_money:"đồng" }}', x=1_234_000) == "1.234.000 đồng"
    assert render('{{ x|vn_money:"tỷ đồng" }}', x=2_345_000_000) == "2,35 tỷ đồng"


def test_vn_dates_write_report_and_table_dates() -> None:
    day = date(2023, 9, 18)
    assert render("{{ d|vn_long_date }}", d=day) == "ngày 18 tháng 9 năm 2023"
    assert render("{{ d|vn_date }}", d=day) == "18/09/2023"


def test_vn_count_adds_the_leading_zero_and_the_noun() -> None:
    assert render('{{ n|vn_count:"tổ chức đảng" }}', n=2) == "02 tổ chức đảng"
    assert render("{{ n|vn_count }}", n=1234) == "1.234"


@pytest.mark.parametrize(
    "source",
    [
        "{{ x|vn_number }}",
        "{{ x|vn_percent }}",
        "{{ x|vn_money }}",
        "{{ x|vn_long_date }}",
        "{{ x|vn_date }}",
        "{{ x|vn_count }}",
    ],
)
def test_a_missing_value_renders_empty(source: str) -> None:
    assert render(source, x=None) == ""
    assert render(source) == ""


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("{{ x|vn_number }}", "chưa có"),
        ("{{ x|vn_number:'hai' }}", 12),
        ("{{ x|vn_percent }}", "n/a"),
        ('{{ x|vn_money:"USD" }}', 12),
        ("{{ x|vn_long_date }}", "2023-09-18"),
        ("{{ x|vn_date }}", "hôm nay"),
        ("{{ x|vn_count }}", -1),
        ("{{ x|vn_count }}", "hai"),
    ],
)
def test_a_bad_value_renders_unchanged(source: str, value: object) -> None:
    assert render(source, x=value) == str(value)


def test_a_bad_value_is_still_escaped() -> None:
    assert render("{{ x|vn_number }}", x="<b>") == "&lt;b&gt;"
