"""The effective schema: the bundled one, the team's scales as enums, and the team's own schema."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from .scale import UNRATED
from .settings import Settings


def check_schema(schema: Mapping[str, Any]) -> None:
    """Raise ``jsonschema.SchemaError`` when ``schema`` is not a valid Draft 2020-12 schema.

    jsonschema's own check costs a sixth of a second on the bundled schema, at every build;
    jsonschema-rs answers valid in milliseconds, and jsonschema is asked only when it says
    invalid (for its message, and its verdict)."""
    if not _fast_meta_valid(schema):
        Draft202012Validator.check_schema(schema)


def _fast_meta_valid(schema: Mapping[str, Any]) -> bool:
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - wheels exist for the common platforms
        return False
    try:
        return bool(jsonschema_rs.meta.is_valid(dict(schema)))
    except (ValueError, TypeError):  # any doubt goes to jsonschema, which decides
        return False


BUNDLED_SCHEMA = Path(__file__).parent / "postmortem.schema.json"
EFFECTIVE_ID = "urn:mkdocs-postmortem:schema:effective"
_BUNDLED = json.loads(BUNDLED_SCHEMA.read_text("utf-8"))
BUNDLED_ID_PATTERN: str = _BUNDLED["properties"]["id"]["pattern"]
SCHEMA_VERSION: int = _BUNDLED["x-schema-version"]


class SchemaSetupError(Exception):
    """The team schema cannot be used; a setup problem, not a postmortem problem."""


def bundled_schema() -> dict[str, Any]:
    with BUNDLED_SCHEMA.open(encoding="utf-8") as fh:
        result: dict[str, Any] = json.load(fh)
    return result


def effective_schema(settings: Settings) -> dict[str, Any]:
    """The bundled schema with the team's scales as enums, combined with the team schema."""
    schema = bundled_schema()
    props = schema["properties"]
    _set_enum(
        props["severity"],
        [*settings.severity.names(), UNRATED],
        settings.severity.describe() + f", or {UNRATED} (no level stated)",
    )
    action = props["action_items"]["items"]["properties"]
    _set_enum(action["priority"], settings.priority.names(), settings.priority.describe())
    factor = props["contributing_factors"]["items"]["anyOf"][1]["properties"]["category"]
    ids = [c.id for c in settings.factor_categories]
    _set_enum(factor, ids, ", ".join(ids))
    if not settings.team_schema:
        return schema
    team = load_team_schema(settings.team_schema)
    return {
        "$schema": schema["$schema"],
        "$id": EFFECTIVE_ID,
        "title": team.get("title", schema["title"]),
        "description": schema["description"],
        "x-schema-version": schema["x-schema-version"],
        "allOf": [schema, team],
    }


class SchemaWalker:
    """Reads the effective schema for people (field reference, scaffolds): local $refs resolved,
    the bundled part found inside a team's allOf."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        parts = [schema, *schema.get("allOf", [])]
        self.defs: dict[str, Any] = {}
        for part in parts:
            self.defs.update(part.get("$defs", {}))
        self.root: Mapping[str, Any] = next(
            (p for p in parts if "id" in p.get("properties", {})), schema
        )
        self.extensions: list[Mapping[str, Any]] = [
            p for p in schema.get("allOf", []) if p is not self.root
        ]
        """The team's schemas, which add requirements and fields beside the bundled part."""

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = node.get("$ref", "")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = self.defs.get(ref.removeprefix("#/$defs/"), {})
            return {**self.resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def object_branch(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """The mapping form of a field that accepts a string or a mapping."""
        node = self.resolve(node)
        for option in node.get("anyOf", []):
            option = self.resolve(option)
            if option.get("type") == "object":
                return option
            if "anyOf" in option:  # alternatives of alternatives (a figure: a number, or ...)
                nested = self.object_branch(option)
                if nested.get("type") == "object":
                    return nested
        return node


def schema_document(schema: dict[str, Any]) -> str:
    """The effective schema as published (site) and printed (CLI): one text, one way."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _set_enum(node: dict[str, Any], names: list[str], described: str) -> None:
    node["enum"] = names
    node.pop("type", None)
    node.pop("minLength", None)
    node["x-expected"] = described


def load_team_schema(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            team = json.load(fh) if path.endswith(".json") else _load_yaml(fh.read())
    except FileNotFoundError:
        raise SchemaSetupError(f"team schema {path} does not exist") from None
    except (OSError, ValueError) as exc:
        raise SchemaSetupError(f"team schema {path} cannot be read: {exc}") from None
    if not isinstance(team, dict):
        raise SchemaSetupError(f"team schema {path} must be a JSON Schema object")
    team.setdefault("$schema", "https://json-schema.org/draft/2020-12/schema")
    try:
        check_schema(team)
    except jsonschema.SchemaError as exc:
        raise SchemaSetupError(
            f"team schema {path} is not a valid JSON Schema: {exc.message}"
        ) from None
    return team


def _load_yaml(text: str) -> Any:
    """A team schema written as YAML; its syntax errors are ValueErrors like JSON's."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(" ".join(str(exc).split())) from None


BUNDLED_DEFS: dict[str, Any] = _BUNDLED["$defs"]
