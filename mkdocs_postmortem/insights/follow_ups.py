"""Patterns a team can act on: did an incident come back after its follow-ups were done (how
quickly follow-ups are done at all is ``follow_through``).

**Recurrence after follow-ups.** For each pair of incidents where one is declared a
``recurrence-of`` the other (in either file, once per pair), and apart from them for each
*possibly related* pair the similarity step suggests, the earlier incident's action items are
read as they stood on the later incident's date:

- *done before*: ``done`` with a ``completed`` day on or before that date, or ``done``
  without one but stated on a day a field gives (``status_as_of``, the postmortem's
  ``follow_up.status_as_of``, a report's ``source.published``) on or before it: done by then.
  ``done`` stated only as of the postmortem's own date (no field says when) is *cannot tell*,
  never guessed either way: a later edit to the status leaves that date behind;
- *open then*: ``open``, ``in-progress`` or ``blocked``, stated on that date or later, or
  earlier but within the team's ``status_window`` (a status holds that long after the day it
  was stated, as on the ledger); or ``done`` with a ``completed`` day after that date. An open
  status stated longer before is *cannot tell*, as is an ``unknown`` one;
- *cancelled* items are left out: a fix nobody made cannot have failed to hold, nor still be
  waited for.

The pair is *all done before* when every item that was to be done (not cancelled) was done
before, and there was at least one; *some still open* when any one was open then (a known fact,
whatever the others were); *cannot tell* when the rest are done before but some cannot be
placed (the record says why); *none* when nothing was to be done. *All done before* comes first:
those fixes did not hold.

**Cost.** Pairs come from the index's links and the similarity step's suggestions, never from
comparing incidents pairwise; each pair reads the earlier incident's items once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..core.model import Incident
from ..core.statuses import Statement
from .index import ArchiveIndex
from .ledger import Item, build_ledger
from .metrics import counts
from .similarity import pairs

Timing = Literal["done", "open", "unknown", "cancelled"]
"""An item on a day: done by then, still to do then, cannot tell, or never to be done."""
State = Literal["all-done-before", "some-still-open", "cannot-tell", "none"]

RECURRENCE = "recurrence-of"
UNDATED = "done, with no completed date"
UNKNOWN_STATUS = "status unknown"
STALE = "last stated open more than status_window days earlier"
"""Why an item cannot be placed on a day: the reasons a *cannot tell* record names."""


@dataclass(frozen=True)
class ItemThen:
    """One of the earlier incident's action items as it stood on the later incident's date: the
    ledger's item (its data, priority and position), so a page can list it."""

    item: Item
    timing: Timing
    reason: str = ""
    """Why it cannot be placed, when ``timing`` is ``unknown``."""


@dataclass(frozen=True)
class FollowUpsAtRecurrence:
    """An incident that came back (``later``), and the follow-ups of the one it repeats."""

    earlier: Incident
    later: Incident
    state: State
    items: tuple[ItemThen, ...]
    declared: bool = True
    """False for a *possibly related* pair: similar text, not a recurrence anyone declared."""
    score: float | None = None
    """The similarity of a suggested pair."""

    def _count(self, timing: Timing) -> int:
        return sum(1 for i in self.items if i.timing == timing)

    @property
    def done_before(self) -> int:
        return self._count("done")

    @property
    def open_then(self) -> int:
        return self._count("open")

    @property
    def unknown_timing(self) -> int:
        return self._count("unknown")

    @property
    def cancelled(self) -> int:
        return self._count("cancelled")

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why some items cannot be placed, each reason once, in the items' order."""
        return tuple(dict.fromkeys(i.reason for i in self.items if i.timing == "unknown"))


@dataclass(frozen=True)
class Recurrences:
    after_done: tuple[FollowUpsAtRecurrence, ...]
    """Declared recurrences that came after every follow-up was done: the fixes did not hold.
    Newest recurrence first."""
    others: tuple[FollowUpsAtRecurrence, ...]
    """The other declared recurrences: some still open, cannot tell, then none; newest first
    within each."""
    suggested: tuple[FollowUpsAtRecurrence, ...]
    """Possibly related pairs, read the same way: all done before first, then as ``others``;
    by score within each state."""
    exercises: int = 0
    """Pairs left out because one of the two is an exercise the team does not count."""


_RANK: dict[str, int] = {"all-done-before": 0, "some-still-open": 1, "cannot-tell": 2, "none": 3}


def timing_on(data: Mapping[str, Any], statement: Statement, day: str, window: int) -> Timing:
    """Where item ``data`` (status read as ``statement``) stood on ``day`` (YYYY-MM-DD)."""
    return _timing(data, statement, day, window)[0]


def _timing(
    data: Mapping[str, Any], statement: Statement, day: str, window: int
) -> tuple[Timing, str]:
    status = statement.status
    if status == "cancelled":
        return "cancelled", ""
    if status == "done":
        completed = _day(data.get("completed"))
        if completed is None:
            # Stated done on a day a field gives (not the postmortem's own date, which a later
            # edit leaves behind): done by then.
            stated = statement.basis != "date" and statement.on and statement.on <= day
            return ("done", "") if stated else ("unknown", UNDATED)
        return ("done", "") if completed <= day else ("open", "")
    if statement.is_open:
        lapses = statement.lapses_on(window)
        if lapses is not None and day < lapses.isoformat():
            return "open", ""
        return "unknown", STALE
    return "unknown", UNKNOWN_STATUS


def _day(value: object) -> str | None:
    text = str(value) if isinstance(value, (str, date)) else ""
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def _state(items: Iterable[ItemThen]) -> State:
    timings = {i.timing for i in items} - {"cancelled"}
    if not timings:
        return "none"
    if "open" in timings:
        return "some-still-open"
    return "cannot-tell" if "unknown" in timings else "all-done-before"


def _items_by_incident(archive: ArchiveIndex) -> dict[str, list[Item]]:
    ledger = archive.ledger or build_ledger(
        archive.settings, archive.incidents, archive.settings.as_of_date
    )
    found: dict[str, list[Item]] = {}
    for item in ledger.items:
        found.setdefault(item.incident.slug, []).append(item)
    return found


def follow_ups_at_recurrence(archive: ArchiveIndex) -> Recurrences:
    """Every declared recurrence, and every suggested pair, with the earlier incident's
    follow-ups as they stood on the later one's date."""
    settings, window = archive.settings, archive.settings.status_window
    items_of = _items_by_incident(archive)

    def read(earlier: Incident, later: Incident) -> tuple[State, tuple[ItemThen, ...]]:
        then = tuple(
            ItemThen(item, *_timing(item.data, item.statement, later.date, window))
            for item in items_of.get(earlier.slug, ())
        )
        return _state(then), then

    # Each declared pair once: unordered slugs -> the two incidents and who is said to be later.
    declared: dict[tuple[str, str], tuple[Incident, Incident, set[str]]] = {}
    for incident in archive.incidents:
        for link in archive.links.get(incident.slug, ()):
            if link.type != RECURRENCE or link.other is None:
                continue
            key = (min(incident.slug, link.other.slug), max(incident.slug, link.other.slug))
            pair = declared.setdefault(key, (incident, link.other, set()))
            pair[2].add(incident.slug if link.declared_here else link.other.slug)
    left_out = 0
    records: list[FollowUpsAtRecurrence] = []
    for a, b, said_later in declared.values():
        if not (counts(settings, a) and counts(settings, b)):
            left_out += 1
            continue
        earlier, later = _ordered(a, b, said_later)
        state, then = read(earlier, later)
        records.append(FollowUpsAtRecurrence(earlier, later, state, then))
    suggested: list[FollowUpsAtRecurrence] = []
    for suggestion in pairs(archive.suggestions):
        a, b = suggestion.incident, suggestion.other
        key = (min(a.slug, b.slug), max(a.slug, b.slug))
        if key in declared or suggestion.score < settings.similar_threshold:
            continue
        if not (counts(settings, a) and counts(settings, b)):
            left_out += 1
            continue
        earlier, later = _ordered(a, b, set())
        state, then = read(earlier, later)
        suggested.append(
            FollowUpsAtRecurrence(earlier, later, state, then, False, suggestion.score)
        )
    records.sort(key=_newest, reverse=True)
    records.sort(key=lambda r: _RANK[r.state])
    suggested.sort(key=_newest, reverse=True)
    suggested.sort(key=lambda r: (_RANK[r.state], -(r.score or 0.0)))
    return Recurrences(
        after_done=tuple(r for r in records if r.state == "all-done-before"),
        others=tuple(r for r in records if r.state != "all-done-before"),
        suggested=tuple(suggested),
        exercises=left_out,
    )


def _ordered(a: Incident, b: Incident, said_later: set[str]) -> tuple[Incident, Incident]:
    """(earlier, later): by date; on the same day, as the declaration says, when it says one
    thing; else by the instant impact started, then id."""
    if a.date == b.date and len(said_later) == 1:
        return (b, a) if a.slug in said_later else (a, b)
    return (a, b) if a.sort_key <= b.sort_key else (b, a)


def _newest(record: FollowUpsAtRecurrence) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    return record.later.sort_key, record.earlier.sort_key
