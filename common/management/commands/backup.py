"""`chidao backup [--output FILE]`: a consistent copy of the database, taken while running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.backup import BackupError, backup, default_backup_path


class Command(BaseCommand):
    help = "Sao lưu toàn bộ cơ sở dữ liệu (SQLite hoặc PostgreSQL) ra một tệp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Tệp đích (mặc định var/backups/…).")

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        try:
            path = backup(output or default_backup_path())
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã sao lưu vào {path} ({path.stat().st_size:,} byte).".replace(",", ".")
        )
