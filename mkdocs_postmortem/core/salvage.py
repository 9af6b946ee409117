"""What can still be shown of an invalid postmortem, for pull-request previews: the author's
data with every invalid part removed and placeholders for missing required fields."""

from __future__ import annotations

import copy
import re
from typing import Any

from .schema import BUNDLED_ID_PATTERN
from .validate import SchemaValidator

PLACEHOLDER_SUMMARY = "*No valid summary yet: see the problems above.*"


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
    pruned.setdefault("severity", written if isinstance(written, str) and written else "?")
    pruned.setdefault("title", incident_id)
    pruned.setdefault("date", "unknown date")
    pruned.setdefault("status", "draft")
    pruned.setdefault("summary", PLACEHOLDER_SUMMARY)
    return pruned


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
