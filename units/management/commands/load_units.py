"""`chidao load-units`: load the national divisions, or a units file of one's own."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from units.loading import LoadSummary, UnitFileError, load_national_divisions, load_unit_files


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def summary_line(summary: LoadSummary, seconds: float) -> str:
    """The one line that tells what the load did, in Vietnamese number format."""
    duration = f"{seconds:.1f}".replace(".", ",")
    return (
        f"Đã nạp đơn vị: {_number(summary.created)} mới, {_number(summary.updated)} cập nhật, "
        f"{_number(summary.unchanged)} không đổi, {_number(summary.closed)} đóng lại, "
        f"{_number(summary.links)} liên kết kế tục ({duration} giây)."
    )


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính trước và sau sắp xếp 2025 (mặc định), "
        "hoặc tệp đơn vị riêng với --file và --successions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            help="Tệp CSV đơn vị (key,tree,kind,code,name,parent_key,valid_from,valid_to,source).",
        )
        parser.add_argument(
            "--successions",
            type=Path,
            help="Tệp CSV liên kết kế tục "
            "(predecessor_key,successor_key,kind,effective_on,basis,is_confirmed,note).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            if options["file"] or options["successions"]:
                summary = load_unit_files(options["file"], options["successions"], actor=None)
            else:
                summary = load_national_divisions(actor=None)
        except UnitFileError as error:
            raise CommandError(
                "\n".join([*error.errors, "Không nạp gì: cơ sở dữ liệu giữ nguyên."])
            ) from error
        self.stdout.write(summary_line(summary, time.perf_counter() - started))
