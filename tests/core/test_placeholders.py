"""The scaffold's placeholder text is a problem of the file, found by the loader: valid YAML
and valid against the schema, but nothing a reader should get as the incident's summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import Archive, incident_yaml

from mkdocs_postmortem.core.placeholders import SUMMARY, unreplaced

MESSAGE = (
    "summary: still the placeholder text from mkdocs-postmortem new; write 2-3 sentences a "
    "non-technical reader understands: what happened, who or what was impacted, and how "
    "service was restored"
)


def scaffold_summary(lines: tuple[str, ...]) -> str:
    """A valid postmortem whose summary is ``lines`` as a literal block, as `new` writes it."""
    head = incident_yaml(summary=None)
    return head + "summary: |\n" + "".join(f"  {line}\n" for line in lines)


def test_the_untouched_summary_is_a_blocking_problem_at_its_line(archive: Archive) -> None:
    archive.add("a.yaml", scaffold_summary(SUMMARY.lines))
    loaded = archive.check()["a.yaml"]
    assert [str(p) for p in loaded.problems] == [f"docs/postmortems/a.yaml:6:10: {MESSAGE}"]
    assert loaded.blocked and loaded.incident is None


@pytest.mark.parametrize(
    "lines",
    [
        (SUMMARY.text,),  # rewrapped by an editor
        (
            "What happened,   who or what was impacted,",
            "and how service was restored, in 2-3",
            "sentences a non-technical reader understands.",
        ),
        ("The database failed over.", *SUMMARY.lines),  # written above, never removed
    ],
)
def test_the_placeholder_is_found_however_it_is_wrapped(lines: tuple[str, ...]) -> None:
    data = {"summary": "\n".join(lines) + "\n"}
    assert [path for path, _ in unreplaced(data)] == [("summary",)]


@pytest.mark.parametrize(
    "summary",
    [
        "Checkout failed for 20 minutes after a bad deploy; a rollback restored it.",
        "What happened is still being investigated.",
        "",
    ],
)
def test_a_summary_of_the_author_is_no_problem(summary: str) -> None:
    assert unreplaced({"summary": summary}) == []
    assert unreplaced({"title": SUMMARY.text}) == []  # only the field it was written in
    assert unreplaced({"summary": ["not", "text"]}) == []


def test_a_summary_already_refused_by_the_schema_is_reported_once(tmp_path: Path) -> None:
    """The schema's own message wins; the placeholder is not a second one at the same place."""
    team = tmp_path / "team.schema.json"
    team.write_text(json.dumps({"properties": {"summary": {"maxLength": 40}}}), "utf-8")
    archive = Archive(tmp_path / "project", team_schema=str(team))
    archive.add("a.yaml", scaffold_summary(SUMMARY.lines))
    problems = archive.problems()
    assert len(problems) == 1 and "placeholder" not in problems[0], problems
