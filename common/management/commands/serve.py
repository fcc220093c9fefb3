"""`chidao serve`: serve the application with waitress (a production-grade WSGI server)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Chạy máy chủ ứng dụng (waitress) tại địa chỉ và cổng đã chọn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe.")
        parser.add_argument("--port", type=int, default=8000, help="Cổng lắng nghe.")
        parser.add_argument("--threads", type=int, default=8, help="Số luồng xử lý.")

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        from waitress import serve  # type: ignore[import-untyped]

        call_command("collectstatic", interactive=False, verbosity=0)
        from config.wsgi import application  # after collectstatic: whitenoise indexes the files

        self.stdout.write(f"Chỉ đạo đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng).")
        serve(application, host=host, port=port, threads=threads, ident="chidao")
