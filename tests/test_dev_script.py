"""`./dev`: which steps each command runs, read from its dry run (DEV_DRY_RUN=1 prints every
step instead of running it). The script is run for real, so its argument handling is what is
tested; nothing is installed and the suite is not run again from inside itself."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")

LINT = [".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy"]
FULL_SUITE = ".venv/bin/python -m pytest -n auto --dist loadfile"
WITH_COVERAGE = f"{FULL_SUITE} --cov --cov-report=term"


def dry_run(*command: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DEV_DRY_RUN": "1",
        "VENV": ".venv",
        # Should a step run for real after all, it stops at once instead of installing
        # packages or starting the suite again.
        "PYTHON": shutil.which("false") or "/bin/false",
    }
    return subprocess.run(
        ["bash", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )


def steps(*command: str) -> list[str]:
    result = dry_run(*command)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_test_with_arguments_runs_only_pytest_with_them() -> None:
    assert steps("dev", "test", "-k", "cli") == [
        "setup [test]",
        ".venv/bin/python -m pytest -k cli",
    ]


def test_test_alone_runs_everything_ci_runs() -> None:
    assert steps("dev", "test") == [
        "setup [test]",
        "ensure_chromium",
        "ensure_techdocs",
        *LINT,
        FULL_SUITE,
    ]


def test_ci_runs_the_whole_test_command() -> None:
    assert steps(".ci/run") == steps("dev", "test")


def test_coverage_runs_the_whole_suite_with_line_coverage() -> None:
    assert steps("dev", "coverage") == [
        "setup [test]",
        "ensure_chromium",
        "ensure_techdocs",
        WITH_COVERAGE,
    ]


def test_lint_runs_ruff_and_mypy_alone() -> None:
    assert steps("dev", "lint") == ["setup [test]", *LINT]


def test_build_and_serve_pass_their_arguments_to_mkdocs() -> None:
    assert steps("dev", "build", "-v")[-1] == ".venv/bin/mkdocs build --strict -v"
    assert steps("dev", "serve", "-a", "0.0.0.0:8000")[-1] == (
        "exec .venv/bin/mkdocs serve -a 0.0.0.0:8000"
    )


def test_no_command_prints_the_usage_from_the_header() -> None:
    result = dry_run("dev")
    assert result.returncode == 2
    for command in (
        "./dev build",
        "./dev serve",
        "./dev test ARGS",
        "./dev coverage",
        "./dev lint",
    ):
        assert command in result.stdout
    assert "#" not in result.stdout and "set -euo" not in result.stdout
