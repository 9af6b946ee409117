"""An incident as the archive sees it: the author's data plus what is derived from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from typing import Any

from .discover import SourceFile
from .problems import Problem
from .scale import Level, slugify
from .settings import Settings
from .timestamps import parse_timestamp, zone

LIFECYCLE = ("started", "detected", "acknowledged", "mitigated", "resolved")


@dataclass(frozen=True)
class DurationSpec:
    key: str
    label: str
    abbreviation: str
    start: str
    end: str
    meaning: str


DURATIONS = (
    DurationSpec(
        "time_to_detect",
        "Time to detect",
        "TTD",
        "started",
        "detected",
        "from impact start to the first alert or report",
    ),
    DurationSpec(
        "time_to_acknowledge",
        "Time to acknowledge",
        "TTA",
        "detected",
        "acknowledged",
        "from detection to a responder acknowledging",
    ),
    DurationSpec(
        "time_to_mitigate",
        "Time to mitigate",
        "TTM",
        "started",
        "mitigated",
        "from impact start to customer impact stopping",
    ),
    DurationSpec(
        "time_to_resolve",
        "Time to resolve",
        "TTR",
        "started",
        "resolved",
        "from impact start to full resolution",
    ),
)


@dataclass(frozen=True)
class RelationType:
    id: str
    label: str
    inverse_label: str


RELATION_TYPES: dict[str, RelationType] = {
    t.id: t
    for t in (
        RelationType("related", "related to", "related to"),
        RelationType("recurrence-of", "recurrence of", "recurred as"),
        RelationType("caused-by", "caused by", "caused"),
        RelationType("causes", "caused", "caused by"),
        RelationType("duplicate-of", "duplicate of", "duplicated by"),
        RelationType("parent-of", "parent of", "child of"),
        RelationType("child-of", "child of", "parent of"),
    )
}


CYCLE_KINDS: dict[str, tuple[str, bool]] = {
    "caused-by": ("cause", True),
    "causes": ("cause", False),
    "recurrence-of": ("recurrence", True),
    "duplicate-of": ("duplicate", False),
    "parent-of": ("parent", False),
    "child-of": ("parent", True),
}
"""Relation types with a direction that cannot loop: (kind, whether the edge points from the
target to the source). ``A caused-by B`` and ``B causes A`` are the same edge B → A."""


@dataclass(frozen=True)
class Relation:
    """A relation as declared in ``source``'s file, to the incident with id ``target``."""

    source: str
    target: str
    type: str
    note: str
    index: int

    @property
    def target_slug(self) -> str:
        return slugify(self.target)

    def directed_edge(self) -> tuple[str, str, str] | None:
        """(kind, from slug, to slug) for relations that order incidents; None for 'related'."""
        kind = CYCLE_KINDS.get(self.type)
        if kind is None:
            return None
        source, target = slugify(self.source), self.target_slug
        return (kind[0], target, source) if kind[1] else (kind[0], source, target)


@dataclass
class Incident:
    """A schema-valid postmortem. ``data`` is the author's mapping, untouched, for the page."""

    id: str
    title: str
    date: str
    severity: Level
    status: str
    data: dict[str, Any]
    source: str
    """Path of the YAML file as shown in messages (relative to the project)."""
    src_uri: str
    """Path of the YAML file relative to docs_dir."""
    timestamps: dict[str, datetime] = field(default_factory=dict)
    durations: dict[str, timedelta] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Every problem of its file (shared with the loader, so later cross-file checks show)."""
    preview: bool = False
    """True for an invalid postmortem shown only as a preview page, outside the indexes."""

    @property
    def blocking_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @cached_property
    def slug(self) -> str:
        return slugify(self.id)

    @property
    def services(self) -> list[str]:
        return list(self.data.get("services", []))

    @property
    def tags(self) -> list[str]:
        return list(self.data.get("tags", []))

    @property
    def description(self) -> str:
        """One line for search results and link previews."""
        line = self.data.get("one_line_summary") or self.data["summary"]
        text = " ".join(str(line).split())
        return text if len(text) <= 200 else text[:197] + "..."

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """Newest first when sorted in reverse; ties broken by start time, then id."""
        started = self.timestamps.get("started")
        instant = started.astimezone(timezone.utc).isoformat() if started else ""
        return (self.date, instant, self.id)


def relations_of(incident_id: str, data: dict[str, Any]) -> list[Relation]:
    """Both forms of ``related_incidents`` (bare id, or id with type and note) as relations."""
    out = []
    for index, entry in enumerate(data.get("related_incidents", [])):
        if isinstance(entry, str):
            out.append(Relation(incident_id, entry, "related", "", index))
        else:
            out.append(
                Relation(
                    incident_id,
                    entry["id"],
                    entry.get("type", "related"),
                    entry.get("note", ""),
                    index,
                )
            )
    return out


def compute_durations(timestamps: dict[str, datetime]) -> dict[str, timedelta]:
    """Only where both ends are known: a missing timestamp is never guessed."""
    return {
        spec.key: timestamps[spec.end] - timestamps[spec.start]
        for spec in DURATIONS
        if spec.start in timestamps and spec.end in timestamps
    }


ORDER_RULES = (
    ("detected", "started"),
    ("acknowledged", "started"),
    ("mitigated", "started"),
    ("resolved", "started"),
    ("acknowledged", "detected"),
    ("resolved", "detected"),
    ("resolved", "mitigated"),
)
"""(later, earlier) pairs: ``later`` must not be before ``earlier``."""


@dataclass(frozen=True)
class Finding:
    """A problem the model finds in a schema-valid document; the loader gives it its line."""

    path: tuple[str | int, ...]
    message: str
    blocking: bool = True


def build_incident(
    data: dict[str, Any], source: SourceFile, settings: Settings, *, preview: bool = False
) -> tuple[Incident | None, list[Finding]]:
    """The incident of a schema-valid document, or None with the findings that keep it off
    the site. With ``preview``, of a salvaged document: never failing and finding nothing more
    (its problems are already on the file)."""
    findings: list[Finding] = []
    zone_name = data.get("timezone", settings.timezone)
    try:
        zone(zone_name)
    except ValueError as exc:
        if not preview:
            return None, [Finding(("timezone",), str(exc))]
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
            findings.append(
                Finding(
                    ("timestamps", later),
                    f"{later} ({data['timestamps'][later]}) is before {earlier} "
                    f"({data['timestamps'][earlier]})",
                    blocking=False,
                )
            )
    written = data.get("severity")
    severity = settings.severity.resolve(written) if isinstance(written, str) else None
    if severity is None:
        severity = Level("?", "Unknown severity", "", len(settings.severity.levels))
    incident = Incident(
        id=data["id"],
        title=data["title"],
        date=data["date"],
        severity=severity,
        status=data["status"],
        data=data,
        source=source.display,
        src_uri=source.src_uri,
        timestamps=timestamps,
        durations=compute_durations(timestamps),
        relations=[] if preview else relations_of(data["id"], data),
        preview=preview,
    )
    return incident, findings
