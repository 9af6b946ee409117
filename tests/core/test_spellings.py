"""Status-like values in the spellings people write them: accepted as the schema's own value
before validation (the page, the ledger and the exports see only that value), the source's
word kept where the schema names a field for it; a value near an allowed one is refused with
"did you mean"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import Archive, incident_yaml

from mkdocs_postmortem.core.places import value_at
from mkdocs_postmortem.core.schema import bundled_schema
from mkdocs_postmortem.core.spellings import (
    SPELLINGS,
    Respelled,
    Spellings,
    folded,
    suggestion,
)

SPELLINGS_OF = Spellings(bundled_schema())


def item(status: str, **fields: Any) -> dict[str, Any]:
    return {"action_items": [{"action": "Fix it", "status": status, **fields}]}


# (fields of the postmortem, path of the value, the value it stands for)
ACCEPTED = [
    ({"status": "Draft"}, ("status",), "draft"),
    ({"status": "FINAL"}, ("status",), "final"),
    ({"status": "In Review"}, ("status",), "in-review"),
    ({"status": "in_review"}, ("status",), "in-review"),
    ({"status": "Complete"}, ("status",), "final"),  # the Draft/In Review/Complete template
    ({"status": "Under review"}, ("status",), "in-review"),
    ({"incident_status": "RESOLVED"}, ("incident_status",), "resolved"),
    ({"incident_status": "Closed"}, ("incident_status",), "resolved"),
    ({"impact": {"level": "OUTAGE"}}, ("impact", "level"), "outage"),
    ({"impact": {"level": "Partial Outage"}}, ("impact", "level"), "partial"),
    ({"impact": {"level": "Degraded performance"}}, ("impact", "level"), "degraded"),
    ({"impact": {"customer_scope": "ALL"}}, ("impact", "customer_scope"), "all"),
    (item("Open"), ("action_items", 0, "status"), "open"),
    (item("In Progress"), ("action_items", 0, "status"), "in-progress"),
    (item("IN_PROGRESS"), ("action_items", 0, "status"), "in-progress"),
    (item("in  progress "), ("action_items", 0, "status"), "in-progress"),
    (item("In-Progress"), ("action_items", 0, "status"), "in-progress"),
    (item("Not Started"), ("action_items", 0, "status"), "open"),
    (item("To do"), ("action_items", 0, "status"), "open"),
    (item("Complete"), ("action_items", 0, "status"), "done"),
    (item("Completed"), ("action_items", 0, "status"), "done"),
    (item("Closed"), ("action_items", 0, "status"), "done"),
    (item("Canceled"), ("action_items", 0, "status"), "cancelled"),
    (item("Won't fix"), ("action_items", 0, "status"), "cancelled"),
    (item("Blocked"), ("action_items", 0, "status"), "blocked"),
]


@pytest.mark.parametrize(("fields", "path", "canonical"), ACCEPTED)
def test_an_obvious_spelling_is_the_schemas_value(
    tmp_path: Path, fields: dict[str, Any], path: tuple[str | int, ...], canonical: str
) -> None:
    """Through the loader every front end runs: no problem, and the value is the canonical
    one for everything after (model, ledger, pages, exports)."""
    archive = Archive(tmp_path).add("inc-1.yaml", incident_yaml(**fields))
    loaded = archive.check()["inc-1.yaml"]
    assert [str(p) for p in loaded.problems] == []
    assert loaded.incident is not None
    assert value_at(loaded.incident.data, path) == canonical
    if path == ("status",):
        assert loaded.incident.status == canonical


def test_a_word_that_is_not_the_values_own_is_kept_as_written(tmp_path: Path) -> None:
    """``Complete`` says more than ``done``: it stays in ``status_text`` (shown "as written");
    ``In Progress`` is the value itself, in other letters, and the author's status_text
    is never replaced."""
    data = {
        "action_items": [
            {"action": "a", "status": "Complete"},
            {"action": "b", "status": "In Progress"},
            {"action": "c", "status": "Closed", "status_text": "Merged in PR 12"},
        ]
    }
    assert SPELLINGS_OF.normalise(data) == [
        Respelled(("action_items", 0, "status"), "Complete", "done"),
        Respelled(("action_items", 1, "status"), "In Progress", "in-progress"),
        Respelled(("action_items", 2, "status"), "Closed", "done"),
    ]
    assert data["action_items"] == [
        {"action": "a", "status": "done", "status_text": "Complete"},
        {"action": "b", "status": "in-progress"},
        {"action": "c", "status": "done", "status_text": "Merged in PR 12"},
    ]


def test_the_page_shows_the_value_and_the_word_as_written(tmp_path: Path) -> None:
    archive = Archive(tmp_path).add(
        "inc-1.yaml",
        incident_yaml(status="In Review", **item("Not Started")),
    )
    result = archive.run()
    page = next(p for p in result.pages if p.incident is not None).text
    assert "pm-item-open" in page and "as written: “Not Started”" in page
    assert "In Review" not in page
    (row,) = result.archive.incidents
    assert row.status == "in-review"


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "done"},  # a document is not "done": final? archived? not guessed
        {"severity": "sev 2"},  # a team's scale names its own aliases
        {"links": [{"url": "https://example.com", "kind": "PR"}]},  # not a status
        item("On hold"),
        item(""),
    ],
)
def test_other_words_are_left_to_the_schema(tmp_path: Path, fields: dict[str, Any]) -> None:
    archive = Archive(tmp_path).add("inc-1.yaml", incident_yaml(**fields))
    loaded = archive.check()["inc-1.yaml"]
    assert loaded.blocked, loaded.problems


def test_every_other_spelling_names_a_value_of_its_field() -> None:
    """A table entry that names no allowed value would never apply: the schema is checked."""
    marked = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if SPELLINGS in node:
                marked.append(node)
                assert set(node[SPELLINGS].values()) <= set(node["enum"]), node
                folded_words = [folded(w) for w in (*node[SPELLINGS], *node["enum"])]
                assert len(folded_words) == len(set(folded_words)), node  # one reading each
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(bundled_schema())
    assert len(marked) == 5  # status, incident_status, impact level and scope, item status


@pytest.mark.parametrize(
    ("value", "allowed", "words", "near"),
    [
        ("In Progres", ["open", "in-progress"], None, "in-progress"),
        ("Not Strted", ["open"], {"Not started": "open"}, "open"),
        ("Sev 2", ["SEV1", "SEV2", "SEV-2"], None, "SEV-2"),
        ("SEV9", ["SEV1", "SEV2"], None, None),
        ("P5", ["P0", "P1"], None, None),
        ("vibes", ["detection", "process"], None, None),
        ("", ["open"], None, None),
        (3, ["open"], None, None),
    ],
)
def test_suggestion(
    value: Any, allowed: list[str], words: dict[str, str] | None, near: str | None
) -> None:
    assert suggestion(value, allowed, words) == near


def test_the_writing_guide_lists_every_other_spelling() -> None:
    """docs/writing.md's table is what the schema accepts: a word added to one is in both."""
    guide = (Path(__file__).parents[2] / "docs" / "writing.md").read_text("utf-8")
    rows = {
        row.split("|")[1].strip().split(" ")[0].strip("`"): row
        for row in guide.split("## Statuses as written")[1].split("\n## ")[0].splitlines()
        if row.startswith("| `")
    }
    schema = bundled_schema()["properties"]
    fields = {
        "status": schema["status"],
        "incident_status": schema["incident_status"],
        "impact.level": schema["impact"]["properties"]["level"],
        "impact.customer_scope": schema["impact"]["properties"]["customer_scope"],
        "action_items[].status": schema["action_items"]["items"]["properties"]["status"],
    }
    assert set(rows) == set(fields)
    for name, node in fields.items():
        listed = rows[name].split("|")
        assert [f"`{v}`" for v in node["enum"]] == listed[2].strip().split(", ")
        for word in node[SPELLINGS]:
            assert f"`{word}`" in listed[3], (name, word)
