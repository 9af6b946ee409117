"""Indentation slips, said as questions: keys unknown where they stand that are fields of the
section before them (which keys belong where is read from the schema), and, for a YAML syntax
error, a line one space off the key or the entry it was meant to line up with. Apart from the
schema's messages because they read the document's layout, not its values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .places import value_at
from .problems import field_path
from .schema import SchemaWalker
from .validate import Issue, _and


@dataclass(frozen=True)
class Slip:
    """Keys that are unknown where they stand but are fields of the section just before them:
    most likely they lost their indentation. The section is empty (``people:`` then
    ``incident_commander:`` at the start of the next line), or it holds keys already and
    these were dropped out of it (``scribe:`` back at the top level after
    ``  incident_commander: Alice``)."""

    field: tuple[str | int, ...]
    keys: tuple[str, ...]
    entries: bool
    """The field is a list of mappings: the keys belong in an entry (``- ``), not under it."""
    sibling: tuple[str | int, ...] = ()
    """For a section that is not empty: its last key (of its last entry, for a list), relative
    to the section, which the keys were meant to line up with."""


def indentation_slips(data: Any, schema: Mapping[str, Any], issues: list[Issue]) -> list[Slip]:
    """The likely indentation slips of a document, from its unknown-field issues: which keys
    belong under which field is read from the schema."""
    unknown: dict[tuple[str | int, ...], set[str]] = {}
    for issue in issues:
        if issue.at_key and issue.message.startswith("unknown field") and issue.path:
            name = issue.path[-1]
            if isinstance(name, str):
                unknown.setdefault(issue.path[:-1], set()).add(name)
    if not unknown:
        return []
    walker = SchemaWalker(schema)
    slips = []
    for parent, names in unknown.items():
        mapping = value_at(data, parent)
        if not isinstance(mapping, dict):
            continue
        keys = list(mapping)
        for index, key in enumerate(keys):
            if key in names or index + 1 == len(keys) or keys[index + 1] not in names:
                continue
            fields, entries = _fields_of(walker, (*parent, key))
            value = mapping[key]
            sibling = () if value is None or value == {} or value == [] else _last(value, entries)
            if sibling is None:
                continue
            after: list[str] = []
            for following in keys[index + 1 :]:
                if following not in names or following not in fields:
                    break
                after.append(following)
            if after:
                slips.append(Slip((*parent, key), tuple(after), entries, sibling))
    return slips


def _last(value: Any, entries: bool) -> tuple[str | int, ...] | None:
    """The last key of a section that holds keys (of its last entry, for a list of
    mappings); None for anything else."""
    if entries and isinstance(value, list) and value and isinstance(value[-1], dict):
        entry = value[-1]
        return (len(value) - 1, list(entry)[-1]) if entry else None
    if not entries and isinstance(value, dict) and value:
        return (list(value)[-1],)
    return None


def explain_slips(
    issues: list[Issue], slips: list[Slip], line_of: Callable[[tuple[str | int, ...]], int]
) -> list[Issue]:
    """The issues with each slip said on both sides: the empty field asks whether the keys
    after it were meant under it, and each of those keys names the field (with lines), and
    the key of the section it was meant to line up with when there is one."""
    if not slips:
        return issues
    by_field = {slip.field: slip for slip in slips}
    by_key = {(*slip.field[:-1], key): slip for slip in slips for key in slip.keys}
    out = []
    for issue in issues:
        slip = by_field.get(issue.path)
        if slip is not None and not issue.at_parent and issue.message.startswith("expected"):
            kind = "a list" if slip.entries else "a mapping"
            lines = [line_of((*slip.field[:-1], key)) for key in slip.keys]
            names = _and([f"'{key}'" for key in slip.keys])
            where = "line" if len(lines) == 1 else "lines"
            verb = "is" if len(lines) == 1 else "are"
            question = f"{verb} {names} on {where} {_and([str(n) for n in lines])} meant to be "
            message = f"expected {kind}, got nothing — {question}{_under(slip)}?"
            issue = replace(issue, message=message)
        slip = by_key.get(issue.path)
        if slip is not None and issue.at_key and issue.message.startswith("unknown field"):
            parent = slip.field[:-1]
            place = "at the top level" if not parent else f"in {field_path(parent)}"
            under = _under(slip, line_of(slip.field))
            if slip.sibling:
                name, at = slip.sibling[-1], line_of((*slip.field, *slip.sibling))
                under += f", lined up with '{name}' on line {at}"
            message = f"unknown field {place} — is it meant to be {under}?"
            issue = replace(issue, message=message)
        out.append(issue)
    return out


def _under(slip: Slip, line: int | None = None) -> str:
    name, at = slip.field[-1], f" on line {line}" if line else ""
    if slip.entries and slip.sibling:
        return f"in the last entry of '{name}:'{at}"
    if slip.entries:
        return f"in an entry of '{name}:'{at} (indented, after '- ')"
    return f"indented under '{name}:'{at}"


@dataclass(frozen=True)
class _Line:
    """What a line of YAML starts with: an entry's ``-`` and a key, and where."""

    number: int
    indent: int
    dash: int | None
    key: str | None
    key_column: int | None
    opens: bool
    """The key has no value on its line: what follows, indented, is its own."""


_DASH = re.compile(r"-(?: +|$)")
_KEY = re.compile(r"""("[^"]*"|'[^']*'|[^\s#'"\[\]{},&*!|>%@`-][^#]*?) *:(?: +|$)(.*)""")
_OPENS = re.compile(r"(?:[|>][-+0-9]*)? *(?:#.*)?")


def _read_line(number: int, line: str) -> _Line | None:
    """None for a line with nothing to line up: blank, or a comment."""
    text = line.rstrip()
    indent = len(text) - len(text.lstrip(" "))
    rest = text[indent:]
    if not rest or rest.startswith("#"):
        return None
    dash, column = None, indent
    entry = _DASH.match(rest)
    if entry:
        dash, column, rest = indent, indent + entry.end(), rest[entry.end() :]
    key = _KEY.match(rest)
    if key is None:
        return _Line(number, indent, dash, None, None, False)
    return _Line(number, indent, dash, key.group(1), column, bool(_OPENS.fullmatch(key.group(2))))


def misaligned(text: str, line: int) -> str:
    """For a YAML syntax error reported at ``line`` (1-based): where that line or the one
    above it starts one space off the key or the entry it was surely meant to line up with
    (a half-indented key, an entry one space off), said as a question to add to the error;
    "" when no such line is found. Only the lines up to ``line`` are read."""
    lines = text.split("\n", line)[:line]
    numbered = [(n, ln) for n, ln in enumerate(lines, start=1)]
    read = [r for r in (_read_line(n, ln) for n, ln in numbered) if r is not None]
    for position in range(len(read) - 1, max(len(read) - 3, -1), -1):
        found = _sibling(read, position)
        if found:
            return found
    return ""


def _sibling(read: list[_Line], position: int) -> str:
    """The question for the line at ``position`` when it is one space off the nearest line
    above it that starts the same way (an entry, or a key) and is not its parent."""
    line = read[position]
    entry = line.dash is not None
    column = line.dash if entry else line.key_column
    if column is None:
        return ""
    for above in reversed(read[:position]):
        other = above.dash if entry else above.key_column
        if other is None and entry:
            if above.indent < column:
                return ""  # the list's own key, or shallower: no entry to line up with
            continue
        if other is None or other > column + 1:
            if above.indent > column + 1:
                continue  # inside a sibling above
            return ""
        if other == column:
            return ""  # lined up with it: this line is not the slip
        if abs(other - column) == 1:
            if other < column and above.opens and not entry:
                return ""  # its parent: any deeper indent is right
            return _question(line, above)
        if other < column:
            return ""
    return ""


def _question(line: _Line, above: _Line) -> str:
    if line.dash is not None and above.dash is not None:
        return (
            f" — is the entry on line {line.number} meant to line up with the entry on line "
            f"{above.number} ('-' after {_spaces(line.dash)} against {above.dash or 'none'})?"
        )
    counting = ", counting '- '" if line.dash is not None or above.dash is not None else ""
    return (
        f" — is '{line.key}' on line {line.number} meant to line up with '{above.key}' on "
        f"line {above.number} ({_spaces(line.key_column or 0)} against "
        f"{above.key_column or 'none'}{counting})?"
    )


def _spaces(count: int) -> str:
    return "no space" if not count else "1 space" if count == 1 else f"{count} spaces"


def _fields_of(walker: SchemaWalker, path: tuple[str | int, ...]) -> tuple[set[str], bool]:
    """The fields a mapping at ``path`` may hold (of its entries, for a list of mappings), and
    whether it is such a list."""
    node: Mapping[str, Any] | None = walker.root
    for part in path:
        if node is None:
            return set(), False
        node = walker.resolve(node)
        if isinstance(part, int):
            items = node.get("items")
            node = items if isinstance(items, Mapping) else None
        else:
            node = walker.object_branch(node).get("properties", {}).get(part)
    if node is None:
        return set(), False
    node = walker.resolve(node)
    items = node.get("items")
    if isinstance(items, Mapping):
        return set(walker.object_branch(items).get("properties", {})), True
    branch = walker.object_branch(node)
    return set(branch.get("properties", {})) if branch.get("type") == "object" else set(), False
