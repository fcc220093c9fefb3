"""The unit and period picker shared by every page.

Any page accepts `?unit=<id>&on=<yyyy-mm-dd>&period=<key>`; the choice is kept in the
session so the next page opens on the same unit and period. A unit outside the user's
scope is ignored rather than shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation

from common.periods import Period, periods_for_picker


@dataclass
class PagePicker:
    unit_id: int | None = None
    on: dt.date = field(default_factory=lambda: timezone.localdate())
    period: Period = field(default_factory=lambda: Period("year", timezone.localdate().year))
    errors: list[str] = field(default_factory=list)
    on_chosen: bool = False

    @property
    def unit(self):
        """The chosen unit, looked up once and only when a page asks for it."""
        if not hasattr(self, "_unit"):
            from units.models import Unit

            self._unit = Unit.objects.filter(pk=self.unit_id).first() if self.unit_id else None
        return self._unit

    @property
    def periods(self) -> list[Period]:
        """The usual choices, and the chosen period when a page asked for an older one."""
        choices = periods_for_picker(timezone.localdate())
        return choices if self.period in choices else [self.period, *choices]


def _parse_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    return None


class ScopeMiddleware:
    SESSION_KEY = "chidao_picker"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.picker = self.picker_for(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    def picker_for(self, request: HttpRequest) -> PagePicker:
        picker = PagePicker()
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return picker
        stored = request.session.get(self.SESSION_KEY, {})
        unit_text = request.GET.get("unit", stored.get("unit", ""))
        # A chosen day stays chosen until cleared; otherwise every page shows today.
        on_text = request.GET.get("on", stored.get("on", ""))
        period_text = request.GET.get("period", stored.get("period", ""))
        if unit_text:
            from accounts.queries import units_visible_to

            if str(unit_text).isdigit() and units_visible_to(user).filter(pk=unit_text).exists():
                picker.unit_id = int(unit_text)
            elif "unit" in request.GET:
                picker.errors.append(
                    "Đơn vị đã chọn không có hoặc nằm ngoài phạm vi được phân quyền."
                )
        if on_text:
            on = _parse_date(str(on_text))
            if on is None:
                picker.errors.append(
                    f"Ngày “{on_text}” không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 18/09/2023."
                )
            else:
                picker.on = on
                picker.on_chosen = True
        if period_text:
            try:
                picker.period = Period.parse(str(period_text))
            except ValueError as error:
                picker.errors.append(str(error))
        if picker.unit_id is None:
            from accounts.models import RoleAssignment

            first = RoleAssignment.objects.filter(user=user).order_by("unit__level", "pk").first()
            picker.unit_id = first.unit_id if first else None
        request.session[self.SESSION_KEY] = {
            "unit": picker.unit_id or "",
            "on": picker.on.isoformat() if picker.on_chosen else "",
            "period": picker.period.key,
        }
        return picker


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose another language; the browser's language is ignored.

    Officials often use browsers set to English; the product still speaks Vietnamese to them
    until they pick English in the menu (which sets the language cookie).
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
