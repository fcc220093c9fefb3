import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]


def test_workflow_imports_without_django() -> None:
    # STYLE §3: the workflow is plain Python; importing it must not pull Django in.
    completed = subprocess.run(
        [sys.executable, "-c", "import sys, oversight.workflow; sys.exit('django' in sys.modules)"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr or "oversight.workflow imported Django"
