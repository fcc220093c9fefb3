#!/usr/bin/env python3
"""Install Chỉ đạo into ./.venv from the lockfile, then run the demo or the tests.

    python3 bin/bootstrap.py demo   # install, create the SQLite database, load the demo, serve it
    python3 bin/bootstrap.py test   # install with the development tools, run the whole test suite

Standard library only, so it runs on a fresh machine with nothing but Python 3.11+ and pip.
Installation is skipped when the lockfile has not changed since the last run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("CHIDAO_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCKS = {"demo": "requirements.lock", "test": "requirements-dev.lock"}


def say(message: str) -> None:
    print(f"[chidao] {message}", flush=True)


def ensure_installed(lock_name: str) -> None:
    lock = ROOT / lock_name
    digest = hashlib.sha256(lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes())
    stamp = VENV / f".installed-{lock.stem}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        say(f"Tạo môi trường ảo {VENV} …")
        venv.EnvBuilder(with_pip=True).create(VENV)
    python = str(BIN / "python")
    say(f"Cài đặt các gói theo {lock_name} …")
    pip = [python, "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, "-r", str(lock)], check=True, cwd=ROOT)
    # "compat" puts the checkout itself on sys.path, so a new app needs no reinstall.
    subprocess.run(
        [*pip, "--no-deps", "--config-settings", "editable_mode=compat", "-e", str(ROOT)],
        check=True,
        cwd=ROOT,
    )
    stamp.write_text(digest.hexdigest())


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs before anything is checked
        say("Cần Python 3.11 trở lên (Python 3.11+ is required).")
        return 2
    if len(argv) < 2 or argv[1] not in LOCKS:
        print(__doc__)
        return 2
    job, extra = argv[1], argv[2:]
    ensure_installed(LOCKS[job])
    os.chdir(ROOT)
    if job == "demo":
        command = [str(BIN / "chidao"), "demo", *extra]
    else:
        command = [str(BIN / "python"), "-m", "pytest", *extra]
    return subprocess.run(command).returncode


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except subprocess.CalledProcessError as error:
        say(f"Lệnh thất bại (mã {error.returncode}): {' '.join(map(str, error.cmd))}")
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)
