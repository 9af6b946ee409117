"""The bundled schema: complete documentation, safe ids, and the effective schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator

from mkdocs_postmortem.core.option_kinds import Category
from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.core.schema import (
    BUNDLED_SCHEMA,
    EFFECTIVE_ID,
    SCHEMA_VERSION,
    SchemaSetupError,
    SchemaWalker,
    bundled_schema,
    check_schema,
    effective_schema,
    load_team_schema,
    schema_document,
)
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.validate import SchemaValidator

SCHEMA = json.loads(BUNDLED_SCHEMA.read_text("utf-8"))


def properties(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(node, dict):
        return
    for name, child in node.get("properties", {}).items():
        yield f"{path}.{name}".lstrip("."), child
        yield from properties(child, f"{path}.{name}")
    for key in ("items",):
        yield from properties(node.get(key), path + "[]")
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []):
            yield from properties(option, path)
    for name, definition in node.get("$defs", {}).items():
        yield from properties(definition, f"$defs.{name}")


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"].startswith("urn:")


def test_every_property_has_a_title_and_description() -> None:
    found = list(properties(SCHEMA))
    assert len(found) > 250
    missing = [path for path, node in found if not node.get("title") or not node.get("description")]
    assert not missing


def test_only_six_fields_are_required() -> None:
    assert sorted(SCHEMA["required"]) == ["date", "id", "severity", "status", "summary", "title"]


@pytest.mark.parametrize(
    "bad_id",
    ["../x", "a/b", "%2e%2e", "a..b", ".hidden", "-x", "INC 1", "INC\u20111", "x" * 65, ""],
)
def test_ids_are_safe_url_segments(bad_id: str) -> None:
    validator = SchemaValidator.compiled(effective_schema(Settings(docs_dir=".", project_dir=".")))
    data = {
        "id": bad_id,
        "title": "t",
        "date": "2026-01-01",
        "severity": "SEV1",
        "status": "draft",
        "summary": "s",
    }
    assert [i for i in validator.issues(data) if i.path == ("id",)]


def test_extension_fields_are_allowed_everywhere() -> None:
    validator = SchemaValidator.compiled(effective_schema(Settings(docs_dir=".", project_dir=".")))
    data = {
        "id": "A",
        "title": "t",
        "date": "2026-01-01",
        "severity": "SEV1",
        "status": "draft",
        "summary": "s",
        "x-top": {"any": [1, 2]},
        "impact": {"x-nested": True, "user": {"x-deep": 1}},
        "action_items": [{"action": "a", "x-item": "y"}],
    }
    assert validator.issues(data) == []


def test_package_ships_schema_templates_and_styles() -> None:
    package = Path(BUNDLED_SCHEMA).parent.parent
    assert Path(BUNDLED_SCHEMA).is_file()
    for name in (
        "incident.html.j2",
        "_macros.html.j2",
        "home.html.j2",
        "severity.html.j2",
        "related.html.j2",
        "fields.html.j2",
    ):
        assert (package / "render" / "templates" / name).is_file()
    assert not list((package / "render" / "templates").glob("*.md.j2"))
    assert (package / "render" / "static" / "postmortem.css").is_file()


def test_fast_and_detailed_validators_agree_on_every_fixture() -> None:
    """jsonschema-rs decides valid/invalid for speed; jsonschema explains. They must agree."""
    from problem_cases import CASES
    from sites import example_files

    from mkdocs_postmortem.core.read import DocumentError, parse

    validator = SchemaValidator.compiled(effective_schema(Settings(docs_dir=".", project_dir=".")))
    assert validator._fast is not None, "jsonschema-rs is a dependency; the fast path must be on"
    documents = [parse(p.read_text("utf-8")).data for p in example_files()]
    for _, content, _ in CASES:
        try:
            text = content.decode("utf-8") if isinstance(content, bytes) else content
            documents.append(parse(text).data)
        except (DocumentError, UnicodeDecodeError):
            continue
    base = documents[0]
    for key, value in [
        ("date", "2026-02-29"),
        ("date", "2028-02-29"),
        ("id", "a.b"),
        ("id", "a..b"),
        ("severity", "sev1"),
        ("timestamps", {"started": "2026-01-01 10:00"}),
        ("timestamps", {"started": "2026-01-01T24:00Z"}),
        ("x-any", None),
        ("related_incidents", ["INC-1", {"id": "INC-2", "type": "causes"}, 3]),
    ]:
        documents.append({**base, key: value})
    assert len(documents) > 40
    for data in documents:
        assert validator.is_valid(data) == (validator.detailed_issues(data) == []), data


def test_the_team_scales_and_categories_are_the_enums() -> None:
    made = Settings(
        docs_dir=".",
        project_dir=".",
        severity=Scale.build("severity", [{"id": "High", "aliases": ["h"]}, {"id": "Low"}]),
        priority=Scale.build("priority", [{"id": "Now"}]),
        factor_categories=(Category("infra", "Infrastructure"), Category("people", "People")),
    )
    schema = effective_schema(made)
    severity = schema["properties"]["severity"]
    assert severity["enum"] == ["High", "Low", "h", "unrated"]
    assert severity["x-expected"] == "High (or h), Low, or unrated (no level stated)"
    assert "type" not in severity and "minLength" not in severity
    priority = schema["properties"]["action_items"]["items"]["properties"]["priority"]
    assert (priority["enum"], priority["x-expected"]) == (["Now"], "Now")
    category = schema["properties"]["contributing_factors"]["items"]["anyOf"][1]["properties"][
        "category"
    ]
    assert (category["enum"], category["x-expected"]) == (["infra", "people"], "infra, people")
    assert "type" not in category


def test_the_bundled_file_is_not_changed_by_the_effective_schema() -> None:
    effective_schema(Settings(docs_dir=".", project_dir="."))
    assert bundled_schema() == SCHEMA
    assert "enum" not in bundled_schema()["properties"]["severity"]


def test_a_team_schema_is_combined_with_all_of(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text("title: Acme postmortem\nrequired: [services]\n", "utf-8")
    schema = effective_schema(Settings(docs_dir=".", project_dir=".", team_schema=str(team)))
    bundled = effective_schema(Settings(docs_dir=".", project_dir="."))
    assert schema == {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": EFFECTIVE_ID,
        "title": "Acme postmortem",
        "description": bundled["description"],
        "x-schema-version": SCHEMA_VERSION,
        "allOf": [
            bundled,
            {
                "title": "Acme postmortem",
                "required": ["services"],
                "$schema": "https://json-schema.org/draft/2020-12/schema",
            },
        ],
    }
    walker = SchemaWalker(schema)
    assert walker.root == bundled
    assert "label" in walker.defs


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.json", None, "team schema {path} does not exist"),
        (
            "broken.json",
            "{nope",
            "team schema {path} cannot be read: Expecting property name enclosed in double "
            "quotes: line 1 column 2 (char 1)",
        ),
        ("list.json", "[1]", "team schema {path} must be a JSON Schema object"),
        ("empty.yaml", "", "team schema {path} must be a JSON Schema object"),
        (
            "invalid.json",
            '{"type": "text"}',
            "team schema {path} is not a valid JSON Schema: 'text' is not valid under any of the "
            "given schemas",
        ),
    ],
)
def test_team_schema_setup_errors(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(SchemaSetupError) as caught:
        load_team_schema(str(path))
    assert str(caught.value) == message.format(path=path)


@pytest.mark.parametrize("content", ["required: [services\n", "a: !!python/name:os.system\n"])
def test_a_team_schema_in_yaml_that_does_not_parse(tmp_path: Path, content: str) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(SchemaSetupError) as caught:
        load_team_schema(str(path))
    assert str(caught.value).startswith(f"team schema {path} cannot be read: ")


def test_schema_walker_resolves_local_refs() -> None:
    walker = SchemaWalker(SCHEMA)
    assert walker.resolve({"$ref": "#/$defs/label", "title": "Environment"}) == {
        "title": "Environment",
        "description": "A short plain-text label.",
        "type": "string",
        "minLength": 1,
        "maxLength": 100,
    }
    assert walker.resolve({"$ref": "#/$defs/nope"}) == {}
    assert walker.resolve({"type": "string"}) == {"type": "string"}
    related = SCHEMA["properties"]["related_incidents"]["items"]
    assert walker.object_branch(related)["required"] == ["id"]
    assert walker.object_branch({"type": "string"}) == {"type": "string"}


def test_schema_document_is_indented_utf8_json_with_a_final_newline() -> None:
    assert schema_document({"a": "é", "b": [1]}) == '{\n  "a": "é",\n  "b": [\n    1\n  ]\n}\n'


@pytest.mark.parametrize(
    "schema",
    [
        {"type": 12},
        {"properties": {"x": {"minLength": -1}}},
        {"required": "id"},
        {"$defs": {"a": {"pattern": 5}}},
    ],
)
def test_an_invalid_schema_is_refused_with_jsonschemas_message(schema: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.SchemaError) as caught:
        check_schema(schema)
    with pytest.raises(jsonschema.SchemaError) as expected:
        Draft202012Validator.check_schema(schema)
    assert caught.value.message == expected.value.message


def test_the_bundled_schema_passes_the_quick_check() -> None:
    check_schema(SCHEMA)
