"""An action item's status is a statement made on a day: which day, from which field, and
whether it still holds on a later day."""

from __future__ import annotations

from typing import Any

import pytest

from mkdocs_postmortem.core.statuses import BASIS_TEXT, Statement, stated

DATE = "2019-04-11"


def postmortem(**fields: Any) -> dict[str, Any]:
    return {"id": "INC-1", "date": DATE, **fields}


def published(kind: str | None, day: str | None = "2019-05-08") -> dict[str, Any]:
    source: dict[str, Any] = {"organisation": "Example"}
    if kind:
        source["kind"] = kind
    if day:
        source["published"] = day
    return {"source": source}


@pytest.mark.parametrize(
    ("item", "fields", "on", "basis"),
    [
        # The item's own day, whatever else the postmortem says.
        ({"status_as_of": "2020-01-02"}, published("public-report"), "2020-01-02", "status_as_of"),
        (
            {"status_as_of": "2020-01-02"},
            {"follow_up": {"status_as_of": "2021-01-01"}},
            "2020-01-02",
            "status_as_of",
        ),
        # Else one day for every item of the postmortem (a review of them all).
        ({}, {"follow_up": {"status_as_of": "2021-01-01"}}, "2021-01-01", "follow_up.status_as_of"),
        (
            {},
            {**published("public-report"), "follow_up": {"status_as_of": "2021-01-01"}},
            "2021-01-01",
            "follow_up.status_as_of",
        ),
        # Else a report published by someone else: the day of its publication.
        ({}, published("public-report"), "2019-05-08", "source.published"),
        ({}, published("external"), "2019-05-08", "source.published"),
        # Else the postmortem's date: an internal one, or a report without a publication day.
        ({}, published("internal"), DATE, "date"),
        ({}, published(None), DATE, "date"),  # no kind: internal
        ({}, published("public-report", None), DATE, "date"),
        ({}, {}, DATE, "date"),
        ({}, {"follow_up": {"review_cadence": "weekly"}}, DATE, "date"),
    ],
)
def test_the_day_a_status_was_stated(
    item: dict[str, Any], fields: dict[str, Any], on: str, basis: str
) -> None:
    statement = stated({"action": "A", "status": "open", **item}, postmortem(**fields))
    assert (statement.on, statement.basis) == (on, basis)
    assert statement.explained == BASIS_TEXT[basis]


@pytest.mark.parametrize(
    ("item", "status", "said"),
    [
        ({}, "unknown", False),
        ({"status": "unknown"}, "unknown", True),
        ({"status_text": "Being explored"}, "unknown", True),
        ({"status": "in-progress"}, "in-progress", True),
        ({"status": "done"}, "done", True),
    ],
)
def test_whether_the_source_said_anything(item: dict[str, Any], status: str, said: bool) -> None:
    statement = stated({"action": "A", **item}, postmortem())
    assert (statement.status, statement.said) == (status, said)


@pytest.mark.parametrize(
    ("status", "on", "as_of", "window", "lapsed"),
    [
        ("open", "2019-05-08", "2026-11-01", 180, True),
        ("in-progress", "2019-05-08", "2026-11-01", 180, True),
        ("blocked", "2019-05-08", "2026-11-01", 180, True),
        ("open", "2026-01-01", "2026-06-30", 180, False),  # day 180
        ("open", "2026-01-01", "2026-07-01", 180, True),  # day 181
        ("open", "2026-01-01", "2026-01-02", 1, False),
        ("open", "2026-01-01", "2026-01-03", 1, True),
        ("open", "2026-09-08", "2026-06-30", 180, False),  # stated after the ledger's date
        ("done", "2019-05-08", "2026-11-01", 180, False),  # a closed status never lapses
        ("cancelled", "2019-05-08", "2026-11-01", 180, False),
        ("unknown", "2019-05-08", "2026-11-01", 180, False),  # nor one never counted open
        ("open", "", "2026-11-01", 180, False),  # a preview's unreadable date
    ],
)
def test_an_open_status_lapses_after_the_window(
    status: str, on: str, as_of: str, window: int, lapsed: bool
) -> None:
    statement = Statement(status, on, "date", True)
    assert statement.lapsed(as_of, window) is lapsed


def test_a_preview_whose_dates_cannot_be_read_has_no_day() -> None:
    statement = stated(
        {"action": "A", "status": "open"},
        {"date": "unknown date", "source": {"kind": "public-report", "published": "soon"}},
    )
    assert (statement.on, statement.basis, statement.lapses_on(180)) == ("", "date", None)
