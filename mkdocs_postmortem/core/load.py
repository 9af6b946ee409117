"""One postmortem file through the core's stages (read, validate, model), with a cache of loaded
files for ``mkdocs serve``: every file ends up an incident, a preview, or its problems."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .discover import NotAFile, SourceFile, read_regular
from .indentation import explain_slips, indentation_slips, misaligned
from .model import Incident, build_incident
from .placeholders import unreplaced
from .problems import DOCUMENT, Problem, field_path
from .read import DocumentError, LineMap, ParsedDocument, decode, parse
from .salvage import ScannedId, salvage, scan_id, unread
from .schema import effective_schema
from .settings import Settings
from .spellings import Spellings
from .stage_timings import Timings
from .validate import SchemaValidator, has_odd_shapes, long_lists, odd_values
from .values import Values, read_values
from .zones import ZoneTable


@dataclass
class LoadedFile:
    source: SourceFile
    data: dict[str, Any] | None = None
    incident: Incident | None = None
    preview: Incident | None = None
    """For a file that cannot be published: what can be shown of it (PR previews)."""
    problems: list[Problem] = field(default_factory=list)
    lines: LineMap | None = None
    scanned: ScannedId | None = None
    """For a file YAML could not read: the id its ``id:`` line gives, if one safely does."""

    @property
    def blocked(self) -> bool:
        return any(p.blocking for p in self.problems)

    @property
    def declared_id(self) -> str | None:
        if self.data is None:
            return self.scanned.value if self.scanned else None
        value = self.data.get("id")
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
        if self.data is None and self.scanned is not None and parts[:1] == ("id",):
            line, column = self.scanned.line, self.scanned.column  # no YAML to ask
        self.problems.append(
            Problem(self.source.display, line, column, field_path(parts), message, blocking)
        )


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


def _said(path: tuple[str | int, ...], reported: set[tuple[Any, ...]]) -> bool:
    """Whether the schema already reported this field, or a part of it, or the field it is
    part of: one value gets one message (a figure whose ``value`` is out of range)."""
    return any(
        len(shorter) > 0 and longer[: len(shorter)] == shorter
        for other in reported
        for shorter, longer in (sorted((path, other), key=len),)
    )


def _failed(source: SourceFile, exc: Exception) -> LoadedFile:
    """A file the loader failed on, with the failure as its one problem: the others are still
    published. Every known cause is fixed where it arises (a number too long, a date out of
    range, a text too long to read); this is the net for one not known yet."""
    detail = " ".join(str(exc).split())
    detail = detail if len(detail) <= 200 else detail[:197] + "..."
    loaded = LoadedFile(source)
    loaded.problems.append(
        Problem(
            source.display,
            1,
            1,
            DOCUMENT,
            f"this file could not be checked ({type(exc).__name__}: {detail}); it is left out "
            "of the archive. This is a bug of mkdocs-postmortem: please report it with the file",
        )
    )
    return loaded


def _fresh_copy(loaded: LoadedFile) -> LoadedFile:
    """A copy that the cross-file checks of one build can change without touching the cache.
    ``data`` and the line map are never changed after loading and are shared."""
    problems = list(loaded.problems)
    copy = LoadedFile(
        loaded.source, loaded.data, None, None, problems, loaded.lines, loaded.scanned
    )
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
        self.validator = SchemaValidator.compiled(schema)
        self.spellings = Spellings(schema)
        self.zones = ZoneTable(dict(settings.time_zones))
        self.zones.resolve(settings.timezone)  # fail early on a bad default timezone
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
        try:
            loaded = self._load(source, raw, timings)
        except Exception as exc:  # one file must not take the build down: see _failed
            loaded = _failed(source, exc)
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
            where = field_path(exc.path) if exc.path else DOCUMENT
            message = exc.message
            if loaded.lines is not None and message.startswith("YAML syntax error"):
                message += misaligned(text, exc.line)  # a key or an entry one space off
            loaded.problems.append(Problem(source.display, exc.line, exc.column, where, message))
            if exc.unparsed:
                self._unread(loaded, raw)
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
        reported = set()
        # Other spellings of a status (In Progress, Complete) become the schema's own value
        # here, once, before anything reads it.
        self.spellings.normalise(document.data)
        issues = self.validator.issues(document.data)
        if issues:  # keys that lost their indentation are said to be likely that
            lines = loaded.lines
            slips = indentation_slips(document.data, self.validator.schema, issues)
            issues = explain_slips(issues, slips, lambda path: lines.where(path, key=True)[0])
        for issue in issues:
            path = issue.path[:-1] if issue.at_parent else issue.path
            line, column = loaded.lines.where(path, key=issue.at_key)
            loaded.problems.append(
                Problem(source.display, line, column, field_path(issue.path), issue.message)
            )
            reported.add(tuple(issue.path))
        # Moments and figures are read whatever else is wrong: one run reports them all.
        values = read_values(document.data, self.settings, self.zones)
        for finding in values.findings:
            if not _said(finding.path, reported):
                loaded.add(finding.path, finding.message, blocking=finding.blocking)
        # The scaffold's own sentences are valid but say nothing: not to be published.
        for path, message in unreplaced(document.data):
            if path not in reported:
                loaded.add(path, message)
        if not loaded.blocked:
            loaded.incident = self._model(loaded, document.data, values)
        if loaded.incident is None:
            salvaged = salvage(self.validator, document.data)
            if salvaged is not None:
                kept = read_values(salvaged, self.settings, self.zones)
                loaded.preview = self._model(loaded, salvaged, kept, preview=True)

    def _unread(self, loaded: LoadedFile, raw: bytes) -> None:
        """A file YAML could not read: nothing but the syntax error can be known of it, but
        its id, when one ``id:`` line safely gives it, names its preview page (which shows
        the error) and lets other files' relations to it resolve."""
        loaded.scanned = scan_id(raw.decode("utf-8-sig", "replace"))
        if loaded.scanned is not None:
            data = unread(loaded.scanned)
            preview = self._model(
                loaded, data, read_values(data, self.settings, self.zones), preview=True
            )
            if preview is not None:
                preview.unread = True
            loaded.preview = preview

    def _read(self, source: SourceFile) -> bytes:
        """The file's bytes, up to the size limit; a FIFO, a device or a link out of docs_dir
        is refused unread (``read_regular``), whichever front end asks."""
        limit = self.settings.max_file_size
        try:
            raw, size = read_regular(source.abs_path, limit + 1, self.settings.docs_dir)
        except NotAFile as exc:
            raise DocumentError(str(exc)) from None
        except OSError as exc:
            raise DocumentError(f"file cannot be read: {exc.strerror or exc}") from None
        if len(raw) > limit:
            raise DocumentError(
                f"file is {size:,} bytes, over the limit of {limit:,} bytes "
                "(plugin option max_file_size)"
            )
        return raw

    def _model(
        self, loaded: LoadedFile, data: dict[str, Any], values: Values, *, preview: bool = False
    ) -> Incident | None:
        incident, findings = build_incident(
            data, loaded.source, self.settings, values, preview=preview
        )
        for finding in findings:
            loaded.add(finding.path, finding.message, blocking=finding.blocking)
        if incident is not None:
            incident.problems = loaded.problems  # shared, so later cross-file checks show
        return incident
