import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from common import formats


def test_thousands_take_a_dot_and_decimals_a_comma() -> None:
    assert formats.number(1234.5) == "1.234,5"
    assert formats.number(1234567) == "1.234.567"
    assert formats.number(Decimal("55.61")) == "55,61"
    assert formats.number(999) == "999"
    assert formats.number(0) == "0"


def test_negative_figures_keep_their_minus_sign() -> None:
    assert formats.number(-1234.5) == "-1.234,5"
    assert formats.number(Decimal("-1234567.25")) == "-1.234.567,25"


def test_places_round_half_up_and_keep_trailing_zeros() -> None:
    assert formats.number(Decimal("100.015"), 2) == "100,02"
    assert formats.number(Decimal("100.0179856"), 2) == "100,02"
    assert formats.number(Decimal("2.5"), 0) == "3"
    assert formats.number(Decimal("-2.5"), 0) == "-3"
    assert formats.number(1234, 2) == "1.234,00"
    assert formats.number(Decimal("12.5"), 2) == "12,50"


def test_floats_round_as_written_not_as_stored_in_binary() -> None:
    assert formats.number(2.675, 2) == "2,68"
    assert formats.number(1.005, 2) == "1,01"


def test_a_small_loss_rounded_to_zero_shows_no_minus_sign() -> None:
    assert formats.number(-0.004, 2) == "0,00"
    assert formats.number(Decimal("-0")) == "0"


def test_decimals_without_places_print_the_digits_they_hold() -> None:
    assert formats.number(Decimal("12.50")) == "12,50"
    assert formats.number(Decimal("12")) == "12"
    assert formats.number(Decimal("1E+3")) == "1.000"


def test_floats_without_places_drop_trailing_zeros_after_ten_decimals() -> None:
    assert formats.number(0.1 + 0.2) == "0,3"
    assert formats.number(1234.0) == "1.234"
    assert formats.number(1 / 3) == "0,3333333333"
    assert formats.number(1e-12) == "0"
    assert formats.number(1e20) == "100.000.000.000.000.000.000"


def test_numeric_strings_are_read_as_decimals() -> None:
    assert formats.number("1234.5") == "1.234,5"
    assert formats.number(" 55.61 ", 1) == "55,6"


def test_no_figure_gives_an_empty_string() -> None:
    assert formats.number(None) == ""
    assert formats.percent(None) == ""
    assert formats.money(None) == ""
    assert formats.change(None) == ""
    assert formats.change_count(None) == ""


@pytest.mark.parametrize("bad", ["abc", "", "1.234,5", "nan", "inf", float("nan"), float("inf")])
def test_text_that_is_not_a_finite_number_is_refused(bad: str | float) -> None:
    with pytest.raises(ValueError):
        formats.number(bad)


@pytest.mark.parametrize("bad", [True, [1], date(2023, 1, 1)])
def test_values_that_are_not_figures_are_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        formats.number(bad)  # type: ignore[arg-type]


def test_negative_places_are_refused() -> None:
    with pytest.raises(ValueError):
        formats.number(1, -1)


def test_percentages_have_no_space_before_the_sign() -> None:
    assert formats.percent(87.3) == "87,3%"
    assert formats.percent(87.25) == "87,3%"
    assert formats.percent(100) == "100,0%"
    assert formats.percent(Decimal("100.02"), 2) == "100,02%"


def test_revenue_against_plan_reads_as_in_the_report() -> None:
    achieved = Decimal("55.61") / Decimal("55.60") * 100
    assert f"đạt {formats.percent(achieved, 2)}" == "đạt 100,02%"


def test_money_is_shown_in_millions_by_default() -> None:
    assert formats.money(55_610_000) == "55,61 triệu đồng"
    assert formats.money(Decimal("55610000")) == "55,61 triệu đồng"


def test_money_can_be_shown_in_each_unit() -> None:
    assert formats.money(1_234_000, "đồng") == "1.234.000 đồng"
    assert formats.money(1_234_500, "nghìn đồng") == "1.234,50 nghìn đồng"
    assert formats.money(2_345_000_000, "tỷ đồng") == "2,35 tỷ đồng"
    assert formats.money(2_345_000_000, "tỷ đồng", places=1) == "2,3 tỷ đồng"
    assert formats.money(1_234_567, "đồng", places=2) == "1.234.567,00 đồng"


def test_money_rounds_half_up() -> None:
    assert formats.money(55_615_000) == "55,62 triệu đồng"
    assert formats.money(-55_615_000) == "-55,62 triệu đồng"


def test_money_accepts_a_decomposed_unit_and_answers_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "tỷ đồng")
    assert formats.money(1_000_000_000, decomposed) == "1,00 tỷ đồng"


def test_an_unknown_money_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="Đơn vị tiền không hợp lệ"):
        formats.money(1, "USD")


def test_report_bodies_write_dates_without_leading_zeros() -> None:
    assert formats.long_date(date(2023, 9, 18)) == "ngày 18 tháng 9 năm 2023"
    assert formats.long_date(date(2024, 1, 5)) == "ngày 5 tháng 1 năm 2024"
    assert formats.long_date(datetime(2023, 9, 18, 8, 30, tzinfo=UTC)) == "ngày 18 tháng 9 năm 2023"


def test_document_date_follows_the_place_of_issue() -> None:
    assert formats.document_date("Hà Nam", date(2023, 9, 18)) == "Hà Nam, ngày 18 tháng 9 năm 2023"


def test_document_date_pads_days_below_ten_and_months_one_and_two() -> None:
    assert formats.document_date("Hà Nội", date(2023, 2, 1)) == "Hà Nội, ngày 01 tháng 02 năm 2023"
    assert formats.document_date("Hà Nội", date(2023, 3, 5)) == "Hà Nội, ngày 05 tháng 3 năm 2023"
    assert formats.document_date("Hà Nội", date(2023, 12, 25)) == (
        "Hà Nội, ngày 25 tháng 12 năm 2023"
    )


def test_tables_write_dates_with_leading_zeros() -> None:
    assert formats.short_date(date(2023, 9, 18)) == "18/09/2023"
    assert formats.short_date(date(2024, 1, 5)) == "05/01/2024"


def test_no_date_gives_an_empty_string() -> None:
    assert formats.long_date(None) == ""
    assert formats.document_date("Hà Nam", None) == ""
    assert formats.short_date(None) == ""


def test_a_text_date_is_refused() -> None:
    with pytest.raises(TypeError):
        formats.short_date("2023-09-18")  # type: ignore[arg-type]


def test_counts_below_ten_take_a_leading_zero() -> None:
    assert formats.count(2, "tổ chức đảng") == "02 tổ chức đảng"
    assert formats.count(9) == "09"
    assert formats.count(1, "cuộc") == "01 cuộc"


def test_zero_and_counts_from_ten_are_written_plainly() -> None:
    assert formats.count(0, "cuộc") == "0 cuộc"
    assert formats.count(0) == "0"
    assert formats.count(10) == "10"
    assert formats.count(1234, "đảng viên") == "1.234 đảng viên"


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        formats.count(-1)


@pytest.mark.parametrize("bad", [2.0, Decimal("2"), "2", True])
def test_a_count_must_be_a_whole_number(bad: object) -> None:
    with pytest.raises(TypeError):
        formats.count(bad)  # type: ignore[arg-type]


def test_no_count_gives_an_empty_string() -> None:
    assert formats.count(None, "cuộc") == ""


def test_ratios_read_met_over_total() -> None:
    assert formats.ratio(13, 19) == "13/19"
    assert formats.ratio(2, 19) == "2/19"
    assert formats.ratio(1234, 2000) == "1.234/2.000"


def test_a_negative_ratio_is_refused() -> None:
    with pytest.raises(ValueError):
        formats.ratio(-1, 19)


def test_an_increase_reads_tang_so_voi() -> None:
    text = formats.change(Decimal("5.09"), unit="triệu đồng", against="năm 2020")
    assert text == "tăng 5,09 triệu đồng so với năm 2020"


def test_a_decrease_reads_giam_without_a_minus_sign() -> None:
    text = formats.change(Decimal("-1.5"), unit="triệu đồng", places=1, against="năm 2020")
    assert text == "giảm 1,5 triệu đồng so với năm 2020"
    assert formats.change(-1.5) == "giảm 1,50"


def test_no_change_reads_khong_doi() -> None:
    assert formats.change(0, unit="triệu đồng", against="năm 2020") == "không đổi so với năm 2020"
    assert formats.change(Decimal("0.00")) == "không đổi"


def test_a_change_that_rounds_to_zero_reads_khong_doi() -> None:
    assert formats.change(Decimal("0.004"), unit="triệu đồng") == "không đổi"
    assert formats.change(Decimal("0.004"), places=None) == "tăng 0,004"


def test_a_change_in_a_count_uses_the_count_style() -> None:
    assert formats.change_count(18, noun="cuộc", against="năm 2020") == (
        "tăng 18 cuộc so với năm 2020"
    )
    assert formats.change_count(2, noun="cuộc", against="năm 2020") == (
        "tăng 02 cuộc so với năm 2020"
    )
    assert formats.change_count(-3, noun="đảng viên") == "giảm 03 đảng viên"
    assert formats.change_count(0, noun="cuộc", against="năm 2020") == "không đổi so với năm 2020"


def test_text_from_callers_comes_back_in_nfc() -> None:
    noun = unicodedata.normalize("NFD", "tổ chức đảng")
    against = unicodedata.normalize("NFD", "cùng kỳ năm trước")
    assert formats.count(2, noun) == "02 tổ chức đảng"
    assert formats.change(1, against=against) == "tăng 1,00 so với cùng kỳ năm trước"
    place = unicodedata.normalize("NFD", "Hà Nam")
    assert unicodedata.is_normalized("NFC", formats.document_date(place, date(2023, 9, 18)))


def test_every_phrase_is_written_in_nfc() -> None:
    outputs = [
        formats.money(55_610_000),
        formats.money(1, "tỷ đồng"),
        formats.money(1, "nghìn đồng"),
        formats.long_date(date(2023, 9, 18)),
        formats.document_date("Hà Nam", date(2023, 9, 18)),
        formats.count(2, "tổ chức đảng"),
        formats.change(-1, unit="triệu đồng", against="năm 2020"),
        formats.change(0),
    ]
    for output in outputs:
        assert unicodedata.is_normalized("NFC", output), output
