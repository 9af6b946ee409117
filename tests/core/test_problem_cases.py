"""Every kind of problem, through the core pipeline that every front end calls: the exact
``file:line:col: field: message``, what happens to the file (published with a warning, shown as
a preview, or no page), and that the valid neighbour is published whatever its neighbour holds.
The same cases go once through a real build and the command line in tests/builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import Archive, incident_yaml
from problem_cases import CASES, GOOD, NO_PREVIEW, PUBLISHED_DESPITE, head


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """One archive for the whole module: the validator and templates are compiled once."""
    return Archive(tmp_path_factory.mktemp("cases") / "project")


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_problem_is_reported_at_its_line(
    archive: Archive, name: str, content: str | bytes, expected: str
) -> None:
    for old in (archive.docs / "postmortems").iterdir():
        old.unlink()
    archive.add("good.yaml", GOOD).add("bad.yaml", content)
    result = archive.run()
    problems = [str(p) for p in result.archive.problems]
    assert any(p.startswith(expected) for p in problems), (expected, problems)
    assert all(p.startswith("docs/postmortems/bad.yaml:") for p in problems), problems
    published = {i.id for i in result.archive.incidents}
    assert "INC-GOOD" in published  # whatever happens to its neighbour
    pages = {p.src_uri for p in result.pages}
    bad = result.archive.file_of("postmortems/bad.yaml")
    assert bad is not None
    if name in PUBLISHED_DESPITE:
        assert bad.incident is not None and not bad.blocked
        assert "INC-1" in {i.id for i in result.archive.by_severity["SEV2"]}
        assert "postmortems/incidents/INC-1.md" in pages
    else:
        assert bad.incident is None and bad.blocked
        assert published == {"INC-GOOD"}
        assert result.archive.unpublished == [bad]
        if name in NO_PREVIEW:
            assert bad.preview is None
            assert "postmortems/incidents/INC-1.md" not in pages
        else:
            assert bad.preview is not None and bad.preview.id == "INC-1"
            assert "postmortems/incidents/INC-1.md" in pages


def test_every_case_is_named() -> None:
    """The table covers syntax, schema, model and cross-file problems, each with its own name."""
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)) >= 28
    assert set(names) >= PUBLISHED_DESPITE | NO_PREVIEW


def test_duplicate_ids_name_both_files(archive: Archive) -> None:
    for old in (archive.docs / "postmortems").iterdir():
        old.unlink()
    archive.add("a.yaml", incident_yaml(id="INC-7", title="First"))
    archive.add("b.yaml", incident_yaml(id="inc-7", title="Second"))
    result = archive.run()
    assert [str(p) for p in result.archive.problems] == [
        "docs/postmortems/a.yaml:1:5: id: id 'INC-7' is also used by docs/postmortems/b.yaml",
        "docs/postmortems/b.yaml:1:5: id: the same id ('INC-7' differs only in case) is already "
        "used by docs/postmortems/a.yaml; ids must be unique",
    ]
    page = next(p for p in result.pages if p.src_uri == "postmortems/incidents/INC-7.md")
    assert "First" in page.text and "Second" not in page.text
    health = next(p for p in result.pages if p.src_uri == "postmortems/health.md")
    assert "docs/postmortems/b.yaml" in health.text


def test_the_health_page_says_why_a_file_has_no_preview(archive: Archive) -> None:
    """A file YAML cannot read is not blamed on its id: its id line names its preview."""
    for old in (archive.docs / "postmortems").iterdir():
        old.unlink()
    archive.add("a.yaml", "id: INC-7\ntitle: Checkout\n\tdate: 2026-01-05\n")
    archive.add("b.yaml", "title: [unclosed\n")
    archive.add("c.yaml", incident_yaml(id="../x"))
    result = archive.run()
    health = next(p for p in result.pages if p.src_uri == "postmortems/health.md").html()
    sections = {
        name: health.split(f">docs/postmortems/{name}</h3>")[1].split("<h3")[0]
        for name in ("a.yaml", "b.yaml", "c.yaml")
    }
    assert (
        'Preview: <a href="../incidents/INC-7/">INC-7</a> (YAML could not read the file'
        in sections["a.yaml"]
    )
    assert "No preview: the file could not be read as a postmortem" in sections["b.yaml"]
    assert "No preview: the file has no usable, unique id." in sections["c.yaml"]
    assert "usable, unique id" not in sections["a.yaml"] + sections["b.yaml"]


def test_every_problem_of_a_file_is_reported(archive: Archive) -> None:
    for old in (archive.docs / "postmortems").iterdir():
        old.unlink()
    archive.add("bad.yaml", head(status="done", severity="SEV9", summary=None) + "sumary: x\n")
    files = archive.check()
    fields = sorted(p.field for p in files["bad.yaml"].problems)
    # One problem per mistake, and the preview page renders despite all four.
    assert fields == ["severity", "status", "sumary", "summary"]
    assert files["bad.yaml"].preview is not None


def test_alias_bomb_is_refused(archive: Archive) -> None:
    for old in (archive.docs / "postmortems").iterdir():
        old.unlink()
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for n, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{n}: &{n} [{', '.join(['*' + prev] * 9)}]")
    archive.add("bomb.yaml", "\n".join(lines) + "\n").add("good.yaml", GOOD)
    files = archive.check()
    assert [str(p) for p in files["bomb.yaml"].problems] == [
        "docs/postmortems/bomb.yaml:1:1: (document): document expands to more than 200,812 "
        "values and characters through anchors and aliases (200,000 plus twice the file's 406 "
        "characters); write the values out instead"
    ]
    assert files["good.yaml"].incident is not None


def test_file_size_limit_is_an_option(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "project", max_file_size=200)
    archive.add("big.yaml", head(summary="x" * 500))
    (problem,) = archive.check()["big.yaml"].problems
    assert str(problem) == (
        "docs/postmortems/big.yaml:1:1: (document): file is 592 bytes, over the limit of 200 "
        "bytes (plugin option max_file_size)"
    )
