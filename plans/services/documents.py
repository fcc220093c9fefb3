"""Directive documents (văn bản của Đảng): registering them with their number, linking them to the
plans and tasks that carry them out, and counting them for reports (domain spec §12).

Numbering: a document's number runs from 01 for each type within one term of the issuing unit
(§12.2, [S: HD 36 mục 1.3.1 a]); the scope is (unit, term, type_code). A number typed in (a
document registered after the fact) must be free in that scope; a number left out takes the next
one (`plans.rules.documents.next_number`: gaps are not refilled).

`documents_count` and `documents_phrase` are reads, kept here beside the writes they count until
plans/queries gets a documents module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from audit import services as audit
from common.periods import Period
from plans.models import Document, Plan, Task
from plans.rules.documents import DOCUMENT_TYPES, count_phrase, document_symbol, next_number
from units.models import Unit

# A committee term (nhiệm kỳ) is written with its first and last year, "2020-2025".
_TERM = re.compile(r"(\d{4})-(\d{4})")
MAX_TERM_YEARS = 5

DOCUMENT_FIELDS = [
    "unit",
    "type_code",
    "number",
    "issuer_code",
    "term",
    "issued_on",
    "signer",
    "subject",
]


def _check_term(term: str, issued_on: dt.date) -> str:
    term = term.strip().replace("–", "-")
    match = _TERM.fullmatch(term)
    if match is None:
        raise ValidationError({"term": _("Nhiệm kỳ viết theo dạng 2020-2025.")})
    first, last = int(match.group(1)), int(match.group(2))
    if not first < last <= first + MAX_TERM_YEARS:
        raise ValidationError(
            {
                "term": _(
                    "Nhiệm kỳ %(term)s không hợp lệ: năm cuối phải sau năm đầu, tối đa 5 năm."
                )
                % {"term": term}
            }
        )
    if not first <= issued_on.year <= last:
        raise ValidationError(
            {
                "issued_on": _("Ngày ban hành %(day)s không thuộc nhiệm kỳ %(term)s.")
                % {"day": issued_on.strftime("%d/%m/%Y"), "term": term}
            }
        )
    return term


def _check_type_code(type_code: str) -> None:
    if type_code not in DOCUMENT_TYPES:
        known = ", ".join(f"{code} ({name})" for code, name in DOCUMENT_TYPES.items())
        raise ValidationError(
            {
                "type_code": _("Thể loại văn bản “%(code)s” không có trong danh mục: %(known)s.")
                % {"code": type_code, "known": known}
            }
        )


@transaction.atomic
def register_document(
    unit: Unit,
    type_code: str,
    issuer_code: str,
    term: str,
    issued_on: dt.date,
    subject: str,
    signer: str = "",
    number: int | None = None,
    file: File[Any] | None = None,
    *,
    actor: Any,
    is_demo: bool = False,
) -> Document:
    """Register a document issued by a unit, numbered within its type and term."""
    type_code = type_code.strip()
    issuer_code = issuer_code.strip()
    _check_type_code(type_code)
    term = _check_term(term, issued_on)
    subject = subject.strip()
    if not subject:
        raise ValidationError({"subject": _("Hãy nhập trích yếu văn bản.")})
    try:
        document_symbol(1, type_code, issuer_code)
    except ValueError as error:
        raise ValidationError({"issuer_code": str(error)}) from error
    # Numbers of one unit are given one at a time: lock the issuing unit's row so two people
    # registering at once cannot take the same number (a no-op on SQLite, which locks anyway).
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    scope = Document.objects.filter(unit=unit, term=term, type_code=type_code)
    if number is None:
        number = next_number(scope.values_list("number", flat=True))
    elif isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValidationError({"number": _("Số văn bản là số nguyên từ 01.")})
    else:
        taken = scope.filter(number=number).first()
        if taken is not None:
            raise ValidationError(
                {
                    "number": _(
                        "Số %(symbol)s đã được dùng cho %(type)s “%(subject)s” "
                        "trong nhiệm kỳ %(term)s."
                    )
                    % {
                        "symbol": taken.symbol,
                        "type": DOCUMENT_TYPES[type_code],
                        "subject": taken.subject,
                        "term": term,
                    }
                }
            )
    document = Document(
        unit=unit,
        type_code=type_code,
        number=number,
        issuer_code=issuer_code,
        term=term,
        issued_on=issued_on,
        signer=signer.strip(),
        subject=subject,
        is_demo=is_demo,
    )
    if file is not None:
        document.file.save(file.name or "van-ban", file, save=False)
    document.save()
    audit.record(
        actor,
        "document.registered",
        document,
        unit=unit,
        changes={
            name: [None, value] for name, value in audit.snapshot(document, DOCUMENT_FIELDS).items()
        },
        data={"symbol": document.symbol, "file": document.file.name or ""},
    )
    return document


@transaction.atomic
def link_document(
    document: Document,
    *,
    actor: Any,
    plans: Iterable[Plan] = (),
    tasks: Iterable[Task] = (),
) -> Document:
    """Record which plans carry a document out and which tasks it assigned."""
    plans, tasks = list(plans), list(tasks)
    if not plans and not tasks:
        raise ValidationError(_("Hãy chọn chương trình, kế hoạch hoặc nhiệm vụ để liên kết."))
    # A task comes from one document; moving it to another would rewrite where it came from.
    elsewhere = [t for t in tasks if t.document_id not in (None, document.pk)]
    if elsewhere:
        raise ValidationError(
            {
                "tasks": _("Nhiệm vụ đã gắn với văn bản khác: %(tasks)s.")
                % {"tasks": "; ".join(f"{t.title} ({t.document})" for t in elsewhere)}
            }
        )
    document.implemented_by.add(*plans)
    new_tasks = [t for t in tasks if t.document_id is None]
    for task in new_tasks:
        task.document = document
    Task.objects.filter(pk__in=[t.pk for t in new_tasks]).update(document=document)
    audit.record(
        actor,
        "document.linked",
        document,
        unit=document.unit,
        data={
            "symbol": document.symbol,
            "plans": [{"id": p.pk, "title": p.title} for p in plans],
            "tasks": [{"id": t.pk, "title": t.title} for t in tasks],
        },
    )
    return document


def documents_of(
    units: Iterable[Unit] | QuerySet[Unit], start: dt.date, end: dt.date
) -> QuerySet[Document]:
    """Documents issued by the units between start and end, both inclusive."""
    return Document.objects.filter(unit__in=units, issued_on__gte=start, issued_on__lte=end)


def documents_count(
    units: Iterable[Unit] | QuerySet[Unit], start: dt.date, end: dt.date
) -> dict[str, int]:
    """How many documents of each type the units issued between start and end (inclusive)."""
    rows = (
        documents_of(units, start, end)
        .order_by()
        .values("type_code")
        .annotate(n=Count("pk"))
        .values_list("type_code", "n")
    )
    counts = dict(rows)
    return {code: counts[code] for code in DOCUMENT_TYPES if counts.get(code)}


def documents_phrase(units: Iterable[Unit] | QuerySet[Unit], period: Period) -> str:
    """ "ban hành 02 Nghị quyết, 03 Chỉ thị, 06 Thông tri" for the units over a period."""
    return count_phrase(documents_count(units, period.start, period.end))
