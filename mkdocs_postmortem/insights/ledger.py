"""Every action item of the archive in one ledger: open, closed, or of unknown status (what the
source never said is never counted open), overdue against an "as of" date once its whole due
period has passed, grouped by owner and by priority, and the open backlog month by month."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core.model import Incident
from ..core.moments import MomentError, period_end
from ..core.scale import Level
from ..core.settings import Settings
from .metrics import month_range

OPEN = frozenset({"open", "in-progress", "blocked"})
CLOSED = frozenset({"done", "cancelled"})
UNKNOWN = "unknown"
"""The status of an item whose source does not say (or that gives no status): neither open nor
closed."""
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
        return str(self.data.get("status") or UNKNOWN)

    @property
    def status_text(self) -> str:
        """The status in the source's own words, if it gave them."""
        return str(self.data.get("status_text") or "")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def is_unknown(self) -> bool:
        return not self.is_open and not self.is_closed

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
        return [i for i in self.items if i.is_closed]

    @property
    def unknown(self) -> list[Item]:
        """Items whose status the source does not give: never counted open or overdue."""
        return [i for i in self.items if i.is_unknown]

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
            overdue = is_overdue(data, as_of)
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


def is_overdue(data: dict[str, Any], as_of: str) -> bool:
    """An open item whose whole due period ended before ``as_of``."""
    return data.get("status") in OPEN and _past(data.get("due"), as_of)


def _past(due: object, as_of: str) -> bool:
    """Whether the whole due period (a day, a month, a quarter...) ended before ``as_of``."""
    if not isinstance(due, str):
        return False
    try:
        return period_end(due) < date.fromisoformat(as_of)
    except (MomentError, ValueError):
        return False  # reported by the model; an unreadable due date is never overdue


def _backlog(ledger: Ledger) -> None:
    """Open count at the end of each month: opened with its incident, closed on ``completed``.
    Items of unknown status are in neither."""
    events: list[tuple[str, int]] = []
    for item in ledger.items:
        if item.is_unknown:
            continue
        if item.is_closed and "completed" not in item.data:
            ledger.undated_closures += 1
            continue
        events.append((item.incident.date[:7], 1))
        if item.is_closed:
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
