"""`chidao restore FILE --yes`: put a backup back; the app servers must be stopped first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ tệp sao lưu. Dữ liệu hiện có sẽ bị thay thế."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp sao lưu do `chidao backup` tạo.")
        parser.add_argument(
            "--yes", action="store_true", help="Xác nhận thay thế toàn bộ dữ liệu hiện có."
        )

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError(
                "Khôi phục sẽ thay thế toàn bộ dữ liệu hiện có. Dừng các máy chủ ứng dụng, "
                "rồi chạy lại với --yes để xác nhận."
            )
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã khôi phục dữ liệu từ {file}.")
