#!/usr/bin/env python3
"""Compile the translation catalogues (.po -> .mo) without GNU gettext, or check them.

    python bin/compile_messages.py          # write locale/*/LC_MESSAGES/django.mo
    python bin/compile_messages.py --check  # fail if a .mo is stale or a string is untranslated

Source strings are Vietnamese; each other language must translate every one of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def problems_of(po_path: Path) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    problems = [
        f"{po_path}: chưa dịch “{entry.msgid[:60]}”"
        for entry in catalogue
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        problems.append(f"{mo_path}: chưa biên dịch")
    else:
        compiled = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(mo_path))
        }
        wanted = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
            for e in catalogue
            if e.translated() and not e.obsolete
        }
        if compiled.keys() != wanted.keys() or any(compiled[k] != wanted[k] for k in wanted):
            problems.append(
                f"{mo_path}: cũ so với {po_path.name}, hãy chạy bin/compile_messages.py"
            )
    return problems


def main(argv: list[str]) -> int:
    catalogues = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
    if "--check" in argv:
        problems = [problem for po in catalogues for problem in problems_of(po)]
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    for po in catalogues:
        polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
        print(f"compiled {po.with_suffix('.mo')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
