"""`chidao load-criteria`: load the shipped criteria sets (or the files given)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from criteria.loading import CriteriaFileError, load_sets, set_files


class Command(BaseCommand):
    help = "Nạp các bộ tiêu chí (mặc định: các tệp trong criteria/frameworks/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="Tệp YAML bộ tiêu chí.")

    def handle(self, *args: Any, files: list[Path], **options: Any) -> None:
        try:
            summary = load_sets(files or set_files(), actor=None)
        except CriteriaFileError as error:
            raise CommandError("\n".join(error.errors) + "\nKhông nạp gì.") from error
        self.stdout.write(
            f"Đã nạp bộ tiêu chí: {summary.created} mới, {summary.new_versions} phiên bản mới, "
            f"{summary.unchanged} không đổi."
        )
