"""`chidao createadmin`: open a system administrator account (superuser)."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import services


class Command(BaseCommand):
    help = (
        "Tạo tài khoản quản trị hệ thống. Mật khẩu lấy từ CHIDAO_ADMIN_PASSWORD hoặc hỏi trực tiếp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="Tên đăng nhập.")
        parser.add_argument("--email", default="", help="Thư điện tử.")
        parser.add_argument("--full-name", default="", help="Họ và tên.")

    def handle(self, *args: Any, username: str, email: str, full_name: str, **options: Any) -> None:
        password = os.environ.get("CHIDAO_ADMIN_PASSWORD") or ""
        if not password:
            if not os.isatty(0):
                raise CommandError("Chưa có mật khẩu: đặt biến môi trường CHIDAO_ADMIN_PASSWORD.")
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
        try:
            services.create_user(
                actor=None,
                username=username,
                password=password,
                email=email,
                full_name=full_name,
                is_superuser=True,
            )
        except ValidationError as error:
            messages = [
                f"{field}: {message}"
                for field, errors in error.message_dict.items()
                for message in errors
            ]
            raise CommandError("Không tạo được tài khoản:\n" + "\n".join(messages)) from error
        self.stdout.write(f"Đã tạo tài khoản quản trị “{username}”.")
