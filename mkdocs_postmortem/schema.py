"""The effective schema (bundled + team scale + team extension) and messages a person can act on."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .settings import Settings
from .timeutil import parse_timestamp
from .yamlsource import yaml_type_name

BUNDLED_SCHEMA = Path(__file__).parent / "schema" / "postmortem.schema.json"
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


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=("date",))

    @checker.checks("postmortem-timestamp", raises=ValueError)
    def _timestamp(value: object) -> bool:
        if isinstance(value, str):
            parse_timestamp(value, "UTC")
        return True

    return checker


def effective_schema(settings: Settings) -> dict[str, Any]:
    """The bundled schema with the team's scales as enums, combined with the team schema."""
    schema = bundled_schema()
    props = schema["properties"]
    _set_enum(props["severity"], settings.severity.names(), settings.severity.describe())
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
        Draft202012Validator.check_schema(team)
    except jsonschema.SchemaError as exc:
        raise SchemaSetupError(
            f"team schema {path} is not a valid JSON Schema: {exc.message}"
        ) from None
    return team


def _load_yaml(text: str) -> Any:
    import yaml

    return yaml.safe_load(text)


@dataclass(frozen=True)
class Issue:
    """One schema problem: where (path, and whether the key rather than the value is meant)."""

    path: tuple[str | int, ...]
    message: str
    at_key: bool = False
    at_parent: bool = False


class SchemaValidator:
    """Compiled once per configuration; turns jsonschema errors into author-facing issues.

    Most files are valid, so each is first checked by jsonschema-rs (compiled, about a hundred
    times faster); only a file it rejects goes through jsonschema for the detailed messages.
    A test keeps the two in agreement on every fixture.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        Draft202012Validator.check_schema(schema)
        self._validator = Draft202012Validator(schema, format_checker=_format_checker())
        self._fast = _fast_validator(schema)

    def is_valid(self, data: Any) -> bool:
        if self._fast is not None:
            return bool(self._fast.is_valid(data))
        return bool(self._validator.is_valid(data))

    def issues(self, data: Any) -> list[Issue]:
        if self._fast is not None and self._fast.is_valid(data):
            return []
        return self.detailed_issues(data)

    def detailed_issues(self, data: Any) -> list[Issue]:
        found: list[Issue] = []
        for error in self._validator.iter_errors(data):
            found.extend(_humanize(error))
        # Same issue from several branches (allOf of bundled + team) is reported once.
        unique = {(i.path, i.message): i for i in found}
        return sorted(unique.values(), key=lambda i: (tuple(str(p) for p in i.path), i.message))


def _is_timestamp(value: object) -> bool:
    try:
        parse_timestamp(str(value), "UTC")
    except ValueError:
        return False
    return True


def _fast_validator(schema: dict[str, Any]) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - wheels exist for the common platforms
        return None
    return jsonschema_rs.validator_for(
        schema, formats={"postmortem-timestamp": _is_timestamp}, validate_formats=True
    )


def _humanize(error: ValidationError) -> Iterator[Issue]:
    path = tuple(error.absolute_path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance: Any = error.instance
    value: Any = error.validator_value
    if keyword == "required":
        missing = _missing(error)
        yield Issue((*path, missing), "required field is missing", at_parent=True)
    elif keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in _extra_keys(error):
            hint = difflib.get_close_matches(name, allowed, n=1)
            text = f"unknown field (did you mean '{hint[0]}'?)" if hint else "unknown field"
            text += "; team fields must start with 'x-'" if not hint else ""
            yield Issue((*path, name), text, at_key=True)
    elif keyword == "type":
        names = value if isinstance(value, list) else [value]
        want = " or ".join(_TYPE_WORDS.get(str(n), str(n)) for n in names)
        yield Issue(path, f"expected {want}, got {yaml_type_name(instance)} ({_short(instance)})")
    elif keyword == "enum":
        expected = schema.get("x-expected") or ", ".join(str(v) for v in value)
        yield Issue(path, f"{_short(instance)} is not allowed; expected one of: {expected}")
    elif keyword == "pattern" or keyword == "format":
        title = schema.get("title", "value")
        rule = schema.get("description", "")
        yield Issue(path, f"{_short(instance)} is not a valid {title.lower()}: {rule}".rstrip(": "))
    elif keyword == "minLength" and value == 1:
        yield Issue(path, "must not be empty")
    elif keyword == "maxLength":
        yield Issue(path, f"is too long ({len(instance)} characters; at most {value})")
    elif keyword in ("minimum", "maximum"):
        word = "at least" if keyword == "minimum" else "at most"
        yield Issue(path, f"{_short(instance)} is out of range: must be {word} {value}")
    elif keyword == "uniqueItems":
        yield Issue(path, "lists the same value more than once")
    elif keyword in ("anyOf", "oneOf"):
        yield from _humanize_alternatives(error)
    else:
        yield Issue(path, error.message)


def _humanize_alternatives(error: ValidationError) -> Iterator[Issue]:
    """Report the branch the author evidently meant: the one whose type matches the value."""
    path = tuple(error.absolute_path)
    instance: Any = error.instance
    options: Any = error.validator_value
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)  # type: ignore[arg-type]
    matching = [
        subs
        for subs in branches.values()
        if not any(s.validator == "type" and not s.relative_path for s in subs)
    ]
    if len(matching) == 1:
        for sub in matching[0]:
            yield from _humanize(sub)
        return
    required: list[Any] = [
        s.validator_value
        for subs in branches.values()
        for s in subs
        if s.validator == "required" and not s.relative_path
    ]
    if required and isinstance(instance, dict):
        names = sorted({n for r in required for n in r})
        yield Issue(path, "needs at least one of: " + ", ".join(names))
        return
    kinds = []
    for option in options:
        kinds.append(_describe_option(option, error))
    yield Issue(
        path, f"expected {' or '.join(kinds)}, got {yaml_type_name(instance)} ({_short(instance)})"
    )


def _describe_option(option: dict[str, Any], error: ValidationError) -> str:
    ref = option.get("$ref", "")
    if ref.startswith("#/$defs/"):
        option = _BUNDLED_DEFS.get(ref.removeprefix("#/$defs/"), option)
    if option.get("type") == "object" and option.get("required"):
        return "a mapping with " + ", ".join(option["required"])
    if "enum" in option:
        return "one of " + ", ".join(str(v) for v in option["enum"])
    kind = option.get("type")
    return _TYPE_WORDS.get(kind, "a value") if isinstance(kind, str) else "a value"


def _missing(error: ValidationError) -> str:
    # jsonschema's message is "'name' is a required property".
    message = error.message
    if message.startswith("'") and "' is a required property" in message:
        return message[1 : message.index("' is a required property")]
    return message


def _extra_keys(error: ValidationError) -> list[str]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = set(schema.get("properties", {}))
    patterns = schema.get("patternProperties", {})
    return sorted(
        str(k)
        for k in instance
        if k not in known and not any(re.search(p, str(k)) for p in patterns)
    )


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else "'" + value + "'"
    return text if len(text) <= 60 else text[:57] + "..."


_BUNDLED_DEFS: dict[str, Any] = _BUNDLED["$defs"]

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}
