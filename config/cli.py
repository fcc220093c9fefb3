"""`chidao`: the product's console command.

It is Django's manage.py with the product's jobs spelled as a person would type them:
`chidao demo`, `chidao serve`, `chidao load-units`, `chidao createadmin`, `chidao backup`,
`chidao restore`. Every other Django command (migrate, shell, …) passes through unchanged.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
