"""Every action item of the archive in one ledger: open or closed, overdue against an "as of"
date, grouped by owner and by priority, and the open backlog month by month."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.model import Incident
from ..core.scale import Level
from ..core.settings import Settings
from .metrics import month_range

CLOSED = frozenset({"done", "cancelled"})
NO_OWNER = "(no owner)"
RECENTLY_CLOSED = 50
"""Closed items the ledger page lists. The page is for what is still to do; every closed item
stays on its incident's page and in the CSV. Listing all of them made the page grow with the
archive's whole history (20,000 rows at 5,000 incidents)."""


@dataclass(frozen=True)
class Item:
    incident: Incident
    index: int
    data: dict[str, Any]
    priority: Level | None
    overdue: bool

    @property
    def status(self) -> str:
        return str(self.data.get("status", "open"))

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    @property
    def owner(self) -> str:
        return str(self.data.get("owner") or NO_OWNER)


@dataclass
class Ledger:
    as_of: str
    items: list[Item]
    """Newest incident first, then in the order the postmortem lists them."""
    by_owner: list[tuple[str, list[Item]]] = field(default_factory=list)
    by_priority: list[tuple[Level | None, list[Item]]] = field(default_factory=list)
    backlog: list[tuple[str, int]] = field(default_factory=list)
    """(month, items open at the end of that month), oldest first, up to the as-of month."""
    undated_closures: int = 0
    """Closed items without a ``completed`` date: when they closed is unknown, so the backlog
    leaves them out rather than guess."""

    @property
    def open(self) -> list[Item]:
        return [i for i in self.items if i.is_open]

    @property
    def overdue(self) -> list[Item]:
        return [i for i in self.items if i.overdue]

    @property
    def closed(self) -> list[Item]:
        return [i for i in self.items if not i.is_open]

    @property
    def recently_closed(self) -> list[Item]:
        """The latest ``RECENTLY_CLOSED`` closed items: by completion date, newest first; items
        without one after those with one, newest incident first (the ledger's order)."""
        closed = self.closed
        dated = sorted(
            (i for i in closed if "completed" in i.data),
            key=lambda i: str(i.data["completed"]),
            reverse=True,
        )
        return (dated + [i for i in closed if "completed" not in i.data])[:RECENTLY_CLOSED]


def build_ledger(settings: Settings, incidents: Iterable[Incident], as_of: str) -> Ledger:
    items = []
    for incident in incidents:
        for index, data in enumerate(incident.data.get("action_items", [])):
            written = data.get("priority")
            priority = settings.priority.resolve(written) if isinstance(written, str) else None
            is_open = data.get("status", "open") not in CLOSED
            overdue = is_open and "due" in data and str(data["due"]) < as_of
            items.append(Item(incident, index, data, priority, overdue))
    ledger = Ledger(as_of=as_of, items=items)
    owners: dict[str, list[Item]] = {}
    priorities: dict[str, list[Item]] = {}
    for item in items:
        owners.setdefault(item.owner, []).append(item)
        priorities.setdefault(item.priority.id if item.priority else "", []).append(item)
    ledger.by_owner = sorted(owners.items(), key=lambda kv: (kv[0] == NO_OWNER, kv[0].lower()))
    ledger.by_priority = [
        (level, priorities[level.id])
        for level in settings.priority.levels
        if level.id in priorities
    ]
    if "" in priorities:
        ledger.by_priority.append((None, priorities[""]))
    _backlog(ledger)
    return ledger


def _backlog(ledger: Ledger) -> None:
    """Open count at the end of each month: opened with its incident, closed on ``completed``."""
    events: list[tuple[str, int]] = []
    for item in ledger.items:
        if not item.is_open and "completed" not in item.data:
            ledger.undated_closures += 1
            continue
        events.append((item.incident.date[:7], 1))
        if not item.is_open:
            events.append((str(item.data["completed"])[:7], -1))
    if not events:
        return
    delta: dict[str, int] = {}
    for month, change in events:
        delta[month] = delta.get(month, 0) + change
    first = min(delta)
    last = max(max(delta), ledger.as_of[:7])
    running = 0
    for month in month_range(first, last):
        running += delta.get(month, 0)
        if month <= ledger.as_of[:7]:
            ledger.backlog.append((month, running))
