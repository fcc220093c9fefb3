"""`chidao expire-discipline`: end the effect of discipline decisions past their expiry (§5.7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from oversight.services.discipline import expire_decisions


class Command(BaseCommand):
    help = (
        "Chấm dứt hiệu lực các quyết định kỷ luật đã quá thời hạn tự động hết hiệu lực "
        "(chạy hằng đêm)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Ngày xét (YYYY-MM-DD); mặc định hôm nay.")

    def handle(self, *args: Any, date: str | None = None, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"Ngày '{date}' không hợp lệ (dạng YYYY-MM-DD).") from error
        expired = expire_decisions(today, actor=None)
        self.stdout.write(
            f"Đã chấm dứt hiệu lực {len(expired)} quyết định kỷ luật ({today:%d/%m/%Y})."
        )
