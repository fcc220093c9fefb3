"""Targets in the words reports use (domain spec §13.5), through `common.formats`.

Seed: "thu nhập bình quân đầu người ước đạt 55,61 triệu đồng, đạt 100,02% kế hoạch, tăng 5,09 triệu
đồng so với năm 2020 … 17/17 chỉ tiêu kinh tế - xã hội đều đạt và vượt so với kế hoạch, trong đó có
09 chỉ tiêu vượt kế hoạch đề ra".
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from common import formats
from plans.rules.targets import Summary, TargetResult

# Reports print % of plan with two decimals ("đạt 100,02% kế hoạch", "đạt 100,18% kế hoạch").
PERCENT_OF_PLAN_PLACES = 2


def percent_of_plan_phrase(result: TargetResult) -> str:
    """ "đạt 100,02% kế hoạch", rounded half up; "" when there is no % of plan (see targets)."""
    if result.percent_of_plan is None:
        return ""
    return f"đạt {formats.percent(result.percent_of_plan, PERCENT_OF_PLAN_PLACES)} kế hoạch"


def change_phrase(
    delta: Decimal | None, unit: str, against: str, *, places: int | None = None
) -> str:
    """ "tăng 5,09 triệu đồng so với năm 2020", "giảm …", "không đổi so với …"; "" without a delta.

    Without ``places`` the change keeps the digits the figures hold (55,61 − 50,52 → 5,09).
    """
    if delta is None:
        return ""
    if unit == "%":
        # No space before the sign, as formats.percent writes it: "giảm 0,20% so với năm 2020".
        text = formats.change(delta, places=places)
        if text != formats.change(0):
            text += "%"
        return unicodedata.normalize("NFC", f"{text} so với {against}" if against else text)
    return formats.change(delta, unit=unit, places=places, against=against)


def target_sentence(
    name: str, actual: Decimal | None, unit: str, result: TargetResult, previous_label: str
) -> str:
    """ "thu nhập bình quân đầu người 55,61 triệu đồng, đạt 100,02% kế hoạch, tăng 5,09 triệu
    đồng so với năm 2020"; parts without figures are left out."""
    if actual is None:
        return unicodedata.normalize("NFC", f"{name} chưa có số liệu thực hiện")
    parts = [
        f"{name} {_with_unit(formats.number(actual), unit)}",
        percent_of_plan_phrase(result),
        change_phrase(result.change_on_previous, unit, previous_label),
    ]
    return unicodedata.normalize("NFC", ", ".join(part for part in parts if part))


def summary_sentence(summary: Summary) -> str:
    """ "17/17 chỉ tiêu đạt và vượt, trong đó 09 chỉ tiêu vượt", then the misses and the unassessed."""
    if summary.total == 0:
        return ""
    text = f"{formats.ratio(summary.met_or_exceeded, summary.total)} chỉ tiêu đạt và vượt"
    if summary.exceeded:
        text += f", trong đó {formats.count(summary.exceeded, 'chỉ tiêu')} vượt"
    if summary.not_met:
        text += f"; {formats.count(summary.not_met, 'chỉ tiêu')} chưa đạt"
    if summary.not_assessed:
        text += f"; {formats.count(summary.not_assessed, 'chỉ tiêu')} không đánh giá"
    return text


def _with_unit(figure: str, unit: str) -> str:
    if not unit:
        return figure
    return f"{figure}{unit}" if unit == "%" else f"{figure} {unit}"
