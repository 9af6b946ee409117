"""Hostile input through the core: every bad file is reported at its line, within bounded time
and memory, and its neighbours are still published. What only a build shows (the warning that
--strict counts, files written on disk, the pages as HTML) is in tests/builds/test_hostile_build.py."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import Archive, incident_yaml
from hostile_cases import (
    BAD_IDS,
    GOOD,
    HEAD,
    HOSTILE,
    PUBLISHED_DESPITE,
    WRONG_TYPES,
    long_timeline,
    pages_of_parsed_files,
    relation,
    unique_id,
)

from mkdocs_postmortem.core.discover import source_for
from mkdocs_postmortem.core.load import Loader
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.pipeline import Result


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """One archive holding every hostile file beside a good one."""
    archive = Archive(tmp_path_factory.mktemp("hostile") / "project")
    archive.add("good.yaml", GOOD)
    for n, (name, (content, _)) in enumerate(sorted(HOSTILE.items())):
        archive.add(f"{name}.yaml", unique_id(n, content))
    return archive.run()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_reported_at_its_line(hostile: Result, name: str) -> None:
    expected = f"docs/postmortems/{name}.yaml:{HOSTILE[name][1]}"
    problems = [str(p) for p in hostile.archive.problems]
    assert any(p.startswith(expected) for p in problems), (expected, problems)


def test_neighbours_survive_every_hostile_file(hostile: Result) -> None:
    assert [i.id for i in hostile.archive.incidents if i.id == "INC-GOOD"] == ["INC-GOOD"]
    blocked = len(HOSTILE) - len(PUBLISHED_DESPITE)
    assert len(hostile.archive.unpublished) == blocked
    pages = {
        p.src_uri.removeprefix("postmortems/incidents/").removesuffix(".md")
        for p in hostile.pages
        if p.incident is not None
    }
    assert pages == {"INC-GOOD"} | pages_of_parsed_files()
    incident_text = "".join(p.text for p in hostile.pages if p.incident is not None)
    assert "lol" not in incident_text and "os.system" not in incident_text


def _hostile_bytes() -> Iterator[tuple[str, bytes]]:
    for name, (content, _) in sorted(HOSTILE.items()):
        yield name, content if isinstance(content, bytes) else content.encode("utf-8")


@pytest.mark.parametrize(("name", "raw"), list(_hostile_bytes()), ids=sorted(HOSTILE))
def test_work_on_a_hostile_file_is_bounded(tmp_path: Path, name: str, raw: bytes) -> None:
    """Memory stays near the size limit (a 50 MB file is never read whole) and time is short.
    The bounds are generous on purpose: they catch unbounded work, not slow machines."""
    path = tmp_path / "docs" / "postmortems" / "x.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    settings = Settings(docs_dir=str(tmp_path / "docs"), project_dir=str(tmp_path))
    loader = Loader(settings)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        loaded = loader.load(source_for(settings, "postmortems/x.yaml", str(path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert loaded.problems
    assert peak < 64 * 1024 * 1024, f"{name}: {peak:,} bytes at peak"
    assert elapsed < 20, f"{name}: {elapsed:.1f} s"


def test_list_limit_is_configurable(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "project", max_list_items=50)
    archive.add("long.yaml", long_timeline(51))
    archive.add("ok.yaml", incident_yaml(id="INC-2") + long_timeline(50)[len(HEAD) :])
    result = archive.run()
    assert [str(p) for p in result.archive.problems] == [
        "docs/postmortems/long.yaml:8:3: timeline: 51 entries, over the limit of 50 "
        "(plugin option max_list_items)"
    ]
    pages = {p.src_uri: p.text for p in result.pages}
    assert "step 49" in pages["postmortems/incidents/INC-2.md"]
    assert "postmortems/incidents/INC-1.md" not in pages


def test_bom_is_accepted_and_lines_stay_right(archive: Archive) -> None:
    archive.add("bom.yaml", b"\xef\xbb\xbf" + incident_yaml(status="done").encode())
    assert archive.problems()[0].startswith(
        "docs/postmortems/bom.yaml:5:9: status: 'done' is not allowed"
    )
    archive.add("bom.yaml", b"\xef\xbb\xbf" + HEAD.encode())
    (loaded,) = archive.check().values()
    assert loaded.incident is not None and loaded.incident.title == "Minimal incident"
    assert not loaded.problems


def test_the_wrong_type_sweep_covers_the_schema() -> None:
    fields = {f for f, _, _ in WRONG_TYPES}
    assert len(fields) > 150, len(fields)
    assert {"id", "summary", "timeline[0].event", "action_items[0].due", "impact"} <= fields


def test_every_field_of_the_wrong_type_is_reported(archive: Archive) -> None:
    archive.add("good.yaml", GOOD)
    for n, (_, text, _) in enumerate(WRONG_TYPES):
        archive.add(f"wrong-{n:03d}.yaml", text)
    files = archive.check()
    missing = []
    for n, (field, _, expected) in enumerate(WRONG_TYPES):
        prefix = f"docs/postmortems/wrong-{n:03d}.yaml:{expected}"
        if not any(str(p).startswith(prefix) for p in files[f"wrong-{n:03d}.yaml"].problems):
            missing.append((field, prefix))
    assert not missing, missing[:10]
    assert files["good.yaml"].incident is not None


def test_bad_ids_are_reported_and_get_no_page(archive: Archive) -> None:
    """Ids that try to leave their folder or pass for another id (the build test checks that
    nothing is written outside the site)."""
    archive.add("good.yaml", GOOD)
    for n, bad in enumerate(BAD_IDS):
        archive.add(f"id-{n:02d}.yaml", incident_yaml(id=bad, title=f"Bad id {n}"))
    result = archive.run()
    problems = [str(p) for p in result.archive.problems]
    for n, bad in enumerate(BAD_IDS):
        assert any(
            p.startswith(f"docs/postmortems/id-{n:02d}.yaml:1:") and "id: " in p for p in problems
        ), (bad, problems)
    incident_pages = sorted(p.src_uri for p in result.pages if "/incidents/" in p.src_uri)
    assert incident_pages == ["postmortems/incidents/INC-GOOD.md"]


def test_exact_duplicate_id_keeps_the_first_file(archive: Archive) -> None:
    archive.add("a.yaml", incident_yaml(id="INC-7", title="First"))
    archive.add("b.yaml", incident_yaml(id="INC-7", title="Second"))
    result = archive.run()
    assert (
        "docs/postmortems/b.yaml:1:5: id: the same id is already used by docs/postmortems/a.yaml; "
        "ids must be unique"
    ) in [str(p) for p in result.archive.problems]
    page = next(p.text for p in result.pages if p.src_uri == "postmortems/incidents/INC-7.md")
    assert "First" in page and "Second" not in page


def test_relation_cycles_are_reported_and_published(archive: Archive) -> None:
    archive.add("a.yaml", incident_yaml(id="INC-A") + relation("INC-B", "caused-by"))
    archive.add("b.yaml", incident_yaml(id="INC-B") + relation("INC-A", "caused-by"))
    archive.add("c.yaml", incident_yaml(id="INC-C") + relation("INC-D", "recurrence-of"))
    archive.add("d.yaml", incident_yaml(id="INC-D") + relation("INC-E", "recurrence-of"))
    archive.add("e.yaml", incident_yaml(id="INC-E") + relation("INC-C", "recurrence-of"))
    # Consistent both ways: F caused G, and G says it was caused by F. Not a cycle.
    archive.add("f.yaml", incident_yaml(id="INC-F") + relation("INC-G", "causes"))
    archive.add("g.yaml", incident_yaml(id="INC-G") + relation("INC-F", "caused-by"))
    result = archive.run()
    problems = [str(p) for p in result.archive.problems]
    cycles = [("a", "INC-A and INC-B cause each other")]
    cycles += [(n, "INC-C, INC-D and INC-E are each a recurrence of the other") for n in "cde"]
    for name, others in cycles:
        expected = (
            f"docs/postmortems/{name}.yaml:8:5: related_incidents[0]: relation cycle: {others}"
        )
        assert any(p.startswith(expected) for p in problems), (expected, problems)
    assert not any(
        p.startswith(("docs/postmortems/f.yaml", "docs/postmortems/g.yaml")) for p in problems
    )
    assert sorted(i.id for i in result.archive.incidents) == [f"INC-{x}" for x in "ABCDEFG"]
    page = next(p.text for p in result.pages if p.src_uri == "postmortems/incidents/INC-A.md")
    assert "Published with 1 warning" in page and "relation cycle" in page
    assert "INC-B" in page  # the family is still drawn and listed


def test_self_link_in_every_form(archive: Archive) -> None:
    archive.add(
        "a.yaml",
        incident_yaml(id="INC-A")
        + "related_incidents:\n  - INC-A\n  - inc-a\n  - id: INC-A\n    type: caused-by\n",
    )
    result = archive.run()
    assert [str(p) for p in result.archive.problems] == [
        f"docs/postmortems/a.yaml:{line}:{col}: {path}: an incident cannot be related to itself"
        for line, col, path in (
            (8, 5, "related_incidents[0]"),
            (9, 5, "related_incidents[1]"),
            (10, 9, "related_incidents[2].id"),
        )
    ]
    assert [i.id for i in result.archive.incidents] == ["INC-A"]


def test_ids_sharing_a_page_address_are_duplicates(archive: Archive) -> None:
    """INC.5 and INC-5 read the same (their slug is inc-5): the second is refused, by name."""
    archive.add("a.yaml", incident_yaml(id="INC.5", title="First"))
    archive.add("b.yaml", incident_yaml(id="INC-5", title="Second"))
    archive.add("c.yaml", incident_yaml(id="INC_6"))
    archive.add("d.yaml", incident_yaml(id="INC-7") + "related_incidents:\n  - INC_6\n")
    result = archive.run()
    problems = [str(p) for p in result.archive.problems]
    assert (
        "docs/postmortems/b.yaml:1:5: id: an id that reads the same as 'INC.5' (only case or punctuation differ) "
        "is already used by docs/postmortems/a.yaml; ids must be unique"
    ) in problems
    pages = {p.src_uri: p.text for p in result.pages}
    assert "First" in pages["postmortems/incidents/INC.5.md"]
    # An id with '_' is found by the relations that name it.
    assert not any(p.startswith("docs/postmortems/d.yaml") for p in problems)
    assert "INC_6" in pages["postmortems/incidents/INC-7.md"]
