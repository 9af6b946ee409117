"""What a pull-request preview can show of an invalid postmortem: the valid parts, placeholders
for the missing required fields, and nothing at all without a safe id."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from factories import MINIMAL, settings

from mkdocs_postmortem.core.salvage import (
    PLACEHOLDER_SUMMARY,
    UNREAD_SUMMARY,
    ScannedId,
    salvage,
    scan_id,
    unread,
)
from mkdocs_postmortem.core.schema import effective_schema
from mkdocs_postmortem.core.validate import SchemaValidator

VALIDATOR = SchemaValidator.compiled(effective_schema(settings()))


def doc(**fields: Any) -> dict[str, Any]:
    return {**MINIMAL, **fields}


def test_a_valid_document_is_kept_as_it_is() -> None:
    data = doc(services=["api"], timestamps={"started": "2026-01-05T10:00Z"})
    assert salvage(VALIDATOR, data) == data


def test_placeholders_for_missing_required_fields() -> None:
    assert salvage(VALIDATOR, {"id": "INC-7"}) == {
        "id": "INC-7",
        "severity": "?",
        "title": "INC-7",
        "date": "unknown date",
        "status": "draft",
        "summary": PLACEHOLDER_SUMMARY,
    }
    assert PLACEHOLDER_SUMMARY == "*No valid summary yet: see the problems above.*"


@pytest.mark.parametrize(
    ("field", "bad", "placeholder"),
    [
        ("title", 5, "INC-1"),
        ("title", "", "INC-1"),
        ("date", "2026-02-30", "unknown date"),
        ("status", "done", "draft"),
        ("summary", ["a", "list"], PLACEHOLDER_SUMMARY),
    ],
)
def test_an_invalid_required_field_is_replaced(field: str, bad: Any, placeholder: str) -> None:
    assert salvage(VALIDATOR, doc(**{field: bad})) == doc(**{field: placeholder})


@pytest.mark.parametrize(("written", "kept"), [("SEV9", "SEV9"), ("", "?"), (5, "?"), (None, "?")])
def test_the_severity_as_written_is_kept_for_the_page(written: Any, kept: str) -> None:
    """An unknown severity is shown as the author wrote it (the model ranks it '?')."""
    assert salvage(VALIDATOR, doc(severity=written))["severity"] == kept  # type: ignore[index]


def test_invalid_parts_are_pruned_at_every_depth() -> None:
    data = doc(
        status="done",
        sumary="typo",
        services=["api", 3, "db"],
        timeline=[{"time": "10:00"}, {"time": "11:00", "event": "fixed"}],
        impact={"level": "outage", "user": {"affected_users": -1, "total_users": 5}},
        related_incidents=["INC-2", 3, "INC-3", 4],
        communication={"internal": {"notifications": [{"done": True}, {"audience": "all"}]}},
    )
    assert salvage(VALIDATOR, data) == {
        **MINIMAL,
        "status": "draft",
        "services": ["api", "db"],
        "timeline": [{"time": "11:00", "event": "fixed"}],
        "impact": {"level": "outage", "user": {"total_users": 5}},
        "related_incidents": ["INC-2", "INC-3"],
        "communication": {"internal": {"notifications": [{"audience": "all"}]}},
    }


def test_a_list_with_a_repeated_value_is_dropped_whole() -> None:
    """uniqueItems is a rule of the list, not of one entry."""
    salvaged = salvage(VALIDATOR, doc(services=["a", "a"], tags=["ok"]))
    assert salvaged == doc(tags=["ok"])


def test_high_indexes_are_removed_first() -> None:
    """Removing entry 2 before entry 10 would shift 10 onto another entry."""
    services = [f"s{i}" for i in range(12)]
    services[2] = 2  # type: ignore[call-overload]
    services[10] = 10  # type: ignore[call-overload]
    salvaged = salvage(VALIDATOR, doc(services=services))
    assert salvaged["services"] == [  # type: ignore[index]
        "s0", "s1", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s11",
    ]  # fmt: skip


def test_only_the_placeholders_are_left_invalid() -> None:
    """The placeholders are for the page ('unknown date' is no date); all else is valid."""
    data = doc(
        title=None,
        date=7,
        impact={"user": {"affected_users_percent": 101}},
        action_items=[{"action": "a", "priority": "P9"}, {"owner": "me"}],
    )
    salvaged = salvage(VALIDATOR, data)
    assert salvaged is not None
    assert [i.path for i in VALIDATOR.issues(salvaged)] == [("date",)]
    assert salvaged["action_items"] == [{"action": "a"}]
    assert salvaged["impact"] == {"user": {}}
    assert VALIDATOR.issues({**salvaged, "date": "2026-01-05"}) == []


def test_the_authors_data_is_not_changed() -> None:
    data = doc(services=["api", 3], impact={"user": {"affected_users": -1}})
    before = copy.deepcopy(data)
    salvage(VALIDATOR, data)
    assert data == before


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"id": None},
        {"id": 42},
        {"id": ["INC-1"]},
        {"id": "../etc"},
        {"id": "a/b"},
        {"id": ".hidden"},
        {"id": "a..b"},
        {"id": "INC 1"},
        {"id": ""},
        {"id": "x" * 65},
        {"id": "INC-1\n"},
    ],
)
def test_no_preview_without_an_id_that_is_a_safe_url_segment(data: dict[str, Any]) -> None:
    assert salvage(VALIDATOR, {**MINIMAL, **data} if data else {"title": "t"}) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("id: INC-1\ntitle: [x\n", ScannedId("INC-1", 1, 5)),
        ("title: x\r\nid:   'INC-2'   # the id\r\n", ScannedId("INC-2", 2, 7)),
        ('summary: |\n  text\nid: "a.b_c-1"\n', ScannedId("a.b_c-1", 3, 5)),
        ("title: [x\n", None),  # no id line
        ("id: A\nid: B\n", None),  # two: which one is meant cannot be known
        ("id: A\nid: A\n", None),
        ("  id: A\n", None),  # nested, not the postmortem's
        ("id: ../etc\n", None),  # not a safe URL segment
        ("id: INC 1\n", None),
        ("id:\n", None),
        ("id: 'INC-1\n", None),  # an unclosed quote
        ("x-id: A\n", None),
    ],
)
def test_the_id_of_a_file_yaml_cannot_read(text: str, found: ScannedId | None) -> None:
    assert scan_id(text) == found


def test_the_preview_data_of_a_file_yaml_cannot_read_is_valid() -> None:
    """Its page is made from placeholders the schema accepts, as a salvaged preview's."""
    data = unread(ScannedId("INC-1", 1, 5))
    assert data["id"] == "INC-1" and data["summary"] == UNREAD_SUMMARY
    assert [i.path for i in VALIDATOR.detailed_issues(data)] == [("date",), ("severity",)]
    salvaged = salvage(VALIDATOR, {"id": "INC-1"})
    assert salvaged is not None and data == {**salvaged, "summary": UNREAD_SUMMARY}
