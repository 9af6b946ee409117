"""Ordered scales (severity, priority) that a team configures, with aliases."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SLUG_RE = re.compile(r"[^a-z0-9]+")

UNRATED = "unrated"
"""The severity of an incident whose level nobody stated: outside every scale, never ranked."""
UNKNOWN = "?"
"""The severity of a preview whose written level could not be read: after every level."""


def slugify(value: str) -> str:
    """Lower-case URL segment; level ids and incident ids are already restricted to safe chars."""
    return SLUG_RE.sub("-", value.lower()).strip("-") or "level"


@dataclass(frozen=True)
class Level:
    """One level of a scale. ``rank`` 0 is the most severe / most urgent."""

    id: str
    label: str
    description: str
    rank: int
    aliases: tuple[str, ...] = ()
    response_target: str = ""

    @property
    def slug(self) -> str:
        return slugify(self.id)

    @property
    def rated(self) -> bool:
        """A level of the scale, not the unrated group."""
        return self.id != UNRATED


@dataclass(frozen=True)
class Scale:
    """An ordered list of levels; ``resolve`` maps an id or alias to its level."""

    name: str
    levels: tuple[Level, ...]
    _lookup: Mapping[str, Level] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, name: str, entries: Iterable[Mapping[str, object]]) -> Scale:
        """Build from config entries; raises ValueError on empty scales or clashing names."""
        levels: list[Level] = []
        lookup: dict[str, Level] = {}
        slugs: dict[str, str] = {}
        for rank, entry in enumerate(entries):
            level_id = str(entry["id"]).strip()
            if not level_id:
                raise ValueError(f"{name} level {rank + 1} has an empty id")
            aliases = tuple(str(a) for a in (entry.get("aliases") or ()))  # type: ignore[attr-defined]
            level = Level(
                id=level_id,
                label=str(entry.get("label") or level_id),
                description=str(entry.get("description") or ""),
                rank=rank,
                aliases=aliases,
                response_target=str(entry.get("response_target") or ""),
            )
            for key in (level_id, *aliases):
                if key.lower() == UNRATED:
                    raise ValueError(
                        f"{name} name {key!r} is reserved for incidents without a level"
                    )
                if key in lookup and lookup[key] is not level:
                    raise ValueError(
                        f"{name} name {key!r} is used by both {lookup[key].id} and {level_id}"
                    )
                lookup[key] = level
            if level.slug in slugs:
                raise ValueError(
                    f"{name} levels {slugs[level.slug]} and {level_id} have the same URL slug"
                )
            slugs[level.slug] = level_id
            levels.append(level)
        if not levels:
            raise ValueError(f"the {name} scale needs at least one level")
        return cls(name=name, levels=tuple(levels), _lookup=lookup)

    @property
    def unrated(self) -> Level:
        """The group of incidents nobody rated: its own, after every level of the scale."""
        return Level(UNRATED, "Not rated", "No severity level was stated.", len(self.levels))

    @property
    def unknown(self) -> Level:
        """A level no preview can be ranked by (its written one is unreadable): after all."""
        return Level(UNKNOWN, "Unknown severity", "", len(self.levels) + 1)

    def entries(self) -> list[dict[str, object]]:
        """The levels as mkdocs.yml writes them: ``Scale.build`` of these is this scale."""
        return [
            {
                "id": level.id,
                "label": level.label,
                "description": level.description,
                "aliases": list(level.aliases),
                "response_target": level.response_target,
            }
            for level in self.levels
        ]

    def resolve(self, value: str) -> Level | None:
        return self._lookup.get(value)

    def names(self) -> list[str]:
        """Every accepted spelling, ids first, in scale order (used as the schema enum)."""
        ids = [level.id for level in self.levels]
        aliases = [a for level in self.levels for a in level.aliases]
        return ids + aliases

    def describe(self) -> str:
        """Human list of accepted values for error messages."""
        parts = []
        for level in self.levels:
            text = level.id
            if level.aliases:
                text += " (or " + ", ".join(level.aliases) + ")"
            parts.append(text)
        return ", ".join(parts)


def _sev(n: int, label: str, description: str, target: str) -> dict[str, object]:
    return {
        "id": f"SEV{n}",
        "label": label,
        "description": description,
        "aliases": [f"SEV-{n}", f"Sev-{n}", f"sev-{n}", f"Sev{n}", f"sev{n}"],
        "response_target": target,
    }


DEFAULT_SEVERITIES: list[dict[str, object]] = [
    _sev(1, "Critical", "Complete outage or data loss affecting all users.", "5 minutes"),
    _sev(2, "Major", "Major feature unavailable or significant degradation.", "15 minutes"),
    _sev(
        3, "Minor", "Minor feature unavailable or slight degradation; workaround exists.", "1 hour"
    ),
    _sev(4, "Low", "Cosmetic or low-impact issue, no customer-facing degradation.", "1 day"),
]

DEFAULT_PRIORITIES: list[dict[str, object]] = [
    {
        "id": "P0",
        "label": "Critical",
        "description": "Drop everything.",
        "aliases": ["Critical", "critical"],
    },
    {
        "id": "P1",
        "label": "High",
        "description": "Within a week; directly prevents recurrence.",
        "aliases": ["High", "high"],
    },
    {
        "id": "P2",
        "label": "Medium",
        "description": "Within a month; improves detection or response.",
        "aliases": ["Medium", "medium"],
    },
    {
        "id": "P3",
        "label": "Low",
        "description": "Within a quarter; general improvement.",
        "aliases": ["Low", "low"],
    },
]

DEFAULT_FACTOR_CATEGORIES: list[dict[str, str]] = [
    {"id": "detection", "label": "Detection gap", "description": "Monitoring didn't catch it."},
    {"id": "process", "label": "Process gap", "description": "Missing runbook or procedure."},
    {"id": "testing", "label": "Testing gap", "description": "Untested scenario."},
    {
        "id": "documentation",
        "label": "Documentation gap",
        "description": "Missing or outdated docs.",
    },
    {"id": "capacity", "label": "Capacity issue", "description": "Resource constraints."},
    {"id": "dependency", "label": "Dependency failure", "description": "External service."},
    {"id": "configuration", "label": "Configuration error", "description": "Misconfiguration."},
    {"id": "code-defect", "label": "Code defect", "description": "Bug in code."},
    {"id": "human-error", "label": "Human error", "description": "Manual mistake."},
]
