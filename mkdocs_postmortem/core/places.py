"""Where a schema says something of a document's values: which fields hold Markdown, which hold
a URL, which accept other spellings. Read from the schema once (its ``$ref``s, alternatives and
conditions followed), then found in each document in one walk, so that a rule about a kind of
field names the kind in the schema and never lists fields of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

Mark = TypeVar("Mark")
Path = tuple[str | int, ...]


@dataclass
class _Node(Generic[Mark]):
    """What the schema says of one place of a document, and of the places it holds."""

    mark: Mark | None = None
    properties: dict[str, _Node[Mark] | None] = field(default_factory=dict)
    """None: a named place that holds no mark (walks stop there)."""
    items: _Node[Mark] | None = None
    other: _Node[Mark] | None = None
    """Properties the schema names by pattern or leaves open (``additionalProperties``)."""


class SchemaPlaces(Generic[Mark]):
    """The places of a schema that ``marker`` marks (it reads one schema node, before and
    after its ``$ref`` is followed, and returns a mark or None)."""

    def __init__(
        self, schema: Mapping[str, Any], marker: Callable[[Mapping[str, Any]], Mark | None]
    ) -> None:
        self._marker = marker
        self._defs: dict[str, Any] = {}
        for part in (schema, *schema.get("allOf", [])):
            if isinstance(part, Mapping):
                self._defs.update(part.get("$defs", {}))
        self._root: _Node[Mark] = _Node()
        self._into(self._root, schema, frozenset())
        _prune(self._root)  # a document is walked only where a mark can be found

    def _into(self, node: _Node[Mark], schema: Any, refs: frozenset[str]) -> None:
        """Adds what ``schema`` says of a place to ``node``: every alternative counts, so a
        field that is Markdown in one branch (text, or a mapping with a note) is marked."""
        if not isinstance(schema, Mapping):
            return
        mark = self._marker(schema)
        if mark is not None:
            node.mark = mark
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and ref not in refs:
            self._into(node, self._defs.get(ref.removeprefix("#/$defs/")), refs | {ref})
        for name, sub in (schema.get("properties") or {}).items():
            child = node.properties.get(name) or _Node()
            node.properties[name] = child
            self._into(child, sub, refs)
        for sub in (schema.get("items"), *(schema.get("prefixItems") or ())):
            if isinstance(sub, Mapping):
                node.items = node.items or _Node()
                self._into(node.items, sub, refs)
        patterns = (schema.get("patternProperties") or {}).values()
        for sub in (schema.get("additionalProperties"), *patterns):
            if isinstance(sub, Mapping):
                node.other = node.other or _Node()
                self._into(node.other, sub, refs)
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key) or ():
                self._into(node, sub, refs)
        for key in ("then", "else"):
            self._into(node, schema.get(key), refs)

    def found(self, data: Any) -> Iterator[tuple[Path, Any, Mark]]:
        """(field path, value, mark) of every value of ``data`` at a marked place, in the
        document's order."""
        yield from _found(self._root, data, ())


def _prune(node: _Node[Mark]) -> bool:
    """Drops the places that hold no mark; whether ``node`` holds one."""
    for name, child in node.properties.items():
        if child is not None and not _prune(child):
            node.properties[name] = None  # named, so never read as one of ``other``
    if node.items is not None and not _prune(node.items):
        node.items = None
    if node.other is not None and not _prune(node.other):
        node.other = None
    marked = any(child is not None for child in node.properties.values())
    return marked or node.mark is not None or bool(node.items or node.other)


def _found(node: _Node[Mark], value: Any, path: Path) -> Iterator[tuple[Path, Any, Mark]]:
    if node.mark is not None:
        yield path, value, node.mark
    if isinstance(value, dict):
        for key, item in value.items():
            child = node.properties.get(key, node.other)
            if child is not None and isinstance(key, str):
                yield from _found(child, item, (*path, key))
    elif isinstance(value, list) and node.items is not None:
        for index, item in enumerate(value):
            yield from _found(node.items, item, (*path, index))


def value_at(data: Any, path: Path) -> Any:
    """The value at ``path`` of ``data``; None where the path leads nowhere."""
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data
