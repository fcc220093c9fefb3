"""`chidao evaluate`: judge a CSV of indicator values against one criteria set, write the results.

    chidao evaluate --set xa-ntm-2021-2025 --input values.csv --output results.json [--format csv]

The rules (columns, numbers, units, the chain of levels) are in criteria/batch.py and the README.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from criteria.batch import (
    FORMATS,
    BatchError,
    evaluate_file,
    format_for,
    summary_line,
    write_report,
)


class Command(BaseCommand):
    help = (
        "Đánh giá hàng loạt: đọc tệp CSV số liệu (unit, region, group, year, indicator, value), "
        "đánh giá theo một bộ tiêu chí và ghi kết quả ra tệp JSON hoặc CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--set",
            dest="set_id",
            required=True,
            help="Mã bộ tiêu chí đã nạp (ví dụ xa-ntm-2021-2025); dùng phiên bản ban hành mới nhất.",
        )
        parser.add_argument(
            "--input", type=Path, required=True, help="Tệp CSV số liệu (UTF-8, dấu , hoặc ;)."
        )
        parser.add_argument("--output", type=Path, required=True, help="Tệp kết quả.")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="json hoặc csv (mặc định: csv nếu tệp kết quả có đuôi .csv, còn lại json).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        output: Path = options["output"]
        if not output.resolve().parent.is_dir():
            raise CommandError(f"Không có thư mục {output.resolve().parent} để ghi tệp kết quả.")
        try:
            report = evaluate_file(options["set_id"], options["input"])
        except BatchError as error:
            raise CommandError(
                "\n".join(
                    [*error.errors, "Không ghi tệp kết quả: hãy sửa các dòng trên rồi chạy lại."]
                )
            ) from error
        write_report(report, output, format_for(output, options["format"]))
        self.stdout.write(summary_line(report, time.perf_counter() - started))
