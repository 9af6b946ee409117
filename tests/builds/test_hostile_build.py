"""Hostile input in a real build: every bad file is a warning that --strict counts and is listed
on the archive health page, its neighbours are published, and nothing is written outside the
site. What each file is reported as is tested on the core in tests/core/test_hostile_input.py."""

from __future__ import annotations

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
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Result]:
    """One archive holding every hostile file beside a good one, built normally and strictly."""
    site = SiteBuilder(tmp_path_factory.mktemp("hostile") / "project")
    site.add("postmortems/good.yaml", GOOD)
    for n, (name, (content, _)) in enumerate(sorted(HOSTILE.items())):
        site.add(f"postmortems/{name}.yaml", unique_id(n, content))
    return site.build(), site.build(strict=True)


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
