"""Number and symbol (số và ký hiệu) of Party documents, in plain Python (domain spec §12).

Form (§12.2, [C: HD 36-HD/VPTW examples]): "Số <n>-<TYPE>/<ISSUER>" with a hyphen between number
and type and a slash before the issuer, numbers 1–9 zero-padded: "Số 05-NQ/HU", "Số 01-BC/CB".
Party documents write "Số" without a colon; "Số: 30/2020/NĐ-CP" is the government form, never mixed.

Numbering (§12.2): a cấp ủy numbers each document type from 01 through one committee term
[S: quiz citing HD 36 mục 1.3.1 a]; whether advisory bodies (ban, văn phòng, UBKT) restart per term
or per year is [U]. `next_number` takes the numbers already used in whichever scope the caller
chose, so the scope stays configuration, not code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from common.formats import count

# Types from the plans issue with their symbol abbreviations, in the order of the 66-QĐ/TW list
# (domain spec §12.1, tagged [C existence; list U-partially]); `count_phrase` follows this order.
DOCUMENT_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "NQ": "Nghị quyết",
        "CT": "Chỉ thị",
        "KL": "Kết luận",
        "QC": "Quy chế",
        # Quy định: "QĐ" is current central practice (296-QĐ/TW), "QĐi" was used in 2018–2019
        # (11-QĐi/TW, 08-QĐi/TW) [C examples]; §12.1 asks for it to be configurable. Quyết định
        # also abbreviates to "QĐ" (§12.1) and is not in the issue's list: a symbol alone cannot
        # tell the two apart, so a stored document must keep its type beside its symbol. Unsure.
        "QĐ": "Quy định",
        "TT": "Thông tri",
        "HD": "Hướng dẫn",
        "KH": "Kế hoạch",
        "CTr": "Chương trình",
        "TB": "Thông báo",
        "BC": "Báo cáo",
        "TTr": "Tờ trình",
        "CV": "Công văn",  # 511-CV/BNCTW, 10072-CV/BTCTW [C]
    }
)


class DocumentSymbol(NamedTuple):
    number: int
    type_code: str
    issuer_code: str

    def __str__(self) -> str:
        return document_symbol(self.number, self.type_code, self.issuer_code)


# Type codes are letters and may mix case ("CTr", "QĐi"); issuers are letters, then letters or
# digits. Only the shape is checked: registers also hold types outside DOCUMENT_TYPES
# ("24-BS/UBKTTU", "11-QĐi/TW").
_TYPE_CODE = re.compile(r"[^\W\d_]+")
_ISSUER_CODE = re.compile(r"[^\W\d_][^\W_]*")
# Typed copies carry stray spaces around the separators ("Quy định số 11- QĐi/TW" in a seed report).
_SYMBOL = re.compile(r"(?:số\s+)?([0-9]+)\s*-\s*([^\W\d_]+)\s*/\s*([^\W_]+)", re.IGNORECASE)


def document_symbol(number: int, type_code: str, issuer_code: str) -> str:
    """The symbol as printed under the issuer's name, without "Số": 5, "NQ", "HU" -> "05-NQ/HU"."""
    _check_number(number)
    type_code = _check_type_code(type_code)
    issuer_code = _check_issuer_code(issuer_code)
    return f"{number:02d}-{type_code}/{issuer_code}"


def parse_document_symbol(text: str) -> DocumentSymbol:
    """Read "05-NQ/HU" (or "Số 05-NQ/HU") back into (5, "NQ", "HU")."""
    match = _SYMBOL.fullmatch(_nfc(text).strip())
    if match is None:
        raise ValueError(
            f"Số và ký hiệu văn bản của Đảng không đúng dạng <số>-<loại>/<cơ quan>, "
            f"ví dụ 05-NQ/HU: {text!r}"
        )
    number = int(match.group(1))
    _check_number(number)
    return DocumentSymbol(
        number, _check_type_code(match.group(2)), _check_issuer_code(match.group(3))
    )


def next_number(existing_numbers: Iterable[int]) -> int:
    """The next number in one numbering scope (issuer, type, term or year): highest used plus one.

    Gaps are not refilled: a number once given (even to a withdrawn draft) stays taken, so two
    documents never share a symbol.
    """
    highest = 0
    for number in existing_numbers:
        _check_number(number)
        highest = max(highest, number)
    return highest + 1


def count_phrase(counts: Mapping[str, int]) -> str:
    """ "ban hành 02 Nghị quyết, 03 Chỉ thị, 06 Thông tri": in DOCUMENT_TYPES order, zeros left out."""
    unknown = sorted(set(counts) - set(DOCUMENT_TYPES))
    if unknown:
        raise ValueError(f"Loại văn bản không có trong danh mục: {', '.join(unknown)}")
    parts = [count(counts[code], name) for code, name in DOCUMENT_TYPES.items() if counts.get(code)]
    return f"ban hành {', '.join(parts)}" if parts else ""


def _check_number(number: int) -> None:
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"Số văn bản phải là số nguyên: {number!r}")
    if number < 1:
        raise ValueError(f"Số văn bản bắt đầu từ 01: {number}")


def _check_type_code(type_code: str) -> str:
    code = _nfc(type_code)
    if not _TYPE_CODE.fullmatch(code) or not code[0].isupper():
        raise ValueError(f"Ký hiệu loại văn bản không hợp lệ (ví dụ NQ, CTr): {type_code!r}")
    return code


def _check_issuer_code(issuer_code: str) -> str:
    code = _nfc(issuer_code)
    if not _ISSUER_CODE.fullmatch(code) or not code[0].isupper():
        raise ValueError(f"Ký hiệu cơ quan ban hành không hợp lệ (ví dụ HU, ĐU): {issuer_code!r}")
    return code


def _nfc(text: str) -> str:
    # Text typed on some keyboards arrives decomposed; symbols are compared and searched as NFC.
    return unicodedata.normalize("NFC", text)
