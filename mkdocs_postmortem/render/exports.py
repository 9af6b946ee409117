"""Files for other tools: incidents.json (every published incident in normalized form) and the
action items as CSV."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from datetime import datetime, timezone
from typing import Any

from .. import __version__
from ..core.model import Incident
from ..core.moments import Moment
from ..core.schema import SCHEMA_VERSION
from ..core.spans import Span
from ..insights.index import ArchiveIndex
from ..insights.ledger import Ledger, standing
from ..insights.metrics import counts


def incidents_json(archive: ArchiveIndex, page_url: dict[str, str]) -> str:
    """``page_url`` maps an incident slug to its site-relative URL."""
    # One incident per line: readable in a diff, and written by json's C encoder (an indented
    # document goes through its pure-Python one, several times slower). Each incident is
    # written as it is made: the records of a large archive are never all held at once.
    lines: list[str] = []
    for incident in archive.incidents:
        family = archive.family_of.get(incident.slug)
        record = {
            "id": incident.id,
            "url": page_url[incident.slug],
            "source": incident.source,
            "severity": {
                "id": incident.severity.id,
                "label": incident.severity.label,
                # An unrated incident is in no order of the scale: no rank, not one past it.
                "rank": incident.severity.rank if incident.rated else None,
                "written": incident.data["severity"],
            },
            "moments": {
                str(path[1]): _moment(value)
                for path, value in sorted(incident.moments.items(), key=_lifecycle_order)
                if path[0] == "timestamps"
            },
            "readings": {
                ".".join(map(str, path)): _moment(value)
                for path, value in incident.moments.items()
                if path[0] != "timestamps"
            },
            "durations": {key: _span(value) for key, value in sorted(incident.durations.items())},
            "figures": {
                ".".join(map(str, path)): figure.as_json()
                for path, figure in sorted(incident.figures.items())
            },
            "exercise": incident.exercise or None,
            "action_items": _standings(archive, incident),
            "relations": [
                {
                    "id": link.other_id,
                    "relation": link.type if link.declared_here else link.label,
                    "declared_here": link.declared_here,
                    "published": link.other is not None,
                }
                for link in archive.links.get(incident.slug, [])
            ],
            "family": family.key if family else None,
            "data": incident.data,
        }
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    head = {
        "format": "mkdocs-postmortem incidents",
        "schema_version": SCHEMA_VERSION,
        "generator": f"mkdocs-postmortem {__version__}",
        "as_of": _as_of(archive),
        "status_window_days": archive.settings.status_window,
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "incidents": [\n'
    if not lines:
        return opening + "\n]}\n"
    # The head and the tail go onto the first and last lines, so that the text is made by one
    # join: a large archive's export is copied once, not once for each piece added to it.
    lines[0] = opening + lines[0]
    lines[-1] += "\n]}\n"
    return ",\n".join(lines)


def _as_of(archive: ArchiveIndex) -> str:
    """The ledger's date, which every item's ``open`` and ``overdue`` are as of."""
    return archive.ledger.as_of if archive.ledger else archive.settings.as_of_date


def _standings(archive: ArchiveIndex, incident: Incident) -> list[dict[str, Any]]:
    """Each action item's status, the day it was stated and where that day comes from, and
    whether the ledger counts it open or overdue (never, for an exercise it leaves out)."""
    as_of, window = _as_of(archive), archive.settings.status_window
    counted = counts(archive.settings, incident)
    out = []
    for number, data in enumerate(incident.data.get("action_items", []), 1):
        held = standing(data, incident.data, as_of, window)
        out.append(
            {
                "item": number,
                "status": held.statement.status,
                "status_as_of": held.statement.on,
                "status_as_of_from": held.statement.basis,
                "last_stated_open": held.lapsed,
                "open": counted and held.open,
                "overdue": counted and held.overdue,
            }
        )
    return out


def _lifecycle_order(item: tuple[tuple[str | int, ...], Moment]) -> str:
    """Lifecycle moments by key, as they always were listed (every other path after them)."""
    return str(item[0][1]) if item[0][0] == "timestamps" else "~"


def _utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _moment(moment: Moment) -> dict[str, Any]:
    """A moment as written and as read, as its page tells it: ``earliest`` and ``latest`` in
    UTC (None when open), ``utc`` when it is one instant, the precision it was written to
    (and shown in), its zone, the day it begins on in that zone, and what was inferred."""
    day = moment.first_day if moment.known else None
    return {
        "text": moment.text,
        "earliest_utc": _utc(moment.earliest),
        "latest_utc": _utc(moment.latest),
        "utc": _utc(moment.point),
        "precision": moment.precision,
        "approximate": moment.approximate,
        "zone": moment.zone,
        "day": day.isoformat() if day is not None else None,
        "inferred": list(moment.inferred) + (["zone"] if moment.zone_inferred else []),
    }


def _span(value: Span) -> dict[str, Any]:
    """A duration as the page shows it (``text``), its bounds in seconds, and ``seconds``
    when it is one value (exact or approximate, not a range, a bound or a day count)."""
    exact = value.exact
    return {
        "text": value.text,
        "seconds": None if exact is None else int(exact.total_seconds()),
        "low_seconds": None if value.low is None else int(value.low.total_seconds()),
        "high_seconds": None if value.high is None else int(value.high.total_seconds()),
        "approximate": value.approximate,
        "precision": value.precision,
    }


CSV_COLUMNS = (
    "incident_id",
    "incident_title",
    "incident_date",
    "severity",
    "item",
    "id",
    "action",
    "owner",
    "priority",
    "priority_written",
    "due",
    "status",
    "completed",
    "overdue",
    "horizon",
    "type",
    "effort",
    "ticket",
    "notes",
    "status_text",
    "status_as_of",
    "status_as_of_from",
    "open",
)
"""``status_as_of`` is the day the status was stated, written or by default
(``status_as_of_from`` names the field it comes from); ``open`` and ``overdue`` are as of the
ledger's date."""


FORMULA_STARTS = frozenset("=+-@\u2212")
"""What a spreadsheet reads a formula from (OWASP, CSV injection), and the minus sign, which
NFKC leaves as it is and a spreadsheet may read as ``-``."""


def _cell(value: object) -> str:
    """Spreadsheet-safe, as OWASP's CSV injection guidance says: a cell that starts like a
    formula is prefixed with a quote. That is ``=``, ``+``, ``-`` or ``@``, also after leading
    whitespace, line breaks or invisible characters (spreadsheets trim them) and in their
    full-width and small forms (U+FF1D, U+FE62: NFKC makes them ASCII; some spreadsheets
    read them so), and a leading tab or carriage return."""
    text = "" if value is None else str(value)
    if text[:1] in ("\t", "\r"):
        return "'" + text
    first = next((char for char in text if not _blank(char)), "")
    if unicodedata.normalize("NFKC", first)[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def _blank(char: str) -> bool:
    """Whitespace, a control character or an invisible one (a zero-width space, a BOM)."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def action_items_csv(ledger: Ledger) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: a CR in a cell is quoted
    writer.writerow(CSV_COLUMNS)
    for item in ledger.items:
        d = item.data
        writer.writerow(
            [
                _cell(v)
                for v in (
                    item.incident.id,
                    item.incident.title,
                    item.incident.date,
                    item.incident.severity.id,
                    item.index + 1,
                    d.get("id"),
                    d.get("action"),
                    d.get("owner"),
                    item.priority.id if item.priority else "",
                    d.get("priority"),
                    d.get("due"),
                    item.status,
                    d.get("completed"),
                    "yes" if item.overdue else "no",
                    d.get("horizon"),
                    d.get("type"),
                    d.get("effort"),
                    d.get("ticket"),
                    d.get("notes"),
                    d.get("status_text"),
                    item.stated_on,
                    item.statement.basis,
                    "yes" if item.is_open else "no",
                )
            ]
        )
    return out.getvalue()
