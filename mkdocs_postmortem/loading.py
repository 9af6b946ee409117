"""Finding, reading and validating postmortem files: every file ends up rendered or reported."""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from .model import ORDER_RULES, Incident, Relation, compute_durations, relations_of
from .preview import salvage
from .problems import DOCUMENT, Problem, field_path
from .scale import Level, slugify
from .schema import SchemaValidator, effective_schema
from .settings import Settings
from .timeutil import parse_timestamp, zone
from .timing import Timings
from .yamlsource import DocumentError, LineMap, ParsedDocument, decode, parse


@dataclass(frozen=True)
class SourceFile:
    src_uri: str
    """Path relative to docs_dir, with forward slashes."""
    abs_path: str
    display: str
    """Path shown in messages: relative to the project folder (where mkdocs.yml is)."""


@dataclass
class LoadedFile:
    source: SourceFile
    data: dict[str, Any] | None = None
    incident: Incident | None = None
    preview: Incident | None = None
    """For a file that cannot be published: what can be shown of it (PR previews)."""
    problems: list[Problem] = field(default_factory=list)
    lines: LineMap | None = None

    @property
    def blocked(self) -> bool:
        return any(p.blocking for p in self.problems)

    @property
    def declared_id(self) -> str | None:
        value = self.data.get("id") if self.data else None
        return value if isinstance(value, str) else None

    def add(
        self,
        path: Iterable[str | int],
        message: str,
        *,
        blocking: bool = True,
        at_key: bool = False,
    ) -> None:
        parts = tuple(path)
        line, column = self.lines.where(parts, key=at_key) if self.lines else (1, 1)
        self.problems.append(
            Problem(self.source.display, line, column, field_path(parts), message, blocking)
        )


def glob_matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Match docs-relative paths against globs where ``**`` spans folders and ``*`` does not."""
    regexes = [re.compile(_glob_to_regex(p)) for p in patterns]
    return lambda path: any(r.fullmatch(path) for r in regexes)


@lru_cache(maxsize=32)
def _glob_to_regex(pattern: str) -> str:
    out, i = [], 0
    pattern = pattern.strip().lstrip("/")
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


def source_for(settings: Settings, src_uri: str, abs_path: str) -> SourceFile:
    display = os.path.relpath(abs_path, settings.project_dir).replace(os.sep, "/")
    if display.startswith("../"):
        display = abs_path.replace(os.sep, "/")
    return SourceFile(src_uri=src_uri, abs_path=abs_path, display=display)


def discover(settings: Settings) -> list[SourceFile]:
    """Walk docs_dir for files matching the configured globs (front ends without a file list)."""
    match = glob_matcher(settings.paths)
    found = []
    for root, dirs, files in os.walk(settings.docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            abs_path = os.path.join(root, name)
            rel = os.path.relpath(abs_path, settings.docs_dir).replace(os.sep, "/")
            if match(rel):
                found.append(source_for(settings, rel, abs_path))
    return sorted(found, key=lambda f: f.src_uri)


@dataclass
class LoadStats:
    """What the loader did in one build: under serve, an edit re-parses only its file."""

    parsed: int = 0
    reused: int = 0


class LoadCache:
    """Loaded files by path and content, kept across ``mkdocs serve`` rebuilds.

    Keyed by a digest of the bytes (reading a file costs little next to parsing it), so an
    edit within the same mtime tick is still seen. Valid only for the settings it was filled
    with: a loader with other settings starts it afresh."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[bytes, LoadedFile]] = {}
        self._bound: tuple[Settings, bytes] | None = None

    def bind(self, settings: Settings, schema: Mapping[str, Any]) -> None:
        """Start afresh when the options or the effective schema (a team's file) changed."""
        fingerprint = hashlib.blake2b(
            json.dumps(schema, sort_keys=True, default=str).encode(), digest_size=16
        ).digest()
        if (settings, fingerprint) != self._bound:
            self._entries.clear()
            self._bound = (settings, fingerprint)

    def get(self, path: str, digest: bytes) -> LoadedFile | None:
        entry = self._entries.get(path)
        return _fresh_copy(entry[1]) if entry and entry[0] == digest else None

    def put(self, path: str, digest: bytes, loaded: LoadedFile) -> None:
        self._entries[path] = (digest, _fresh_copy(loaded))

    def keep_only(self, paths: set[str]) -> None:
        """Forget deleted files, so a long serve session does not grow."""
        for path in [p for p in self._entries if p not in paths]:
            del self._entries[path]


def _fresh_copy(loaded: LoadedFile) -> LoadedFile:
    """A copy that the cross-file checks of one build can change without touching the cache.
    ``data`` and the line map are never changed after loading and are shared."""
    problems = list(loaded.problems)
    copy = LoadedFile(loaded.source, loaded.data, None, None, problems, loaded.lines)
    if loaded.incident is not None:
        copy.incident = replace(
            loaded.incident, relations=list(loaded.incident.relations), problems=problems
        )
    if loaded.preview is not None:
        copy.preview = replace(loaded.preview, problems=problems)
    return copy


class Loader:
    """Reads and checks files one by one; the schema validator is compiled once here."""

    def __init__(self, settings: Settings, cache: LoadCache | None = None) -> None:
        self.settings = settings
        schema = effective_schema(settings)
        self.validator = SchemaValidator(schema)
        zone(settings.timezone)  # fail early on a bad default timezone
        self.cache = cache
        if cache is not None:
            cache.bind(settings, schema)
        self.stats = LoadStats()

    def load(self, source: SourceFile, timings: Timings | None = None) -> LoadedFile:
        timings = timings or Timings()
        try:
            with timings.stage("parse"):
                raw = self._read(source)
        except DocumentError as exc:
            self.stats.parsed += 1
            loaded = LoadedFile(source)
            loaded.problems.append(
                Problem(source.display, exc.line, exc.column, DOCUMENT, exc.message)
            )
            return loaded
        digest = b""
        if self.cache is not None:
            digest = hashlib.blake2b(raw, digest_size=16).digest()
            cached = self.cache.get(source.abs_path, digest)
            if cached is not None and cached.source == source:
                self.stats.reused += 1
                return cached
        self.stats.parsed += 1
        loaded = self._load(source, raw, timings)
        if self.cache is not None:
            self.cache.put(source.abs_path, digest, loaded)
        return loaded

    def _load(self, source: SourceFile, raw: bytes, timings: Timings) -> LoadedFile:
        loaded = LoadedFile(source)
        try:
            with timings.stage("parse"):
                text = decode(raw)
                loaded.lines = LineMap(text)
                document = parse(text)
        except DocumentError as exc:
            loaded.problems.append(
                Problem(source.display, exc.line, exc.column, DOCUMENT, exc.message)
            )
            return loaded
        loaded.data = document.data
        with timings.stage("validate"):
            self._validate(loaded, document)
        return loaded

    def _validate(self, loaded: LoadedFile, document: ParsedDocument) -> None:
        source = loaded.source
        assert loaded.lines is not None
        if has_odd_shapes(document.data, self.settings.max_list_items):
            for path, length in long_lists(document.data, self.settings.max_list_items):
                loaded.add(
                    path,
                    f"{length:,} entries, over the limit of {self.settings.max_list_items:,} "
                    "(plugin option max_list_items)",
                )
            for path, message in odd_values(document.data):
                loaded.add(path, message, at_key=message.startswith("key"))
        if loaded.blocked:  # bounded work: a huge list is neither validated nor rendered
            return
        for key, line, column in document.duplicate_keys:
            loaded.problems.append(
                Problem(
                    source.display,
                    line,
                    column,
                    key,
                    "this key appears twice in the same mapping; only one value can be kept",
                )
            )
        for issue in self.validator.issues(document.data):
            path = issue.path[:-1] if issue.at_parent else issue.path
            line, column = loaded.lines.where(path, key=issue.at_key)
            loaded.problems.append(
                Problem(source.display, line, column, field_path(issue.path), issue.message)
            )
        if not loaded.blocked:
            loaded.incident = self._incident(loaded, document.data)
        if loaded.incident is None:
            salvaged = salvage(self.validator, document.data)
            if salvaged is not None:
                loaded.preview = self._incident(loaded, salvaged, preview=True)

    def _read(self, source: SourceFile) -> bytes:
        limit = self.settings.max_file_size
        try:
            with open(source.abs_path, "rb") as fh:
                raw = fh.read(limit + 1)
        except OSError as exc:
            raise DocumentError(f"file cannot be read: {exc.strerror or exc}") from None
        if len(raw) > limit:
            size = os.path.getsize(source.abs_path)
            raise DocumentError(
                f"file is {size:,} bytes, over the limit of {limit:,} bytes "
                "(plugin option max_file_size)"
            )
        return raw

    def _incident(
        self, loaded: LoadedFile, data: dict[str, Any], *, preview: bool = False
    ) -> Incident | None:
        """The model of a valid document; with ``preview``, of a salvaged one, never failing
        and reporting nothing more (its problems are already on the file)."""
        settings = self.settings
        zone_name = data.get("timezone", settings.timezone)
        try:
            zone(zone_name)
        except ValueError as exc:
            if not preview:
                loaded.add(("timezone",), str(exc))
                return None
            zone_name = settings.timezone
        timestamps: dict[str, datetime] = {}
        for key, value in data.get("timestamps", {}).items():
            if not key.startswith("x-"):
                timestamps[key] = parse_timestamp(value, zone_name)
        for later, earlier in ORDER_RULES if not preview else ():
            if (
                later in timestamps
                and earlier in timestamps
                and timestamps[later] < timestamps[earlier]
            ):
                loaded.add(
                    ("timestamps", later),
                    f"{later} ({data['timestamps'][later]}) is before {earlier} "
                    f"({data['timestamps'][earlier]})",
                    blocking=False,
                )
        written = data.get("severity")
        severity = settings.severity.resolve(written) if isinstance(written, str) else None
        if severity is None:
            severity = Level("?", "Unknown severity", "", len(settings.severity.levels))
        return Incident(
            id=data["id"],
            title=data["title"],
            date=data["date"],
            severity=severity,
            status=data["status"],
            data=data,
            source=loaded.source.display,
            src_uri=loaded.source.src_uri,
            timestamps=timestamps,
            durations=compute_durations(timestamps),
            relations=[] if preview else relations_of(data["id"], data),
            problems=loaded.problems,
            preview=preview,
        )


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


def check_archive(files: list[LoadedFile]) -> None:
    """Cross-file rules: unique ids (case-insensitive, as URLs are) and relations that resolve."""
    owners: dict[str, LoadedFile] = {}
    for loaded in sorted(files, key=lambda f: f.source.src_uri):
        declared = loaded.declared_id
        if declared is None:
            continue
        key = slugify(declared)  # the page address: ids that share one share a page
        first = owners.get(key)
        if first is None:
            owners[key] = loaded
            continue
        if first.declared_id == declared:
            same = "the same id"
        elif (first.declared_id or "").lower() == declared.lower():
            same = f"the same id ({first.declared_id!r} differs only in case)"
        else:
            same = f"an id with the same page address as {first.declared_id!r}"
        first.add(
            ("id",),
            f"id {first.declared_id!r} is also used by {loaded.source.display}",
            blocking=False,
        )
        loaded.add(("id",), f"{same} is already used by {first.source.display}; ids must be unique")
        loaded.incident = loaded.preview = None  # the URL belongs to the first file
    for loaded in files:
        incident = loaded.incident
        if incident is None:
            continue
        kept = []
        for relation in incident.relations:
            path: tuple[str | int, ...] = ("related_incidents", relation.index)
            entry = incident.data["related_incidents"][relation.index]
            if isinstance(entry, dict):
                path += ("id",)
            if relation.target_slug == incident.slug:
                loaded.add(path, "an incident cannot be related to itself", blocking=False)
                continue
            if relation.target_slug not in owners:
                loaded.add(
                    path, f"no incident with id {relation.target!r} in the archive", blocking=False
                )
            kept.append(relation)
        incident.relations = kept
    _report_cycles([f for f in files if f.incident is not None])


CYCLE_MESSAGES = {
    "cause": "cause each other",
    "recurrence": "are each a recurrence of the other",
    "duplicate": "are each a duplicate of the other",
    "parent": "are each a parent of the other",
}


def _report_cycles(files: list[LoadedFile]) -> None:
    """Directed relations (caused-by, recurrence-of, ...) that loop back, found in linear time."""
    edges: dict[str, dict[str, list[str]]] = {}
    declared: list[tuple[LoadedFile, Relation, str, str, str]] = []
    ids: dict[str, str] = {}
    for loaded in files:
        assert loaded.incident is not None
        ids[loaded.incident.slug] = loaded.incident.id
        for relation in loaded.incident.relations:
            edge = relation.directed_edge()
            if edge is not None and edge[1] != edge[2]:
                kind, start, end = edge
                edges.setdefault(kind, {}).setdefault(start, []).append(end)
                declared.append((loaded, relation, kind, start, end))
    components = {kind: strongly_connected(graph) for kind, graph in edges.items()}
    for loaded, relation, kind, start, end in declared:
        component = components[kind].get(start)
        if component is None or component is not components[kind].get(end):
            continue
        names = sorted(ids.get(slug, slug) for slug in component)
        together = ", ".join(names[:-1]) + " and " + names[-1]
        path: tuple[str | int, ...] = ("related_incidents", relation.index)
        loaded.add(
            path,
            f"relation cycle: {together} {CYCLE_MESSAGES[kind]} "
            f"(directly or through others); one of these '{relation.type}' relations is wrong",
            blocking=False,
        )


def strongly_connected(graph: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Tarjan's algorithm without recursion: node -> its component, for components of 2+."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: dict[str, frozenset[str]] = {}
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    component = frozenset(members)
                    for member in members:
                        found[member] = component
    return found
