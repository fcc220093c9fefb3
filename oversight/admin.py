"""Read-only admin of the rules register: changes come from the data files via `chidao load-rules`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from common.admin import ReadOnlyAdmin
from oversight.models import Holiday, LegalDocument, Rule
from oversight.rules import UNCONFIRMED_LABEL, is_unconfirmed


@admin.register(LegalDocument)
class LegalDocumentAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "issuer", "issued_on", "status", "confidence")
    list_filter = ("status", "confidence", "issuer")
    search_fields = ("code", "title")


@admin.register(Rule)
class RuleAdmin(ReadOnlyAdmin):
    list_display = (
        "key",
        "scope",
        "value",
        "unit",
        "effective_from",
        "effective_to",
        "legal_document",
        "confidence",
        "confirmation",
    )
    list_filter = ("confidence", "unit", "level")
    search_fields = ("key", "scope", "note")
    list_select_related = ("legal_document",)

    @admin.display(description="Xác nhận")
    def confirmation(self, rule: Rule) -> str:
        return UNCONFIRMED_LABEL if is_unconfirmed(rule) else "đã xác nhận"


@admin.register(Holiday)
class HolidayAdmin(ReadOnlyAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "title": (
                "Ngày nghỉ lễ — chỉ có các ngày lễ dương lịch cố định (1/1, 30/4, 1/5, 2/9). "
                "Tết Nguyên đán, Giỗ Tổ Hùng Vương và ngày nghỉ bù được công bố hằng năm: "
                "quản trị viên phải bổ sung mỗi năm vào oversight/data/holidays.yaml "
                "rồi chạy `chidao load-rules`."
            ),
        }
        return super().changelist_view(request, extra_context)
