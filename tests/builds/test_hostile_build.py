"""Hostile input in a real build: every bad file is a warning that --strict counts and is listed
on the archive health page, its neighbours are published, and nothing is written outside the
site. What each file is reported as is tested on the core in tests/core/test_hostile_input.py."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hostile_cases import (
    BAD_IDS,
    GOOD,
    HOSTILE,
    PUBLISHED_DESPITE,
    pages_of_parsed_files,
    unique_id,
)
from sites import Result, SiteBuilder, incident_yaml


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuilder:
    """One archive holding every hostile file beside a good one."""
    site = SiteBuilder(tmp_path_factory.mktemp("hostile") / "project")
    site.add("postmortems/good.yaml", GOOD)
    for n, (name, (content, _)) in enumerate(sorted(HOSTILE.items())):
        site.add(f"postmortems/{name}.yaml", unique_id(n, content))
    return site


@pytest.fixture(scope="module")
def hostile(hostile_site: SiteBuilder) -> tuple[Result, Result]:
    """The hostile archive built normally and strictly."""
    return hostile_site.build(), hostile_site.build(strict=True)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_reported_at_its_line(hostile: tuple[Result, Result], name: str) -> None:
    result, strict = hostile
    expected = f"docs/postmortems/{name}.yaml:{HOSTILE[name][1]}"
    assert any(w.startswith(expected) for w in result.warnings), (expected, result.warnings)
    health = result.text("postmortems/health/")
    assert f"docs/postmortems/{name}.yaml" in health
    assert strict.aborted


def test_neighbours_survive_every_hostile_file(hostile: tuple[Result, Result]) -> None:
    result, _ = hostile
    assert not result.aborted
    assert "Good neighbour" in result.text("postmortems/incidents/INC-GOOD/")
    home = result.text("postmortems/")
    blocked = len(HOSTILE) - len(PUBLISHED_DESPITE)
    assert f"{blocked} files with problems" in home
    pages = {p.name for p in (result.site / "postmortems" / "incidents").iterdir()}
    assert pages == {"INC-GOOD"} | pages_of_parsed_files()
    incident_html = "".join(
        p.read_text("utf-8") for p in (result.site / "postmortems" / "incidents").rglob("*.html")
    )
    assert "lol" not in incident_html and "os.system" not in incident_html


def test_validate_reports_every_hostile_file(
    hostile_site: SiteBuilder, hostile: tuple[Result, Result]
) -> None:
    """``mkdocs-postmortem validate`` runs the build's loader: the same line for every file, and
    no file stops it (a number or a date out of range once raised out of it)."""
    result, _ = hostile
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs_postmortem.cli", "validate"],
        cwd=hostile_site.root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    printed = sorted(line for line in done.stdout.splitlines() if line.startswith("docs/"))
    assert printed == sorted(w for w in result.warnings if w.startswith("docs/postmortems/"))
    for name, (_, expected) in HOSTILE.items():
        line = f"docs/postmortems/{name}.yaml:{expected}"
        assert any(p.startswith(line) for p in printed), (line, printed)


def test_ids_never_escape_or_pass_for_another(site: SiteBuilder) -> None:
    site.add("postmortems/good.yaml", GOOD)
    for n, bad in enumerate(BAD_IDS):
        site.add(f"postmortems/id-{n:02d}.yaml", incident_yaml(id=bad, title=f"Bad id {n}"))
    result = site.build()
    for n, bad in enumerate(BAD_IDS):
        assert any(
            w.startswith(f"docs/postmortems/id-{n:02d}.yaml:1:") and "id: " in w
            for w in result.warnings
        ), (bad, result.warnings)
    project = site.root.parent
    written = {p.relative_to(project) for p in project.rglob("*")}
    outside = [p for p in written if p.parts[0] != "project"]
    assert not outside, outside
    assert not any("escape" in str(p) for p in written)
    incidents = sorted(p.name for p in (result.site / "postmortems" / "incidents").iterdir())
    assert incidents == ["INC-GOOD"]
    assert site.build(strict=True).aborted
