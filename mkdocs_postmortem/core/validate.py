"""Checking one postmortem: its shape (what YAML can hold but a postmortem cannot, lists over
the limit), then the effective schema, with every problem in words an author can act on."""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from .read import expected_type, yaml_type_name
from .schema import BUNDLED_DEFS, check_schema
from .spellings import SPELLINGS, suggestion


def _format_checker() -> FormatChecker:
    return FormatChecker(formats=("date",))


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

    @classmethod
    def compiled(cls, schema: dict[str, Any]) -> SchemaValidator:
        """The validator of ``schema``, compiled once per process: compiling took a third of
        a small build, and under ``mkdocs serve`` every rebuild paid it again."""
        key = json.dumps(schema, sort_keys=True, default=str)
        found = _COMPILED.get(key)
        if found is None:
            found = _COMPILED[key] = cls(schema)
            while len(_COMPILED) > 8:  # a team schema edited many times under serve
                del _COMPILED[next(iter(_COMPILED))]
        return found

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        check_schema(schema)
        self._validator = _Detailed(schema, format_checker=_format_checker())
        self._fast = _fast_validator(schema)

    def is_valid(self, data: Any) -> bool:
        if self._fast is not None:
            return bool(self._fast.is_valid(data))
        return bool(self._validator.is_valid(data))

    def issues(self, data: Any) -> list[Issue]:
        if self._fast is None or self._fast.is_valid(data):
            return [] if self._fast is not None else self.detailed_issues(data)
        found = self.detailed_issues(data)
        if not found:  # the two disagree: never publish what one of them rejects
            found = [
                Issue(tuple(error.instance_path), " ".join(str(error.message).split()))
                for error in self._fast.iter_errors(data)
            ]
        return found

    def detailed_issues(self, data: Any) -> list[Issue]:
        found: list[Issue] = []
        for error in self._validator.iter_errors(data):
            found.extend(_humanize(error))
        # Same issue from several branches (allOf of bundled + team) is reported once.
        unique = {(i.path, i.message): i for i in found}
        return sorted(unique.values(), key=lambda i: (tuple(str(p) for p in i.path), i.message))


_COMPILED: dict[str, SchemaValidator] = {}


@lru_cache(maxsize=256)
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    """A JSON Schema pattern as ECMA-262 reads it, where ``$`` is the end of the text; Python's
    ``$`` also matches before a final line break, which jsonschema-rs (and JSON Schema) do not
    allow: 'INC-1\\n' is not an id."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append(r"\Z" if char == "$" and not in_class else char)
        i += 1
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Detailed: Any = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _pattern}
)
"""jsonschema's Draft 2020-12 with patterns read as JSON Schema reads them."""


def _fast_validator(schema: dict[str, Any]) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - wheels exist for the common platforms
        return None
    return jsonschema_rs.validator_for(schema, validate_formats=True)


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
        want = _describe_option(schema, error)
        yield Issue(path, f"expected {want}, got {yaml_type_name(instance)} ({_short(instance)})")
    elif keyword == "enum":
        expected = schema.get("x-expected") or ", ".join(str(v) for v in value)
        near = suggestion(instance, value, schema.get(SPELLINGS))
        meant = f" (did you mean '{near}'?)" if near else ""
        yield Issue(path, f"{_short(instance)} is not allowed{meant}; expected one of: {expected}")
    elif keyword == "pattern" or keyword == "format":
        title = schema.get("title", "value")
        rule = schema.get("description", "")
        yield Issue(path, f"{_short(instance)} is not a valid {title.lower()}: {rule}".rstrip(": "))
    elif keyword == "minLength" and value == 1:
        yield Issue(path, "must not be empty")
    elif keyword == "maxLength":
        yield Issue(path, f"is too long ({len(instance):,} characters; at most {value:,})")
    elif keyword in ("minimum", "maximum"):
        word = "at least" if keyword == "minimum" else "at most"
        bound = f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else value
        if isinstance(instance, int) and abs(instance) >= 10**18:  # a long number: its size
            digits = len(str(abs(instance)))  # at most 1,000 digits: the reader refuses more
            yield Issue(path, f"{digits:,} digits, out of range: must be {word} {bound}")
        else:
            yield Issue(path, f"{_short(instance)} is out of range: must be {word} {bound}")
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
    matching = [subs for subs in branches.values() if not any(map(_wrong_type, subs))]
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


def _wrong_type(error: ValidationError) -> bool:
    """The value is of none of the types a branch takes (through nested alternatives too)."""
    if error.relative_path:
        return False
    if error.validator == "type":
        return True
    if error.validator in ("anyOf", "oneOf") and error.context:
        # Wrong only if every branch is: a branch whose value has the right type but a wrong
        # part (a figure mapping whose value is out of range) is the one the author meant.
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        return all(any(map(_wrong_type, subs)) for subs in branches.values())
    return False


def _describe_option(option: dict[str, Any], error: ValidationError) -> str:
    """What a schema (a field's, or one alternative of it) takes, in words: a mapping names
    its keys (``a mapping with amount, currency and description``)."""
    ref = option.get("$ref", "")
    if ref.startswith("#/$defs/"):
        option = BUNDLED_DEFS.get(ref.removeprefix("#/$defs/"), option)
    if "x-expected" in option:
        return str(option["x-expected"])
    if "enum" in option:
        return "one of " + ", ".join(str(v) for v in option["enum"])
    kind = option.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []
    if not kinds:
        return "a value"
    words = (_mapping_with(option) if k == "object" else expected_type(str(k)) for k in kinds)
    return " or ".join(words)


MAPPING_KEYS_NAMED = 3
"""A mapping of more keys than this is named by its first ones (required first)."""


def _mapping_with(schema: Mapping[str, Any]) -> str:
    """A mapping by the keys it takes: those it requires, then the others in the schema's
    order, all when they are few (``a mapping with amount, currency and description``), the
    first three of more (``a mapping with keys such as action, id and owner``)."""
    required = [str(k) for k in schema.get("required") or ()]
    names = [*required, *(str(k) for k in schema.get("properties") or {} if k not in required)]
    if not names:
        return expected_type("object")
    if len(names) <= MAPPING_KEYS_NAMED:
        return "a mapping with " + _and(names)
    return "a mapping with keys such as " + _and(names[:MAPPING_KEYS_NAMED])


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


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


_LINE_BREAKS = {0x0A: "\\n", 0x0D: "\\r", 0x85: "\\x85", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _short(value: Any) -> str:
    """A value as the author wrote it in YAML, on one line: a problem is one line."""
    if isinstance(value, str):
        text = "'" + value.translate(_LINE_BREAKS) + "'"
    elif value is None or isinstance(value, bool):
        text = {None: "null", True: "true", False: "false"}[value]
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def has_odd_shapes(data: Any, limit: int) -> bool:
    """Whether ``long_lists`` or ``odd_values`` would find anything: one pass that keeps no
    paths, so the walks that name where (and build a path for every value) run only for the
    rare file that needs them."""
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            if not all(type(key) is str for key in value):
                return True
            stack.extend(value.values())
        elif kind is list:
            if len(value) > limit:
                return True
            stack.extend(value)
        elif kind is float and not math.isfinite(value):
            return True
        elif kind not in (str, int, float, bool, type(None)):
            return True  # a subclass or another type: let the full walks decide
    return False


def long_lists(data: Any, limit: int) -> list[tuple[tuple[str | int, ...], int]]:
    """Paths of lists longer than ``limit`` (the document's size is already bounded)."""
    found = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items() if isinstance(k, str))
        elif isinstance(value, list):
            if len(value) > limit:
                found.append((path, len(value)))
            else:
                stack.extend(((*path, i), v) for i, v in enumerate(value))
    return sorted(found, key=lambda item: [str(p) for p in item[0]])


def odd_values(data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """What YAML can hold but a postmortem cannot: keys that are not text (JSON, the schema
    and the pages know only text keys) and numbers that are not finite (.nan, .inf)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    stack.append(((*path, key), item))
                else:
                    shown = "null" if key is None else str(key).lower()
                    found.append(
                        (
                            path,
                            f"key {shown} is not text; write it in quotes ('{shown}') or rename it",
                        )
                    )
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            found.append((path, f"{value} is not a number a postmortem can hold; write it as text"))
    return sorted(found, key=lambda item: ([str(p) for p in item[0]], item[1]))
