"""An incident as the archive sees it: the author's data plus what is derived from it (its
moments read as intervals, its figures, its severity level, its durations and relations)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .discover import SourceFile
from .lifecycle import _lifecycle, compute_durations, withheld_durations
from .moments import Moment
from .problems import Problem
from .quantities import Quantity
from .scale import UNRATED, Level, slugify
from .settings import Settings
from .spans import Span
from .values import SITE_ZONE, Finding, Values
from .zones import Zone

EXERCISE_KINDS = {
    "game-day": "Game day",
    "drill": "Drill",
    "tabletop": "Tabletop exercise",
    "fictional": "Fictional example",
    "other": "Exercise",
}


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
    timestamps: dict[str, Moment] = field(default_factory=dict)
    """The lifecycle moments, by key (started, detected...)."""
    durations: dict[str, Span] = field(default_factory=dict)
    moments: dict[tuple[str | int, ...], Moment] = field(default_factory=dict)
    """Every moment of the postmortem, by its path in the data."""
    figures: dict[tuple[str | int, ...], Quantity] = field(default_factory=dict)
    """Every figure of the postmortem, by its path in the data."""
    relations: list[Relation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Every problem of its file (shared with the loader, so later cross-file checks show)."""
    preview: bool = False
    """True for an invalid postmortem shown only as a preview page, outside the indexes."""
    unread: bool = False
    """A preview of a file YAML could not read: only its id is known (from its ``id:`` line)."""
    zone: Zone | None = None
    """The postmortem's timezone (``timezone``, or the archive's): where its pages tell time."""
    zone_source: str = SITE_ZONE
    """Where ``zone`` comes from: ``POSTMORTEM_ZONE`` or ``SITE_ZONE``."""
    withheld: dict[str, str] = field(default_factory=dict)
    """Durations left out because their ends are out of order, by key: the problem, which the
    page shows in their place (never a negative duration)."""

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
        """Newest first when sorted in reverse; ties broken by the instant impact started
        (whatever zone it was written in), then id."""
        started = self.timestamps.get("started")
        return (self.date, started.sort_key if started else "", self.id)

    @property
    def rated(self) -> bool:
        return self.severity.rated

    @property
    def exercise(self) -> str:
        """The kind of exercise (game-day, drill...), or "" for a real incident."""
        value = self.data.get("exercise")
        if isinstance(value, dict):
            value = value.get("kind")
        return str(value) if value else ""

    @property
    def exercise_label(self) -> str:
        return EXERCISE_KINDS.get(self.exercise, "Exercise") if self.exercise else ""

    @property
    def organisation(self) -> str:
        source = self.data.get("source")
        return str(source.get("organisation") or "") if isinstance(source, dict) else ""


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


def build_incident(
    data: dict[str, Any],
    source: SourceFile,
    settings: Settings,
    values: Values,
    *,
    preview: bool = False,
) -> tuple[Incident | None, list[Finding]]:
    """The incident of a schema-valid document whose moments and figures were read into
    ``values``. With ``preview``, of a salvaged one: never failing and finding nothing more
    (its problems are already on the file)."""
    findings: list[Finding] = []
    timestamps = _lifecycle(values.moments)
    written = data.get("severity")
    if written == UNRATED:
        severity = settings.severity.unrated
        required_from = settings.require_severity_from
        if not preview and required_from and str(data.get("date", "")) >= required_from:
            refused = Finding(
                ("severity",),
                f"unrated is not allowed for postmortems dated from {required_from} on "
                "(plugin option require_severity_from); expected one of: "
                + settings.severity.describe(),
            )
            return None, [*findings, refused]
    else:
        resolved = settings.severity.resolve(written) if isinstance(written, str) else None
        severity = resolved or settings.severity.unknown
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
        withheld=withheld_durations(timestamps, values.zone_source),
        moments=values.moments,
        zone=values.zone,
        zone_source=values.zone_source,
        figures=values.figures,
        relations=[] if preview else relations_of(data["id"], data),
        preview=preview,
    )
    return incident, findings
