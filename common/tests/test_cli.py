"""The `chidao` console jobs, run as a person runs them: separate processes on a real database.

On SQLite each test uses a fresh file in a temporary folder; when the suite runs against
PostgreSQL (DATABASE_URL), it uses a scratch database created and dropped by the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("DATABASE_URL", "")


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["CHIDAO_DATA_DIR"] = str(tmp_path)
    if POSTGRES_URL.startswith("postgres"):
        import psycopg

        name = f"chidao_cli_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
        env["SECRET_KEY"] = "cli-test"
        try:
            yield env
        finally:
            with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield env


def chidao(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "config.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and result.returncode != 0:
        pytest.fail(f"chidao {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def usernames(env: dict[str, str]) -> str:
    return chidao(
        env,
        "shell",
        "-c",
        "from accounts.models import User; print(sorted(User.objects.values_list('username', flat=True)))",
    ).stdout


def test_createadmin_then_backup_and_restore_bring_the_data_back(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    chidao(cli_env, "migrate", "-v0")
    admin_env = {**cli_env, "CHIDAO_ADMIN_PASSWORD": "Mot-mat-khau-quan-tri-2025"}
    out = chidao(admin_env, "createadmin", "--username", "quantri").stdout
    assert "Đã tạo tài khoản quản trị “quantri”" in out
    backup_file = tmp_path / "saoluu.bak"
    out = chidao(cli_env, "backup", "--output", str(backup_file)).stdout
    assert "Đã sao lưu" in out and backup_file.stat().st_size > 0

    second_env = {**cli_env, "CHIDAO_ADMIN_PASSWORD": "Mat-khau-thu-hai-2025"}
    chidao(second_env, "createadmin", "--username", "nguoithuhai")
    assert "nguoithuhai" in usernames(cli_env)

    refused = chidao(cli_env, "restore", str(backup_file), check=False)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    chidao(cli_env, "restore", str(backup_file), "--yes")
    names = usernames(cli_env)
    assert "quantri" in names and "nguoithuhai" not in names


def test_createadmin_refuses_a_weak_password_in_vietnamese(cli_env: dict[str, str]) -> None:
    chidao(cli_env, "migrate", "-v0")
    result = chidao(
        {**cli_env, "CHIDAO_ADMIN_PASSWORD": "123"}, "createadmin", "--username", "x", check=False
    )
    assert result.returncode != 0
    assert "Không tạo được tài khoản" in result.stderr


def test_restore_of_a_missing_file_says_so(cli_env: dict[str, str], tmp_path: Path) -> None:
    chidao(cli_env, "migrate", "-v0")
    result = chidao(cli_env, "restore", str(tmp_path / "khong-co.bak"), "--yes", check=False)
    assert result.returncode != 0
    assert "Không tìm thấy tệp sao lưu" in result.stderr


def test_load_units_rejects_a_malformed_file_and_writes_nothing(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    chidao(cli_env, "migrate", "-v0")
    bad = tmp_path / "units.csv"
    bad.write_text(
        "key,tree,kind,code,name,parent_key,valid_from,valid_to,source\n"
        "p90,admin,province,90,Tỉnh Thử,,,,\n"
        "x1,admin,khong-ro,1,Xã Lạ,p90,,,\n",
        encoding="utf-8",
    )
    result = chidao(cli_env, "load-units", "--file", str(bad), check=False)
    assert result.returncode != 0
    assert "dòng 3" in result.stderr and "kind" in result.stderr
    count = chidao(
        cli_env, "shell", "-c", "from units.models import Unit; print(Unit.objects.count())"
    ).stdout.strip()
    assert count.endswith("0")
