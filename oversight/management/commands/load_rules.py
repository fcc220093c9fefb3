"""`chidao load-rules`: load the legal basis register, the rules and the holidays (or the files given)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oversight.rules import RulesFileError, load_rules


class Command(BaseCommand):
    help = (
        "Nạp sổ văn bản căn cứ, bảng quy định và ngày nghỉ lễ "
        "(mặc định: các tệp trong oversight/data/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="*", type=Path, help="Tệp YAML văn bản, quy định, ngày lễ."
        )

    def handle(self, *args: Any, files: list[Path], **options: Any) -> None:
        try:
            summary = load_rules(files or None, actor=None)
        except RulesFileError as error:
            raise CommandError("\n".join(error.errors) + "\nKhông nạp gì.") from error
        self.stdout.write(
            f"Đã nạp quy định: {summary.created} mới, {summary.updated} cập nhật, "
            f"{summary.unchanged} không đổi."
        )
