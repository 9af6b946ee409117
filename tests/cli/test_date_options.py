"""Date options in mkdocs.yml as the command line reads them: ``as_of: 2026-11-25`` unquoted, as
the docs write it, is a day; a day that does not exist is a setup error that says which and
where, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli.test_commands import run_cli
from cli.test_config_discovery import write

DATE_OPTIONS = ["as_of", "require_severity_from"]


def project(root: Path, option: str, written: str) -> Path:
    write(root / "docs" / "index.md", "# Docs\n")
    write(
        root / "mkdocs.yml",
        f"site_name: T\nplugins:\n  - postmortem:\n      {option}: {written}\n",
    )
    return root


@pytest.mark.parametrize("option", DATE_OPTIONS)
@pytest.mark.parametrize("written", ["2026-11-25", "'2026-11-25'", '"2026-11-25"'])
def test_a_yaml_date_is_a_day(tmp_path: Path, option: str, written: str) -> None:
    done = run_cli(project(tmp_path, option, written), "validate")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr


@pytest.mark.parametrize("option", DATE_OPTIONS)
@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "2026-13-45",
            "MkDocs encountered an error parsing the configuration file: '2026-13-45' is not a "
            'date: month must be in 1..12\n  in "<byte string>", line 4, column ',
        ),
        (
            "2026-02-30",
            "MkDocs encountered an error parsing the configuration file: '2026-02-30' is not a "
            'date: day is out of range for month\n  in "<byte string>", line 4, column ',
        ),
        ("'2026-13-45'", "postmortem: {option} must be a date YYYY-MM-DD, got '2026-13-45': month"),
        (
            "2026-11-25T10:00:00Z",
            "postmortem: {option} must be a date YYYY-MM-DD, got '2026-11-25 ",
        ),
        ("2026-1-5", "postmortem: {option} must be a date YYYY-MM-DD, got '2026-1-5'\n"),
        ("20261125", "postmortem plugin options: {option}: expected a date YYYY-MM-DD, got "),
    ],
)
def test_a_day_that_does_not_exist_is_a_setup_error(
    tmp_path: Path, option: str, written: str, message: str
) -> None:
    done = run_cli(project(tmp_path, option, written), "validate")
    config = tmp_path / "mkdocs.yml"
    assert done.returncode == 2
    assert done.stderr.startswith(f"Error: {config}: " + message.format(option=option)), done.stderr
    assert "Traceback" not in done.stderr
