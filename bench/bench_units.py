"""Benchmark: loading the national unit lists, and the unit pages under a province scope.

    .venv/bin/python bench/bench_units.py                 # SQLite file in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_units.py

On PostgreSQL it creates and drops a scratch database `chidao_bench`. Prints each figure.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("DATABASE_URL", "")
SCRATCH = "chidao_bench"

if BASE_URL.startswith("postgres"):
    import psycopg

    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{SCRATCH}"')
    os.environ["DATABASE_URL"] = BASE_URL.rsplit("/", 1)[0] + "/" + SCRATCH
    os.environ.setdefault("SECRET_KEY", "bench")
else:
    os.environ["CHIDAO_DATA_DIR"] = tempfile.mkdtemp(prefix="chidao-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from units.models import Unit  # noqa: E402


def timed(label: str, func) -> float:
    started = time.perf_counter()
    func()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s")
    return seconds


def main() -> None:
    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    from units.loading import load_national_divisions

    timed("first national load (14k units, links)", lambda: load_national_divisions(actor="bench"))
    print(f"units stored: {Unit.objects.count():,}")
    timed(
        "second national load (idempotent, nothing changes)",
        lambda: load_national_divisions(actor="bench"),
    )

    from demo.services import build_demo

    timed("demo on top", build_demo)
    client = Client()
    client.login(username="quantri", password="chidao-demo-2025")
    province = Unit.objects.get(key="p37")
    pages = {
        "tree page (province scope)": "/units/",
        "tree as of 2023-06-30": "/units/?on=2023-06-30",
        "children of Ninh Bình (129 communes)": f"/units/{province.pk}/children/?on=2025-07-01",
        "search 'Bình'": "/units/?q=B%C3%ACnh",
        "unit detail (Ninh Bình)": f"/units/{province.pk}/",
    }
    for label, url in pages.items():
        samples = []
        for _ in range(20):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label}: median {statistics.median(samples):.1f} ms, max {max(samples):.1f} ms (20 requests)"
        )
    print(
        "reproduce: .venv/bin/python bench/bench_units.py  (prefix DATABASE_URL=… for PostgreSQL)"
    )
    if BASE_URL.startswith("postgres"):
        connection.close()
        with psycopg.connect(BASE_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


if __name__ == "__main__":
    main()
