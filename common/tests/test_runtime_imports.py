"""The product runs with requirements.lock alone: the demo command installs nothing else, so no
module outside the tests may import a development-only package when it is loaded."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_PARTS = {".venv", "tests", "bench", "build", "var", "node_modules"}
# Development tools whose import name differs from the name in the lock file.
IMPORT_NAMES = {"django-stubs-ext": "django_stubs_ext", "django-stubs": "django-stubs"}


def _packages(lock: Path) -> set[str]:
    names = set()
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==", line)
        if match:
            names.add(match.group(1).lower())
    return names


def _dev_only_modules() -> set[str]:
    dev_only = _packages(ROOT / "requirements-dev.lock") - _packages(ROOT / "requirements.lock")
    return {IMPORT_NAMES.get(name, name.replace("-", "_")) for name in dev_only}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """Top-level imports that run when the module loads (not under `if TYPE_CHECKING`)."""
    found: list[tuple[int, str]] = []

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append((node.lineno, node.module.split(".")[0]))
            elif isinstance(node, ast.If) and not _is_type_checking(node):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)

    visit(tree.body)
    return found


def test_no_product_module_needs_a_development_package_at_run_time() -> None:
    dev_only = _dev_only_modules()
    assert "django_stubs_ext" in dev_only and "pytest" in dev_only
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_PARTS & set(relative.parts) or relative.name.startswith("test_"):
            continue
        if relative.parts[0] == "bin" or relative.name == "conftest.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))
        offenders += [
            f"{relative}:{line} imports {module}"
            for line, module in _runtime_imports(tree)
            if module in dev_only
        ]
    assert offenders == [], "\n".join(offenders)
