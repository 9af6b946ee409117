"""Status-like values in the spellings people write them: ``In Progress``, ``OPEN``,
``Not Started``, ``Complete``. A field whose schema has ``x-spellings`` accepts each of its
values in any case, with spaces or underscores for hyphens, and the other words that table
names (``complete: done``); the value is replaced by the schema's own before the file is
validated, so the schema, the model, the pages, the ledger and the exports only ever see the
canonical value. Where the schema names a field for the source's words (``x-written-in``),
a word that is not the value's own spelling (``Complete`` for ``done``) is kept there, and the
page shows it as written. Anything else is left to the schema's check, whose message suggests
the nearest value (``suggestion``)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .places import Path, SchemaPlaces, value_at

SPELLINGS = "x-spellings"
WRITTEN_IN = "x-written-in"
_SEPARATORS = re.compile(r"[\s_-]+")
_DIGITS = re.compile(r"\d+")


def folded(value: str) -> str:
    """A spelling reduced to what tells values apart: lower case, words joined by ``-``."""
    return _SEPARATORS.sub("-", value.strip().lower()).strip("-")


@dataclass(frozen=True)
class Respelled:
    """A value written in another spelling than the schema's, and the value it stands for."""

    path: Path
    written: str
    canonical: str


@dataclass(frozen=True)
class _Table:
    canonical: Mapping[str, str]
    """Folded spelling -> the schema's value."""
    written_in: str | None


def _table(schema: Mapping[str, Any]) -> _Table | None:
    enum, words = schema.get("enum"), schema.get(SPELLINGS)
    if not isinstance(enum, list) or not isinstance(words, Mapping):
        return None
    canonical = {folded(str(k)): str(v) for k, v in words.items() if v in enum}
    canonical.update({folded(v): v for v in enum if isinstance(v, str)})
    written_in = schema.get(WRITTEN_IN)
    return _Table(canonical, written_in if isinstance(written_in, str) else None)


class Spellings:
    """The fields of a schema that accept other spellings; made once per effective schema."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self._places = SchemaPlaces(schema, _table)

    def normalise(self, data: dict[str, Any]) -> list[Respelled]:
        """Replaces, in ``data``, every value written in another accepted spelling by the
        schema's own, keeping a word that is not the value's own spelling in the field the
        schema names for it (when the author left that field out); returns what it changed."""
        found: list[Respelled] = []
        for path, value, table in list(self._places.found(data)):
            if not isinstance(value, str) or not path:
                continue
            canonical = table.canonical.get(folded(value))
            if canonical is None or canonical == value:
                continue
            parent = value_at(data, path[:-1])
            parent[path[-1]] = canonical
            found.append(Respelled(path, value, canonical))
            if table.written_in and isinstance(parent, dict) and folded(value) != canonical:
                parent.setdefault(table.written_in, value)
        return found


def suggestion(value: Any, allowed: Iterable[Any], words: Mapping[str, Any] | None) -> str | None:
    """The allowed value nearest to ``value`` as written (``In Progres``: ``in-progress``),
    through the other spellings ``words`` names too; None when none is near, or when the
    near ones have other numbers (``SEV9`` is not a slip of ``SEV1``)."""
    if not isinstance(value, str) or not value.strip():
        return None
    choices: dict[str, str] = {}
    for name, canonical in (*(words or {}).items(), *((v, v) for v in allowed)):
        if isinstance(name, str) and isinstance(canonical, str):
            choices.setdefault(folded(name), canonical)
    written = folded(value)
    for near in difflib.get_close_matches(written, list(choices), n=3):
        if _DIGITS.findall(near) == _DIGITS.findall(written):
            return choices[near]
    return None
