"""What can still be shown of an invalid postmortem, for pull-request previews: the author's
data with every invalid part removed and placeholders for missing required fields; for a file
YAML could not read, its id found by a line scan."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from .scale import UNKNOWN
from .schema import BUNDLED_ID_PATTERN
from .validate import SchemaValidator

PLACEHOLDER_SUMMARY = "*No valid summary yet: see the problems above.*"
UNREAD_SUMMARY = (
    "*Nothing of this file can be shown until YAML can read it: see the problem above.*"
)


def salvage(validator: SchemaValidator, data: dict[str, Any]) -> dict[str, Any] | None:
    """A schema-shaped copy of ``data``, or None when the file has no usable id (its page would
    have no safe URL) or cannot be pruned into shape."""
    incident_id = data.get("id")
    if not isinstance(incident_id, str) or not re.fullmatch(BUNDLED_ID_PATTERN, incident_id):
        return None
    pruned = copy.deepcopy(data)
    for _ in range(10):
        targets = set()
        for issue in validator.detailed_issues(pruned):
            target = issue.path[:-1] if issue.at_parent else issue.path
            if target:
                targets.add(target)
        if not targets:
            break
        for target in sorted(targets, key=_order, reverse=True):
            _remove(pruned, target)
    else:
        return None
    written = data.get("severity")
    pruned.setdefault("severity", written if isinstance(written, str) and written else UNKNOWN)
    return _placeholders(pruned, incident_id, PLACEHOLDER_SUMMARY)


def _placeholders(data: dict[str, Any], incident_id: str, summary: str) -> dict[str, Any]:
    data.setdefault("severity", UNKNOWN)
    data.setdefault("title", incident_id)
    data.setdefault("date", "unknown date")
    data.setdefault("status", "draft")
    data.setdefault("summary", summary)
    return data


@dataclass(frozen=True)
class ScannedId:
    """The id of a file YAML could not read, as its ``id:`` line gives it, and where."""

    value: str
    line: int
    column: int


_ID_LINE = re.compile(r"id:[ \t]+(?P<value>\"[^\"\\]*\"|'[^']*'|[^\s#'\"][^\s#]*)[ \t]*(?:#.*)?")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""The line breaks YAML counts (its marks give the lines of every other problem)."""


def scan_id(text: str) -> ScannedId | None:
    """The id of a file whose YAML cannot be parsed (a tab, an unclosed bracket), from its one
    ``id:`` line at the start of a line; None when there is none, more than one, or the value is
    not an id that is a safe URL segment. The file's other fields cannot be known, but its
    preview page and the relations of other files to it can use the id."""
    found = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        match = _ID_LINE.fullmatch(line)
        if match is not None:
            found.append(ScannedId(match["value"], number, match.start("value") + 1))
    if len(found) != 1:
        return None
    scanned = found[0]
    value = scanned.value
    if value[:1] in ("'", '"'):
        value = value[1:-1]
    if not re.fullmatch(BUNDLED_ID_PATTERN, value):
        return None
    return ScannedId(value, scanned.line, scanned.column)


def unread(scanned: ScannedId) -> dict[str, Any]:
    """The data of the preview page of a file YAML could not read: its id, placeholders."""
    return _placeholders({"id": scanned.value}, scanned.value, UNREAD_SUMMARY)


def _order(path: tuple[str | int, ...]) -> tuple[tuple[int, str | int], ...]:
    """Sort key for mixed paths: list indexes compare as numbers, so the highest goes first."""
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)


def _remove(data: Any, path: tuple[str | int, ...]) -> None:
    parent = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]
