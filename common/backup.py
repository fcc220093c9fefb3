"""Backup and restore of the whole database: SQLite's online backup, or pg_dump/pg_restore."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection


class BackupError(Exception):
    """A backup or restore that could not be done, with the reason in Vietnamese."""


def _pg_env_and_args(db: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    import os

    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["-h", str(db.get("HOST") or "localhost"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return env, args


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"Không tìm thấy lệnh {name}: hãy cài gói postgresql-client trên máy chủ này."
        )
    return found


def default_backup_path() -> Path:
    """A timestamped file under DATA_DIR/backups."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - local file name
    suffix = "sqlite3" if connection.vendor == "sqlite" else "pgdump"
    return Path(settings.DATA_DIR) / "backups" / f"chidao-{stamp}.{suffix}"


def backup(target: Path) -> Path:
    """Write a consistent copy of the database to `target` while the system keeps running."""
    db = settings.DATABASES["default"]
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        source = sqlite3.connect(str(db["NAME"]))
        try:
            copy = sqlite3.connect(str(target))
            with copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args(db)
        result = subprocess.run(
            [_tool("pg_dump"), *args, "-Fc", "--no-owner", "-f", str(target), str(db["NAME"])],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump thất bại: {result.stderr.strip()}")
    else:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")
    return target


def restore(source: Path) -> None:
    """Replace the database's content with a backup made by `backup` (stop the app first)."""
    if not source.exists():
        raise BackupError(f"Không tìm thấy tệp sao lưu {source}.")
    db = settings.DATABASES["default"]
    connection.close()
    if connection.vendor == "sqlite":
        try:
            backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            backup_db.execute("SELECT count(*) FROM django_migrations").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(
                f"Tệp {source} không phải bản sao lưu SQLite hợp lệ: {error}"
            ) from error
        live = sqlite3.connect(str(db["NAME"]))
        try:
            with live:
                backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args(db)
        result = subprocess.run(
            [
                _tool("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                str(db["NAME"]),
                str(source),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore thất bại: {result.stderr.strip()}")
    else:
        raise BackupError(f"Chưa hỗ trợ khôi phục cơ sở dữ liệu {connection.vendor}.")
