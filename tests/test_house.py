"""A test module or a conftest is imported by pytest alone. Importing one from another module runs
it a second time under another name: its fixtures are registered twice, a conftest's hooks and
fixtures reach tests outside its folder, and a test module's tests are collected again wherever
it is imported. What two modules share lives in a helper module named for what it holds
(tests/city.py, tests/fakes/stripe_server.py, tests/grants/stripe_grants.py, ...)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pytest_module_imports(source: str, package: list[str]) -> list[str]:
    """The test modules and conftests a module imports, relative imports resolved against its
    package, and each name taken from a package counted too, as it may itself be a module
    (`from tests.home import test_pages`)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names += [module, *(f"{module}.{alias.name}" for alias in node.names)]
    return [
        name
        for name in names
        if name.rsplit(".", 1)[-1] == "conftest" or name.rsplit(".", 1)[-1].startswith("test_")
    ]


def test_no_module_imports_a_test_module_or_a_conftest():
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for folder in ("tests", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name in pytest_module_imports(
            path.read_text(), list(path.relative_to(ROOT).parent.parts)
        )
    ]
    assert found == []


def test_the_scan_finds_absolute_relative_and_package_imports_of_them():
    source = (
        "from tests.conftest import PASSWORD\n"
        "from .test_pages import LEGAL_URLS\n"
        "from .. import conftest\n"
        "import tests.grants.test_payment_runs\n"
        "from tests.grants.stripe_grants import ready_grants\n"
    )
    assert pytest_module_imports(source, ["tests", "home"]) == [
        "tests.conftest",
        "tests.home.test_pages",
        "tests.conftest",
        "tests.grants.test_payment_runs",
    ]
