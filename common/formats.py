"""Vietnamese figures, dates and counts as written in Party and government reports."""

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

Number = int | float | Decimal | str

MONEY_UNITS: dict[str, int] = {
    "đồng": 1,
    "nghìn đồng": 1_000,
    "triệu đồng": 1_000_000,
    "tỷ đồng": 1_000_000_000,
}


def number(value: Number | None, places: int | None = None) -> str:
    """A figure with "." between thousands and "," before decimals: 1234.5 -> "1.234,5".

    With ``places`` the figure is rounded half up and keeps trailing zeros ("100,02",
    "12,50"). Without it a Decimal or numeric string prints the digits it holds
    (Decimal("12.50") -> "12,50") and a float prints at most 10 decimals with trailing
    zeros dropped (0.1 + 0.2 -> "0,3"). Floats are read by their shortest repr, so
    2.675 rounds to "2,68" as a person expects. None gives "".
    """
    if value is None:
        return ""
    amount = _to_decimal(value)
    if places is not None:
        amount = _round(amount, places)
    elif isinstance(value, float):
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -10:
            amount = _round(amount, 10)
        amount = amount.normalize()
    return _group(amount)


def percent(value: Number | None, places: int = 1) -> str:
    """A percentage without a space before the sign: 87.3 -> "87,3%"."""
    if value is None:
        return ""
    return number(value, places) + "%"


def money(value_vnd: Number | None, unit: str = "triệu đồng", places: int | None = None) -> str:
    """An amount in đồng shown in the given unit: 55_610_000 -> "55,61 triệu đồng".

    ``places`` defaults to 0 for "đồng" and to 2 for "nghìn đồng", "triệu đồng" and
    "tỷ đồng".
    """
    if value_vnd is None:
        return ""
    unit = _nfc(unit)
    if unit not in MONEY_UNITS:
        raise ValueError(f"Đơn vị tiền không hợp lệ: {unit} (dùng: {', '.join(MONEY_UNITS)})")
    if places is None:
        places = 0 if unit == "đồng" else 2
    amount = _to_decimal(value_vnd) / MONEY_UNITS[unit]
    return f"{number(amount, places)} {unit}"


def long_date(day: date | None) -> str:
    """A date as written in the body of a report: "ngày 18 tháng 9 năm 2023"."""
    if day is None:
        return ""
    _check_date(day)
    return f"ngày {day.day} tháng {day.month} năm {day.year}"


def document_date(place: str, day: date | None) -> str:
    """The place and date under the national motto: "Hà Nam, ngày 18 tháng 9 năm 2023"."""
    if day is None:
        return ""
    _check_date(day)
    # Nghị định 30/2020/NĐ-CP, Phụ lục I: days below 10 and months 1, 2 take a leading zero.
    day_text = f"{day.day:02d}"
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _nfc(f"{place}, ngày {day_text} tháng {month_text} năm {day.year}")


def short_date(day: date | None) -> str:
    """A date in tables and forms: "18/09/2023"."""
    if day is None:
        return ""
    _check_date(day)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def count(n: int | None, noun: str = "") -> str:
    """A count with the leading zero of Party reports below ten: "02 tổ chức đảng"."""
    if n is None:
        return ""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"Số lượng phải là số nguyên: {n!r}")
    if n < 0:
        raise ValueError(f"Số lượng không được âm: {n}")
    text = f"{n:02d}" if 0 < n < 10 else number(n)
    return _nfc(f"{text} {noun}") if noun else text


def ratio(met: int, total: int) -> str:
    """How many of a total met a requirement: "13/19"."""
    if met < 0 or total < 0:
        raise ValueError(f"Tỷ số không được âm: {met}/{total}")
    return f"{number(met)}/{number(total)}"


def change(
    value: Number | None, *, unit: str = "", places: int | None = 2, against: str = ""
) -> str:
    """A change as reports phrase it: "tăng 5,09 triệu đồng so với năm 2020".

    A change that rounds to zero reads "không đổi".
    """
    if value is None:
        return ""
    amount = _to_decimal(value)
    if places is not None:
        amount = _round(amount, places)
    if amount.is_zero():
        return _phrase("không đổi", against)
    direction = "tăng" if amount > 0 else "giảm"
    text = f"{direction} {number(abs(amount))}"
    return _phrase(f"{text} {unit}" if unit else text, against)


def change_count(n: int | None, *, noun: str = "", against: str = "") -> str:
    """A change in a count as reports phrase it: "tăng 02 cuộc so với năm 2020"."""
    if n is None:
        return ""
    if n == 0:
        return _phrase("không đổi", against)
    direction = "tăng" if n > 0 else "giảm"
    return _phrase(f"{direction} {count(abs(n), noun)}", against)


def _phrase(text: str, against: str) -> str:
    return _nfc(f"{text} so với {against}" if against else text)


def _nfc(text: str) -> str:
    # Text typed on some keyboards arrives decomposed; reports and searches need NFC.
    return unicodedata.normalize("NFC", text)


def _to_decimal(value: Number) -> Decimal:
    if isinstance(value, bool):
        raise TypeError(f"Không phải là số: {value!r}")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"Không phải là số: {value!r}") from None
    else:
        raise TypeError(f"Không phải là số: {value!r}")
    if not amount.is_finite():
        raise ValueError(f"Không phải là số hữu hạn: {value!r}")
    return amount


def _round(amount: Decimal, places: int) -> Decimal:
    if places < 0:
        raise ValueError(f"Số chữ số thập phân không được âm: {places}")
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _group(amount: Decimal) -> str:
    if amount.is_zero():
        amount = abs(amount)  # no "-0,00" after rounding a small loss
    text = format(amount, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def _check_date(day: date) -> None:
    if not isinstance(day, date):
        raise TypeError(f"Không phải là ngày: {day!r}")


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_number(text: str, *, allow_percent: bool = False) -> Decimal:
    """A number typed the Vietnamese way ("55,61", "1.234,5", "1.234") or plainly ("55.61").

    "," is the decimal mark and "." groups thousands; a lone "." that does not group thousands
    ("55.61") is read as a decimal point, as people who learnt on English software type it.
    Raises ValueError for anything else (the caller words the message for its field).
    """
    cleaned = _SPACES.sub("", text)
    if allow_percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if cleaned.count(",") > 1:
        raise ValueError(text)
    if "," in cleaned:
        whole, fraction = cleaned.split(",")
        if "." in whole:
            if not _THOUSANDS.fullmatch(whole):
                raise ValueError(text)
            whole = whole.replace(".", "")
        candidate = f"{whole}.{fraction}" if fraction else whole
    elif _THOUSANDS.fullmatch(cleaned):
        candidate = cleaned.replace(".", "")
    else:
        candidate = cleaned
    if not _PLAIN.fullmatch(candidate):
        raise ValueError(text)
    try:
        return Decimal(candidate)
    except InvalidOperation:
        raise ValueError(text) from None
