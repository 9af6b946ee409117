"""An action item's status is a statement made on a day: ``open`` in a report published in 2019
says the item was open in 2019, not that it is open now. Every item's status is read here with
the day it was stated, and whether it still holds on a later day; the ledger, the incident page
and the exports all read it from here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

OPEN = frozenset({"open", "in-progress", "blocked"})
CLOSED = frozenset({"done", "cancelled"})
UNKNOWN = "unknown"
"""The status of an item whose source does not say (or that gives no status): neither open nor
closed."""

PUBLISHED_KINDS = frozenset({"public-report", "external"})
"""``source.kind`` of a report published by someone else: its statuses are as of its
publication."""

Basis = Literal["status_as_of", "follow_up.status_as_of", "source.published", "date"]
"""Where the day a status was stated comes from: the field that gives it."""

BASIS_TEXT: dict[str, str] = {
    "status_as_of": "the item's status_as_of",
    "follow_up.status_as_of": "the postmortem's follow_up.status_as_of",
    "source.published": "the report's publication day (source.published)",
    "date": "the postmortem's date: nothing later is stated",
}
"""How each basis is said to a reader (a page's hover text)."""


@dataclass(frozen=True)
class Statement:
    """An item's status and the day it was stated."""

    status: str
    """open, in-progress, blocked, done, cancelled or unknown."""
    on: str
    """YYYY-MM-DD; empty in a preview whose date is unreadable (it then never lapses)."""
    basis: Basis
    said: bool
    """Whether the source says anything of the status (``status`` or ``status_text``)."""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def explained(self) -> str:
        return BASIS_TEXT[self.basis]

    def lapses_on(self, window: int) -> date | None:
        """The first day the statement no longer holds: ``window`` days after it was made."""
        return date.fromisoformat(self.on) + timedelta(days=window + 1) if self.on else None

    def lapsed(self, as_of: str, window: int) -> bool:
        """An open status stated more than ``window`` days before ``as_of``: it is not known to
        hold any more, so it counts neither open nor overdue. A closed status never lapses."""
        lapses = self.lapses_on(window)
        return self.is_open and lapses is not None and date.fromisoformat(as_of) >= lapses


def stated(item: Mapping[str, Any], postmortem: Mapping[str, Any]) -> Statement:
    """The one place the day of a status is decided: the item's ``status_as_of``; else the
    postmortem's ``follow_up.status_as_of`` (one review of every item); else, for a report
    published by someone else, its ``source.published`` day; else the postmortem's ``date``
    (an internal postmortem's statuses are as of its writing, when nothing says later)."""
    status = str(item.get("status") or UNKNOWN)
    said = "status" in item or "status_text" in item
    follow_up = postmortem.get("follow_up")
    source = postmortem.get("source")
    published = isinstance(source, Mapping) and source.get("kind") in PUBLISHED_KINDS
    days: tuple[tuple[Basis, object], ...] = (
        ("status_as_of", item.get("status_as_of")),
        ("follow_up.status_as_of", _get(follow_up, "status_as_of")),
        ("source.published", _get(source, "published") if published else None),
        ("date", postmortem.get("date")),
    )
    for basis, written in days:
        if _day(written):
            return Statement(status, str(written), basis, said)
    return Statement(status, "", "date", said)


def _get(mapping: object, key: str) -> object:
    return mapping.get(key) if isinstance(mapping, Mapping) else None


def _day(written: object) -> bool:
    """A day as the schema writes one (a preview may hold a date nobody could read)."""
    try:
        return isinstance(written, str) and len(written) == 10 and bool(date.fromisoformat(written))
    except ValueError:
        return False
