"""Rules as data: the legal basis register, the configurable rules and the holiday calendar.

`load_rules` reads oversight/data/{legal_documents,rules,holidays}.yaml (spec party-oversight.md §1,
§15), checks every entry and writes all of them in one transaction, or nothing when any file has a
problem; loading the same files twice changes nothing. `rule_in_force` gives the rule that applies on
a case's date, `add_period` computes the deadline it sets.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Model, Q

from audit.services import record
from oversight.models import Confidence, Holiday, LegalDocument, Rule

DATA_DIR = Path(__file__).resolve().parent / "data"
DOCUMENTS_FILE = DATA_DIR / "legal_documents.yaml"
RULES_FILE = DATA_DIR / "rules.yaml"
HOLIDAYS_FILE = DATA_DIR / "holidays.yaml"
DEFAULT_FILES = (DOCUMENTS_FILE, RULES_FILE, HOLIDAYS_FILE)
UNCONFIRMED_LABEL = "chưa xác nhận"


class _Loader(yaml.SafeLoader):
    """Safe YAML without timestamp resolution: dates stay text and are checked field by field."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506


class RulesFileError(Exception):
    """Rules files that cannot be loaded, with every problem listed in Vietnamese."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class NoRuleInForce(LookupError):
    """No rule row applies to the key, date and scope asked for."""


@dataclass(frozen=True)
class RulesLoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class _Checker:
    """Reads fields of one entry, noting each problem with its file, entry and field."""

    def __init__(self, file: str, label: str, entry: dict[str, Any], errors: list[str]) -> None:
        self.file, self.label, self.entry, self.errors = file, label, entry, errors

    def fail(self, field: str, problem: str) -> None:
        self.errors.append(f"Tệp {self.file}, {self.label}, trường '{field}': {problem}.")

    def text(self, field: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.entry.get(field)
        if value is None or value == "":
            if required:
                self.fail(field, "thiếu giá trị bắt buộc")
            return ""
        if not isinstance(value, str | int | float | Decimal):
            self.fail(field, "phải là một chuỗi")
            return ""
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.fail(field, f"dài quá {max_length} ký tự")
        return text

    def date(self, field: str, *, required: bool = False) -> dt.date | None:
        value = self.entry.get(field)
        if value is None or value == "":
            if required:
                self.fail(field, "thiếu ngày bắt buộc")
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(field, f"ngày '{value}' không hợp lệ (dạng YYYY-MM-DD)")
            return None

    def number(self, field: str) -> Decimal | None:
        value = self.entry.get(field)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.fail(field, f"'{value}' không phải là số")
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(field, f"'{value}' không phải là số")
            return None
        if not number.is_finite() or number < 0:
            self.fail(field, f"'{value}' phải là số không âm")
            return None
        return number.quantize(Decimal("0.0001"))

    def choice(self, field: str, choices: list[str], *, required: bool = False) -> str:
        value = self.text(field, required=required)
        if value and value not in choices:
            self.fail(
                field, f"giá trị '{value}' không hợp lệ (chọn một trong: {', '.join(choices)})"
            )
        return value

    def period(self, start: dt.date | None, end: dt.date | None) -> None:
        if start and end and end < start:
            self.fail(
                "effective_to", f"ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}"
            )


def _read(path: Path, list_key: str, errors: list[str]) -> list[dict[str, Any]]:
    try:
        data = _load_yaml(path)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
        errors.append(f"Tệp {path.name}: không đọc được YAML ({error}).")
        return []
    if not isinstance(data, dict) or not isinstance(data.get(list_key), list):
        errors.append(f"Tệp {path.name}: phải có khóa '{list_key}' chứa danh sách các mục.")
        return []
    entries: list[dict[str, Any]] = []
    for number, entry in enumerate(data[list_key], start=1):
        if not isinstance(entry, dict):
            errors.append(f"Tệp {path.name}, mục {number}: phải là một bảng khóa – giá trị.")
            continue
        entries.append(entry)
    return entries


def _kind_of(path: Path, errors: list[str]) -> str:
    try:
        data = _load_yaml(path)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
        errors.append(f"Tệp {path.name}: không đọc được YAML ({error}).")
        return ""
    for kind in ("documents", "rules", "holidays"):
        if isinstance(data, dict) and kind in data:
            return kind
    errors.append(f"Tệp {path.name}: phải có một trong các khóa 'documents', 'rules', 'holidays'.")
    return ""


def _documents(path: Path, errors: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, entry in enumerate(_read(path, "documents", errors), start=1):
        c = _Checker(path.name, f"mục {number} ({entry.get('code', '?')})", entry, errors)
        row: dict[str, Any] = {
            "code": c.text("code", required=True, max_length=60),
            "title": c.text("title", required=True, max_length=400),
            "issuer": c.text("issuer", required=True, max_length=200),
            "issued_on": c.date("issued_on"),
            "effective_from": c.date("effective_from"),
            "effective_to": c.date("effective_to"),
            "status": c.choice("status", LegalDocument.Status.values, required=True),
            "replaced_by": c.text("replaced_by"),
            "confidence": c.choice("confidence", Confidence.values, required=True),
            "note": c.text("note"),
            "source_url": c.text("source_url", max_length=500),
        }
        c.period(row["effective_from"], row["effective_to"])
        if row["code"] in seen:
            c.fail("code", f"mã '{row['code']}' bị trùng")
        seen.add(row["code"])
        rows.append(row)
    return rows


def _rules(path: Path, errors: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str, dt.date | None]] = set()
    for number, entry in enumerate(_read(path, "rules", errors), start=1):
        c = _Checker(path.name, f"mục {number} ({entry.get('key', '?')})", entry, errors)
        row: dict[str, Any] = {
            "key": c.text("key", required=True, max_length=100),
            "value": c.text("value", required=True, max_length=100),
            "amount": c.number("amount"),
            "unit": c.choice("unit", Rule.Unit.values) or Rule.Unit.NONE,
            "extension_amount": c.number("extension_amount"),
            "maximum_amount": c.number("maximum_amount"),
            "scope": c.text("scope", max_length=100),
            "level": c.choice("level", Rule.Level.values),
            "document": c.text("document", required=True),
            "article": c.text("article", max_length=100),
            "effective_from": c.date("effective_from", required=True),
            "effective_to": c.date("effective_to"),
            "confidence": c.choice("confidence", Confidence.values, required=True),
            "note": c.text("note"),
        }
        c.period(row["effective_from"], row["effective_to"])
        if row["amount"] is not None and row["unit"] == Rule.Unit.NONE:
            c.fail("unit", "giá trị có số lượng thì phải có đơn vị")
        identity = (row["key"], row["scope"], row["effective_from"])
        if identity in seen:
            c.fail("effective_from", "trùng key, scope và ngày áp dụng với một mục khác")
        seen.add(identity)
        rows.append(row)
    return rows


def _holidays(path: Path, errors: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[dt.date] = set()
    for number, entry in enumerate(_read(path, "holidays", errors), start=1):
        c = _Checker(path.name, f"mục {number} ({entry.get('date', '?')})", entry, errors)
        row: dict[str, Any] = {
            "date": c.date("date", required=True),
            "name": c.text("name", required=True),
        }
        if row["date"] in seen:
            c.fail("date", "ngày bị trùng")
        seen.add(row["date"])
        rows.append(row)
    return rows


def _save(model: type[Model], lookup: dict[str, Any], values: dict[str, Any]) -> str:
    """'created', 'updated' or 'unchanged' for one row written by its natural key."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        model._default_manager.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    return "updated"


@transaction.atomic
def load_rules(paths: Iterable[Path] | None = None, *, actor: Any) -> RulesLoadSummary:
    """Load documents, rules and holidays from their files, all or nothing, audited once."""
    files = list(paths) if paths is not None else list(DEFAULT_FILES)
    errors: list[str] = []
    documents: list[dict[str, Any]] = []
    rules: list[dict[str, Any]] = []
    holidays: list[dict[str, Any]] = []
    for path in files:
        kind = _kind_of(path, errors)
        if kind == "documents":
            documents += _documents(path, errors)
        elif kind == "rules":
            rules += _rules(path, errors)
        elif kind == "holidays":
            holidays += _holidays(path, errors)
    known = {row["code"] for row in documents} | set(
        LegalDocument.objects.values_list("code", flat=True)
    )
    for row in documents:
        if row["replaced_by"] and row["replaced_by"] not in known:
            errors.append(
                f"Văn bản '{row['code']}', trường 'replaced_by': không có văn bản "
                f"'{row['replaced_by']}' trong sổ đăng ký."
            )
    for row in rules:
        if row["document"] and row["document"] not in known:
            errors.append(
                f"Quy định '{row['key']}' ({row['scope'] or 'mọi phạm vi'}), trường 'document': "
                f"không có văn bản '{row['document']}' trong sổ đăng ký."
            )
    if errors:
        raise RulesFileError(errors)

    outcomes: list[str] = []
    for row in documents:
        values = {k: v for k, v in row.items() if k not in ("code", "replaced_by")}
        outcomes.append(_save(LegalDocument, {"code": row["code"]}, values))
    by_code = {doc.code: doc for doc in LegalDocument.objects.all()}
    for row in documents:
        document = by_code[row["code"]]
        replaced_by = by_code[row["replaced_by"]] if row["replaced_by"] else None
        if document.replaced_by_id != (replaced_by.pk if replaced_by else None):
            document.replaced_by = replaced_by
            document.save(update_fields=["replaced_by"])
            if outcomes[documents.index(row)] == "unchanged":
                outcomes[documents.index(row)] = "updated"
    for row in rules:
        lookup = {k: row[k] for k in ("key", "scope", "effective_from")}
        values = {
            k: v for k, v in row.items() if k not in ("key", "scope", "effective_from", "document")
        }
        values["legal_document"] = by_code[row["document"]]
        outcomes.append(_save(Rule, lookup, values))
    for row in holidays:
        outcomes.append(_save(Holiday, {"date": row["date"]}, {"name": row["name"]}))

    summary = RulesLoadSummary(
        created=outcomes.count("created"),
        updated=outcomes.count("updated"),
        unchanged=outcomes.count("unchanged"),
    )
    record(
        actor,
        "rules.loaded",
        None,
        data={
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "documents": len(documents),
            "rules": len(rules),
            "holidays": len(holidays),
            "files": [path.name for path in files],
        },
    )
    return summary


def rule_in_force(key: str, on: dt.date, scope: str | None = None) -> Rule:
    """The rule row that applies to `key` on the date `on`, for `scope` or else for every scope.

    Without a scope, the row for every scope (empty scope) applies, or the only row in force.
    """
    rows = list(
        Rule.objects.filter(key=key, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("legal_document")
    )
    wanted = scope or ""
    for candidate in (wanted, ""):
        matches = [row for row in rows if row.scope == candidate]
        if matches:
            return max(matches, key=lambda row: row.effective_from)
    if scope is None and len({row.scope for row in rows}) == 1:
        return max(rows, key=lambda row: row.effective_from)
    where = f", phạm vi '{scope}'" if scope else ""
    if scope is None and rows:
        raise NoRuleInForce(
            f"Quy định '{key}' có nhiều phạm vi vào ngày {on:%d/%m/%Y} "
            f"({', '.join(sorted({row.scope for row in rows}))}): hãy chỉ rõ phạm vi."
        )
    raise NoRuleInForce(f"Không có quy định '{key}'{where} có hiệu lực vào ngày {on:%d/%m/%Y}.")


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the last day of a shorter month (31/1 + 1 = 28 or 29/2)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start`, skipping weekends and Holiday rows."""
    holidays = set(
        Holiday.objects.filter(
            date__gt=start, date__lte=start + dt.timedelta(days=days * 2 + 60)
        ).values_list("date", flat=True)
    )
    current, left = start, days
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            left -= 1
    return current


def add_period(start: dt.date, rule: Rule) -> dt.date:
    """The deadline the rule sets from `start` (days, working days, calendar months or years)."""
    if rule.amount is None:
        raise ValueError(f"Quy định '{rule.key}' không có thời hạn ({rule.value}).")
    if rule.amount != rule.amount.to_integral_value():
        raise ValueError(f"Quy định '{rule.key}': thời hạn {rule.amount} không phải số nguyên.")
    amount = int(rule.amount)
    if rule.unit == Rule.Unit.DAYS:
        return start + dt.timedelta(days=amount)
    if rule.unit == Rule.Unit.WORKING_DAYS:
        return add_working_days(start, amount)
    if rule.unit == Rule.Unit.MONTHS:
        return add_months(start, amount)
    if rule.unit == Rule.Unit.YEARS:
        return add_months(start, 12 * amount)
    raise ValueError(
        f"Quy định '{rule.key}': đơn vị '{rule.get_unit_display()}' không phải thời hạn."
    )


def is_unconfirmed(rule: Rule) -> bool:
    """True for a default to verify (confidence S or U): shown as "chưa xác nhận"."""
    return rule.confidence != Confidence.CONFIRMED
