"""`chidao send-reminders [--date YYYY-MM-DD] [--before-days N]`: e-mail task reminders once.

Meant to run once a day from cron or a systemd timer, for example

    15 7 * * *  chidao send-reminders

on ONE server only: with several application servers, schedule it on one of them. The
one-reminder-per-task-and-deadline rule is kept by a database constraint, so an accidental
second run sends nothing, but one scheduled server keeps the mail log in one place.
`--date` replays a given day (after an outage, or to test); the default is today in the
server's time zone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from common.formats import long_date
from plans.services.tasks import send_reminders


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ, hãy viết YYYY-MM-DD: {text}") from None


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc: một lần trước thời hạn và một lần khi quá hạn cho mỗi nhiệm vụ "
        "chưa hoàn thành. Chạy mỗi ngày một lần, trên một máy chủ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=str,
            default=None,
            help="Ngày tính nhắc việc (YYYY-MM-DD), mặc định hôm nay.",
        )
        parser.add_argument(
            "--before-days",
            type=int,
            default=3,
            help="Nhắc trước thời hạn bao nhiêu ngày (mặc định 3).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["date"]) if options["date"] else timezone.localdate()
        if options["before_days"] < 0:
            raise CommandError("Số ngày nhắc trước không được âm.")
        sent = send_reminders(today, before_days=options["before_days"])
        self.stdout.write(f"Đã gửi {sent} thư nhắc việc {long_date(today)}.")
