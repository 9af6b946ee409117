"""Every action item of the archive in one ledger: open, closed, or of unknown status (what the
source never said is never counted open), overdue against an "as of" date once its whole due
period has passed, grouped by owner and by priority, and the open backlog month by month.

A status is a statement made on a day (``core.statuses``): an open item whose status was stated
more than the team's ``status_window`` before the ledger's date is *last stated open* on that
day, counted neither open nor overdue, today or at the end of any month past its window.
Exercises are left out of every count, unless the team counts them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core.model import Incident
from ..core.moment_reader import period_end
from ..core.moments import MomentError
from ..core.scale import Level
from ..core.settings import Settings
from ..core.statuses import Statement, stated
from .metrics import counts, month_range

NO_OWNER = "(no owner)"
RECENTLY_CLOSED = 50
"""Closed items the ledger page lists. The page is for what is still to do; every closed item
stays on its incident's page and in the CSV. Listing all of them made the page grow with the
archive's whole history (20,000 rows at 5,000 incidents)."""


@dataclass(frozen=True)
class Standing:
    """What an item's status says on the ledger's date: the ledger's row and the incident
    page's marks are both this."""

    statement: Statement
    lapsed: bool
    """Open when last stated, but stated more than the window before the ledger's date."""
    overdue: bool

    @property
    def open(self) -> bool:
        """Counted open on the ledger's date."""
        return self.statement.is_open and not self.lapsed


def standing(
    data: Mapping[str, Any], postmortem: Mapping[str, Any], as_of: str, window: int
) -> Standing:
    """Item ``data`` of ``postmortem`` on ``as_of``: lapsed, or open, and overdue once its
    whole due period ended before ``as_of``."""
    statement = stated(data, postmortem)
    lapsed = statement.lapsed(as_of, window)
    return Standing(statement, lapsed, statement.is_open and not lapsed and _past(data, as_of))


@dataclass(frozen=True)
class Item:
    incident: Incident
    index: int
    data: dict[str, Any]
    priority: Level | None
    standing: Standing

    @property
    def statement(self) -> Statement:
        return self.standing.statement

    @property
    def status(self) -> str:
        return self.statement.status

    @property
    def stated_on(self) -> str:
        """The day the status was stated (``core.statuses.stated``)."""
        return self.statement.on

    @property
    def lapsed(self) -> bool:
        """Last stated open longer ago than the window: listed so, never counted open."""
        return self.standing.lapsed

    @property
    def overdue(self) -> bool:
        return self.standing.overdue

    @property
    def status_text(self) -> str:
        """The status in the source's own words, if it gave them."""
        return str(self.data.get("status_text") or "")

    @property
    def is_open(self) -> bool:
        """Counted open on the ledger's date (a lapsed item is not)."""
        return self.standing.open

    @property
    def is_closed(self) -> bool:
        return self.statement.is_closed

    @property
    def is_unknown(self) -> bool:
        return not self.statement.is_open and not self.is_closed

    @property
    def owner(self) -> str:
        return str(self.data.get("owner") or NO_OWNER)


@dataclass
class Ledger:
    as_of: str
    items: list[Item]
    """Newest incident first, then in the order the postmortem lists them."""
    window: int = 180
    """Days a status holds after the day it was stated (the ``status_window`` option)."""
    incidents: int = 0
    """Incidents the ledger reads: exercises are left out unless the team counts them."""
    exercises: int = 0
    """Exercises left out, and their action items, in ``exercise_items``."""
    exercise_items: int = 0
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
    def lapsed(self) -> list[Item]:
        """Items last stated open more than ``window`` days before ``as_of``."""
        return [i for i in self.items if i.lapsed]

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
    """The ledger of ``incidents`` (newest first) on ``as_of``; exercises are left out of it
    unless the team counts them."""
    window = settings.status_window
    ledger = Ledger(as_of=as_of, items=[], window=window)
    items = ledger.items
    for incident in incidents:
        actions = incident.data.get("action_items", [])
        if not counts(settings, incident):
            ledger.exercises += 1
            ledger.exercise_items += len(actions)
            continue
        ledger.incidents += 1
        for index, data in enumerate(actions):
            written = data.get("priority")
            priority = settings.priority.resolve(written) if isinstance(written, str) else None
            held = standing(data, incident.data, as_of, window)
            items.append(Item(incident, index, data, priority, held))
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


def _past(data: Mapping[str, Any], as_of: str) -> bool:
    """Whether the whole due period (a day, a month, a quarter...) ended before ``as_of``."""
    due = data.get("due")
    if not isinstance(due, str):
        return False
    try:
        return period_end(due) < date.fromisoformat(as_of)
    except (MomentError, ValueError):
        return False  # reported by the model; an unreadable due date is never overdue


def _backlog(ledger: Ledger) -> None:
    """Open count at the end of each month, and on the ledger's date for its own month: what
    the ledger would have counted open on that day. An item opens with its incident and closes
    on ``completed``; an open one stops counting when its statement lapses (``window`` days
    after it was stated), so a month's count does not change as the years pass. Items of
    unknown status are in neither; nothing after ``as_of`` has happened yet."""
    events: list[tuple[str, int]] = []
    for item in ledger.items:
        if item.is_unknown:
            continue
        if item.is_closed and "completed" not in item.data:
            ledger.undated_closures += 1
            continue
        opened = item.incident.date
        if opened > ledger.as_of:
            continue
        if item.is_closed:  # done before its incident is a wrong date (reported on the
            # file): closed as it opens, never a negative count
            closed = max(str(item.data["completed"]), opened)
        else:
            lapses = item.statement.lapses_on(ledger.window)
            closed = lapses.isoformat() if lapses else "9999-12-31"
            if closed <= opened:
                continue  # stated open so long before the incident that it never counts
        events.append((opened[:7], 1))
        if closed <= ledger.as_of:
            events.append((closed[:7], -1))
    if not events:
        return
    delta: dict[str, int] = {}
    for month, change in events:
        delta[month] = delta.get(month, 0) + change
    running = 0
    for month in month_range(min(delta), ledger.as_of[:7]):
        running += delta.get(month, 0)
        ledger.backlog.append((month, running))
