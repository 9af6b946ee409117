"""The bundled schema: complete documentation, safe ids, and the effective schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from mkdocs_postmortem.core.schema import BUNDLED_SCHEMA, effective_schema
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
    validator = SchemaValidator(effective_schema(Settings(docs_dir=".", project_dir=".")))
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
    validator = SchemaValidator(effective_schema(Settings(docs_dir=".", project_dir=".")))
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
        "incident.md.j2",
        "home.md.j2",
        "severity.md.j2",
        "related.md.j2",
        "fields.md.j2",
        "_macros.md.j2",
    ):
        assert (package / "render" / "templates" / name).is_file()
    assert (package / "render" / "static" / "postmortem.css").is_file()


def test_fast_and_detailed_validators_agree_on_every_fixture() -> None:
    """jsonschema-rs decides valid/invalid for speed; jsonschema explains. They must agree."""
    from conftest import example_files
    from test_validation import CASES

    from mkdocs_postmortem.core.read import DocumentError, parse

    validator = SchemaValidator(effective_schema(Settings(docs_dir=".", project_dir=".")))
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
