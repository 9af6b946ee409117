"""The field reference rows, read from the effective schema the archive validates against."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from factories import settings

from mkdocs_postmortem.core.option_kinds import Category
from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.core.schema import effective_schema
from mkdocs_postmortem.render.field_reference import field_rows


def rows_by_path(**options: Any) -> dict[str, dict[str, Any]]:
    return {row["path"]: row for row in field_rows(effective_schema(settings(**options)))}


def test_top_level_fields_in_schema_order_with_required_flags() -> None:
    rows = field_rows(effective_schema(settings()))
    top = [(r["path"], r["required"]) for r in rows if r["depth"] == 0]
    assert top[:8] == [
        ("id", True),
        ("title", True),
        ("date", True),
        ("severity", True),
        ("status", True),
        ("summary", True),
        ("one_line_summary", False),
        ("incident_status", False),
    ]
    assert [path for path, required in top if required] == [
        "id", "title", "date", "severity", "status", "summary"
    ]  # fmt: skip


def test_a_row_has_title_description_type_and_depth() -> None:
    assert rows_by_path()["action_items[].due"] == {
        "path": "action_items[].due",
        "depth": 1,
        "title": "Due",
        "description": "When it is due: a day (YYYY-MM-DD), a month (2026-03), a quarter "
        "(2026-Q1) or a half year (2026-H1), as precisely as the source says.",
        "type": "due period (a day, month, quarter or half year)",
        "required": False,
    }


@pytest.mark.parametrize(
    ("path", "depth", "required", "kind"),
    [
        ("people", 0, False, "mapping"),
        ("people.responders", 1, False, "list of mapping"),
        ("people.responders[].name", 2, True, "string"),
        ("people.authors", 1, False, "list of string"),
        ("timeline[].time", 1, False, "moment (a time as written)"),
        ("impact.user.metrics[].value", 3, True, "number or string or figure as written"),
        ("impact.business.sla_breach", 2, False, "boolean"),
        ("impact.user.affected_users", 2, False, "integer or figure as written"),
        ("action_items[].action", 1, True, "string"),
        ("contributing_factors", 0, False, "list of string or mapping"),
        ("contributing_factors[].factor", 1, True, "string"),
        ("related_incidents[].id", 1, True, "string"),
        ("resolution.verification.checks[].passed", 3, False, "boolean"),
        ("timestamps.started", 1, False, "moment (a time as written)"),
    ],
)
def test_nested_paths_mark_lists_with_brackets(
    path: str, depth: int, required: bool, kind: str
) -> None:
    """A list of mappings is walked into: its item fields read ``list[].field``; required
    is per mapping (a responder needs a name even though responders are optional)."""
    row = rows_by_path()[path]
    assert (row["depth"], row["required"], row["type"]) == (depth, required, kind)


def test_kinds_of_values_are_named_for_a_reader() -> None:
    """A moment or a figure may be written many ways: the reference names the kind (the
    writing guide lists the forms), not the JSON types behind it."""
    rows = rows_by_path()
    assert rows["timestamps.resolved"]["type"] == "moment (a time as written)"
    assert rows["impact.user.error_rate_percent"]["type"] == "number or figure as written"
    assert rows["date"]["type"] == "string (date)"


def test_enum_types_list_the_default_scales() -> None:
    rows = rows_by_path()
    assert rows["severity"]["type"] == "one of: " + ", ".join(
        f"`{name}`"
        for name in ["SEV1", "SEV2", "SEV3", "SEV4"]
        + [f"{a}{n}" for n in range(1, 5) for a in ("SEV-", "Sev-", "sev-", "Sev", "sev")]
        + ["unrated"]
    )
    assert rows["action_items[].priority"]["type"] == (
        "one of: `P0`, `P1`, `P2`, `P3`, `Critical`, `critical`, `High`, `high`, "
        "`Medium`, `medium`, `Low`, `low`"
    )
    assert rows["status"]["type"] == "one of: `draft`, `in-review`, `final`, `archived`"


def test_enum_types_list_the_team_scale() -> None:
    severity = Scale.build("severity", [{"id": "Red", "aliases": ["red"]}, {"id": "Amber"}])
    priority = Scale.build("priority", [{"id": "Now"}, {"id": "Later", "aliases": ["later"]}])
    categories = (Category("people", "People"), Category("vendor", "Vendor"))
    rows = rows_by_path(severity=severity, priority=priority, factor_categories=categories)
    assert rows["severity"]["type"] == "one of: `Red`, `Amber`, `red`, `unrated`"
    assert rows["action_items[].priority"]["type"] == "one of: `Now`, `Later`, `later`"
    assert rows["contributing_factors[].category"]["type"] == "one of: `people`, `vendor`"


def test_a_list_of_mappings_with_alternative_required_keys() -> None:
    rows = rows_by_path()
    paths = [
        "communication.internal.notifications",
        "communication.external.notifications",
        "communication.distribution",
        "supporting_data.config_changes",
    ]
    assert {p: rows[p]["type"] for p in paths} == dict.fromkeys(paths, "list of mapping")


def test_a_team_schema_requirement_is_marked_required(tmp_path: Path) -> None:
    """What a team's schema requires, at the top and inside a list's items, is marked required
    in the reference, as it is validated (the rows once came from the bundled part alone)."""
    team = tmp_path / "team.schema.json"
    team.write_text(
        json.dumps(
            {
                "required": ["services"],
                "properties": {"action_items": {"items": {"required": ["ticket"]}}},
            }
        ),
        encoding="utf-8",
    )
    rows = rows_by_path(team_schema=str(team))
    assert rows["services"]["required"] is True
    assert rows["action_items[].ticket"]["required"] is True
    assert (
        rows["action_items[].owner"]["required"]
        is rows_by_path()["action_items[].owner"]["required"]
    )
    assert rows["tags"]["required"] is False


def test_a_field_a_team_schema_adds_has_its_row(tmp_path: Path) -> None:
    team = tmp_path / "team.schema.json"
    team.write_text(
        json.dumps(
            {
                "required": ["x-cost-centre"],
                "properties": {
                    "x-cost-centre": {
                        "title": "Cost centre",
                        "description": "Whose budget the incident hit.",
                        "type": "string",
                    },
                    "action_items": {
                        "items": {"properties": {"x-jira": {"type": "string", "format": "uri"}}}
                    },
                },
            }
        ),
        encoding="utf-8",
    )
    rows = rows_by_path(team_schema=str(team))
    assert rows["x-cost-centre"] == {
        "path": "x-cost-centre",
        "depth": 0,
        "title": "Cost centre",
        "description": "Whose budget the incident hit.",
        "type": "string",
        "required": True,
    }
    assert rows["action_items[].x-jira"]["type"] == "string (uri)"
    assert rows["action_items[].x-jira"]["depth"] == 1
    paths = list(rows)
    assert paths.index("x-cost-centre") > paths.index("summary")  # after the bundled fields


def test_a_team_schema_keeps_the_bundled_rows(tmp_path: Path) -> None:
    team = tmp_path / "team.schema.json"
    team.write_text(json.dumps({"required": ["services"]}), encoding="utf-8")
    with_team = field_rows(effective_schema(settings(team_schema=str(team))))
    assert [r["path"] for r in with_team] == [
        r["path"] for r in field_rows(effective_schema(settings()))
    ]
