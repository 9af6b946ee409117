"""The package's version is written once, in ``mkdocs_postmortem/__init__.py``: the metadata
(pyproject.toml declares it dynamic, read from there), ``mkdocs-postmortem --version`` and the
generator of incidents.json read it, and no other file of the package or its documentation
writes it. The schema's version (``x-schema-version``) is another number, kept apart."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sites import ROOT

from mkdocs_postmortem import __version__
from mkdocs_postmortem.cli.commands import main

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

INIT = ROOT / "mkdocs_postmortem" / "__init__.py"


def test_the_version_is_written_in_the_package_only() -> None:
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+(?:[.-]?[a-z0-9.]+)?", __version__)
    assert re.findall(r'^__version__ = "([^"]+)"$', INIT.read_text("utf-8"), re.M) == [__version__]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["hatch"]["version"] == {"path": "mkdocs_postmortem/__init__.py"}
    files = [
        ROOT / "pyproject.toml",
        ROOT / "README.md",
        *sorted((ROOT / "docs").rglob("*.md")),
        *sorted((ROOT / "mkdocs_postmortem").rglob("*.py")),
        *sorted((ROOT / "mkdocs_postmortem").rglob("*.j2")),
    ]
    written = re.compile(rf"(?<![0-9.]){re.escape(__version__)}(?![0-9])")
    elsewhere = [
        str(path.relative_to(ROOT))
        for path in files
        if path != INIT and written.search(path.read_text("utf-8"))
    ]
    assert not elsewhere


def test_the_command_line_tells_the_package_version() -> None:
    result = CliRunner().invoke(main, ["--version"], prog_name="mkdocs-postmortem")
    assert result.exit_code == 0
    assert result.output == f"mkdocs-postmortem, version {__version__}\n"
