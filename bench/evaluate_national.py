"""Benchmark: every commune of the pre-2025 list × 5 years judged against one commune set.

    .venv/bin/python bench/evaluate_national.py                 # SQLite file in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/evaluate_national.py

Run by hand, outside the test suite. On PostgreSQL it creates and drops a scratch database
`chidao_bench_evaluate`; on SQLite the temporary folder is removed at the end. It loads the
2025-01-04 unit list (10,051 communes, wards and townships), creates an illustrative complete set
(every indicator of xa-ntm-2021-2025 with a made-up, usable threshold), generates values with
random.Random(SEED), loads them, then times:

- the floor: reading the same values from the database into Python dicts, nothing else;
- the evaluation: criteria.batch.assess_in_bulk (read + evaluate + store Assessments);
- the evaluation again, when every Assessment already exists (upsert);

the floor and the upsert several times (--repeat), the fastest run counting,

and prints the wall time of each phase, results per second, the ratio evaluation / floor and
the peak memory (tracemalloc peak of a traced evaluation run, and getrusage maxrss of the process).
Targets: peak memory under 1 GiB, evaluation at most 3 × the floor.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("DATABASE_URL", "")
SCRATCH = "chidao_bench_evaluate"
SEED = 20250104
YEARS = range(2021, 2026)
SET_ID = "bench-xa-ntm-minh-hoa-2021-2025"
REGIONS = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")

if BASE_URL.startswith("postgres"):
    import psycopg

    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{SCRATCH}"')
    os.environ["DATABASE_URL"] = BASE_URL.rsplit("/", 1)[0] + "/" + SCRATCH
    os.environ.setdefault("SECRET_KEY", "bench")
else:
    os.environ["CHIDAO_DATA_DIR"] = tempfile.mkdtemp(prefix="chidao-bench-evaluate-")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from criteria.batch import assess_in_bulk, fewer_collections, iter_unit_values  # noqa: E402
from criteria.engine import Framework, framework_from_dict  # noqa: E402
from criteria.loading import FRAMEWORKS_DIR, content_hash, read_set_file  # noqa: E402
from criteria.models import Assessment, CriteriaSet, SetVersion  # noqa: E402
from monitoring.models import IndicatorValue, ValueSheet  # noqa: E402
from units.loading import load_national_divisions  # noqa: E402
from units.models import Unit  # noqa: E402

PHASES: list[tuple[str, float]] = []


def timed(label: str, func: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - started
    PHASES.append((label, seconds))
    print(f"{label}: {seconds:.1f} s", flush=True)
    return result


def mib(size: float) -> str:
    return f"{size / 2**20:,.0f} MiB"


# The illustrative set ------------------------------------------------------------------------


def illustrative_content(rng: random.Random) -> dict[str, Any]:
    """xa-ntm-2021-2025 with a made-up, usable threshold on every indicator (illustrative)."""
    content = copy.deepcopy(read_set_file(FRAMEWORKS_DIR / "xa-ntm-2021-2025.yaml"))
    content["set_id"] = SET_ID
    content["title"] = "Bộ tiêu chí xã NTM 2021–2025 – ngưỡng minh họa cho benchmark"
    content["illustrative"] = True
    content["completeness"] = "illustrative"
    for criterion in content["criteria"]:
        for indicator in criterion["indicators"]:
            if indicator.get("name") is None and indicator.get("name_en") is None:
                continue  # a placeholder slot: the engine skips it, so it gets no threshold
            indicator.pop("conflicts", None)
            indicator["threshold_status"] = "illustrative"
            value_type = indicator.get("value_type")
            if value_type == "boolean":
                required = (indicator.get("threshold") or {}).get("general")
                indicator["comparator"] = "eq"
                indicator["threshold"] = {
                    "regional_variation": "none",
                    "general": required if isinstance(required, bool) else True,
                }
            elif value_type == "money_per_year":
                base = {region: 40 + rng.randint(0, 25) for region in REGIONS}
                indicator["comparator"] = "gte"
                indicator["threshold"] = {
                    "regional_variation": "by_region",
                    "by_year": {
                        str(year): {
                            "by_region": {
                                region: round(value * 1.08 ** (year - YEARS[0]), 1)
                                for region, value in base.items()
                            }
                        }
                        for year in YEARS
                    },
                }
            else:
                comparator = indicator.get("comparator") or "gte"
                indicator["comparator"] = comparator
                if comparator == "lte":
                    by_region = {region: rng.randint(3, 15) for region in REGIONS}
                elif value_type == "percent":
                    by_region = {region: rng.randint(60, 100) for region in REGIONS}
                else:
                    by_region = {region: rng.randint(2, 10) for region in REGIONS}
                indicator["value_type"] = value_type or "number"
                indicator["threshold"] = {"regional_variation": "by_region", "by_region": by_region}
    return content


def create_set(content: dict[str, Any]) -> SetVersion:
    criteria_set = CriteriaSet.objects.create(
        set_id=SET_ID,
        title=content["title"],
        level=CriteriaSet.Level.XA_NTM,
        unit_type="xa",
        start_year=YEARS[0],
        end_year=YEARS[-1],
        is_illustrative=True,
        source_file="bench/evaluate_national.py",
    )
    return SetVersion.objects.create(
        criteria_set=criteria_set,
        number=1,
        status=SetVersion.Status.PUBLISHED,
        content=content,
        content_hash=content_hash(content),
        note="Ngưỡng minh họa cho benchmark, không phải số liệu chính thức.",
        published_at=timezone.now(),
    )


# Values ----------------------------------------------------------------------------------------


def value_for(
    indicator: Any, region: str, year: int, passes: bool, rng: random.Random
) -> dict[str, Any] | None:
    """One made-up value on the side of the threshold that `passes` says (None: not entered)."""
    if rng.random() < 0.002:
        return None
    if indicator.optional and rng.random() < 0.3:
        return {"not_applicable": True}
    threshold = indicator.threshold
    if indicator.is_boolean:
        return {"flag": threshold.general if passes else not threshold.general}
    if threshold.by_year:
        threshold = threshold.by_year[year]
    target = float(threshold.by_region[region])
    spread = abs(rng.gauss(0, max(target * 0.08, 1.0)))
    above = (indicator.comparator == "lte") != passes
    number = target + spread if above else target - spread - 0.01
    if indicator.value_type == "percent":
        number = min(100.0, number)
    return {"number": Decimal(f"{max(0.0, number):.2f}")}


def load_values(framework: Framework, communes: list[tuple[int, str]]) -> int:
    """Sheets and values of every commune and year.

    A benchmark fixture: written with bulk_create for speed, not through monitoring.services
    (which checks and audits each change, one sheet at a time, as a person enters them).
    """
    rng = random.Random(SEED)
    indicators = framework.indicators
    written = 0
    chunk = 1000
    with transaction.atomic():
        for year in YEARS:
            for start in range(0, len(communes), chunk):
                part = communes[start : start + chunk]
                sheets = ValueSheet.objects.bulk_create(
                    [ValueSheet(unit_id=unit_id, year=year) for unit_id, _region in part]
                )
                values = []
                for sheet, (_unit_id, region) in zip(sheets, part, strict=True):
                    # About a third of the communes meet nearly everything, the others miss more.
                    quality = 0.996 if rng.random() < 0.35 else 0.93
                    for indicator in indicators:
                        passes = rng.random() < quality
                        fields = value_for(indicator, region, year, passes, rng)
                        if fields is not None:
                            values.append(
                                IndicatorValue(sheet=sheet, code=indicator.code, **fields)
                            )
                IndicatorValue.objects.bulk_create(values, batch_size=5000)
                written += len(values)
    return written


# Phases ----------------------------------------------------------------------------------------


def read_floor() -> int:
    """The floor: the values of every year read into dicts, as the evaluation reads them
    (with the same garbage-collector settings, so that the two are compared fairly)."""
    count = 0
    with fewer_collections():
        for year in YEARS:
            by_unit = dict(iter_unit_values(year))
            count += sum(len(values) for values in by_unit.values())
            del by_unit
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N communes (trial)")
    parser.add_argument("--no-trace", action="store_true", help="skip the traced run")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the evaluation here")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the floor and the upsert")
    options = parser.parse_args()

    print(f"database: {connection.vendor}", flush=True)
    call_command("migrate", verbosity=0)
    timed("load the national unit lists", lambda: load_national_divisions(actor=None))
    communes_qs = Unit.objects.filter(
        tree=Unit.Tree.ADMINISTRATIVE, level=Unit.Level.COMMUNE, key__endswith="@2025-01-04"
    ).order_by("key")
    if options.limit:
        communes_qs = Unit.objects.filter(
            pk__in=list(communes_qs.values_list("pk", flat=True)[: options.limit])
        )
    communes = list(communes_qs.order_by("key").values_list("pk", "region"))
    print(f"communes (pre-2025 list): {len(communes):,}")

    content = illustrative_content(random.Random(SEED))
    version = create_set(content)
    framework = framework_from_dict(content)
    usable = sum(1 for indicator in framework.indicators if indicator.threshold is not None)
    print(
        f"set {SET_ID} (illustrative): {len(framework.criteria)} criteria, "
        f"{len(framework.indicators)} indicators, {usable} with a usable threshold"
    )
    values = timed(
        "generate and load the values (bulk_create fixture)",
        lambda: load_values(framework, communes),
    )
    print(f"values stored: {values:,} in {len(communes) * len(YEARS):,} sheets")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a database would have in service

    # The machine may be shared: the floor and the upsert are timed several times and the
    # fastest run counts, as the least disturbed.
    floors = []
    for run in range(1, options.repeat + 1):
        read = timed(f"floor: read the values into dicts (run {run})", read_floor)
        assert read == values, (read, values)
        floors.append(PHASES[-1][1])
    floor = min(floors)

    def evaluate() -> Any:
        return assess_in_bulk(version, years=YEARS, units=communes_qs, actor=None)

    if options.profile:
        import cProfile

        profiler = cProfile.Profile()
        summary = timed(
            "evaluation (read + evaluate + store), profiled", lambda: profiler.runcall(evaluate)
        )
        profiler.dump_stats(str(options.profile))
    else:
        summary = timed("evaluation: read + evaluate + store Assessments (insert)", evaluate)
    first = PHASES[-1][1]
    stored = Assessment.objects.filter(set_version=version).count()
    assert stored == summary.assessments == len(communes) * len(YEARS), (stored, summary)
    upserts = []
    for run in range(1, options.repeat + 1):
        timed(f"evaluation again, every Assessment exists: upsert (run {run})", evaluate)
        upserts.append(PHASES[-1][1])
    second = min(upserts)

    traced_peak = None
    if not options.no_trace:
        tracemalloc.start()
        timed("evaluation traced by tracemalloc (slower, for memory only)", evaluate)
        traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux

    met = Assessment.objects.filter(set_version=version, status="dat").count()
    unit_years = summary.unit_years
    print(f"results: {unit_years:,} unit-years, {summary.assessments:,} assessments, {met:,} đạt")
    print(f"floor: {floor:.1f} s (fastest of {len(floors)})")
    print(
        f"results per second: {unit_years / first:,.0f} (insert), "
        f"{unit_years / second:,.0f} (upsert, fastest of {len(upserts)})"
    )
    print(
        f"ratio evaluation / floor: {first / floor:.2f} (insert), {second / floor:.2f} (upsert); "
        "target ≤ 3"
    )
    if traced_peak is not None:
        print(f"peak memory, tracemalloc (evaluation): {mib(traced_peak)}")
    print(f"peak memory, maxrss (whole process): {mib(maxrss)}; target < 1 GiB")
    print(
        "reproduce: .venv/bin/python bench/evaluate_national.py  "
        "(prefix DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres for PostgreSQL)"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if BASE_URL.startswith("postgres"):
            with psycopg.connect(BASE_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')
        else:
            shutil.rmtree(os.environ["CHIDAO_DATA_DIR"], ignore_errors=True)  # ~400 MB
