"""`chidao demo`: create the database, load the demo, print the logins and serve it."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from common import formats
from demo.services import build_demo


class Command(BaseCommand):
    help = "Tạo cơ sở dữ liệu, nạp dữ liệu minh họa, in tài khoản đăng nhập và chạy máy chủ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Chỉ nạp dữ liệu, không chạy máy chủ."
        )
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, no_serve: bool, host: str, port: int, **options: Any) -> None:
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        summary = build_demo()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Dữ liệu minh họa sẵn sàng ({formats.number(seconds, 1)} giây): "
            f"{summary.units_created} đơn vị, {summary.links_created} liên kết kế tục, "
            f"{summary.users_created} tài khoản mới."
        )
        self.stdout.write("Tài khoản minh họa (tên đăng nhập / mật khẩu — vai trò tại đơn vị):")
        for username, password, role, unit in summary.logins:
            self.stdout.write(f"  {username:<15} / {password}  — {role} tại {unit}")
        if not no_serve:
            call_command("serve", host=host, port=port)
