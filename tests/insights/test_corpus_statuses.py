"""The real public reports of tests/corpus on the ledger of 2026-11-01 (the date their build
test pins): statuses stated in 1999, 2019 or 2021 are *last stated open* on their report's day,
and none of them is counted open or overdue now."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import Archive
from sites import ROOT

from mkdocs_postmortem.pipeline import Result

CORPUS = sorted(
    p for p in (ROOT / "tests" / "corpus").glob("*.yaml") if p.name != "expected_times.yaml"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Result:
    archive = Archive(tmp_path_factory.mktemp("corpus"), as_of="2026-11-01")
    for path in CORPUS:
        archive.add(path.name, path.read_bytes())
    return archive.run()


def test_no_report_is_counted_open_or_overdue_years_later(corpus: Result) -> None:
    ledger = corpus.archive.ledger
    assert ledger is not None and len(corpus.archive.incidents) == len(CORPUS)
    assert (ledger.open, ledger.overdue) == ([], [])
    assert ledger.backlog[-1] == ("2026-11", 0)


@pytest.mark.parametrize(
    ("incident", "stated_on", "basis", "count"),
    [
        # "We are rolling out a VPN ...": in progress as of the report of 2019-05-08.
        ("2019-04-11-matrix-org-infrastructure-breach", "2019-05-08", "status_as_of", 5),
        # Fastly's report gives no publication day: its statuses are as of the incident's date.
        ("2021-06-08-fastly-global-outage", "2021-06-08", "date", 2),
        # Promises of the e-mail to customers, stated on the day it was sent.
        ("1999-10-29-isp-router-hardware-outages", "1999-11-03", "status_as_of", 2),
        # "In progress" on the status page's post of 13 December.
        ("2019-12-12-pax8-emergency-network-maintenance", "2019-12-13", "status_as_of", 1),
    ],
)
def test_the_reports_open_items_are_last_stated_open_on_their_day(
    corpus: Result, incident: str, stated_on: str, basis: str, count: int
) -> None:
    ledger = corpus.archive.ledger
    assert ledger is not None
    mine = [i for i in ledger.lapsed if i.incident.src_uri == f"postmortems/{incident}.yaml"]
    assert [(i.status, i.stated_on, i.statement.basis) for i in mine] == [
        ("in-progress", stated_on, basis)
    ] * count


def test_the_ledger_page_lists_them_as_last_stated_open(corpus: Result) -> None:
    page = next(p for p in corpus.pages if p.src_uri == "postmortems/action-items.md")
    text = page.html()
    assert (
        "10 last stated open more than 180 days before (counted neither open nor overdue)" in text
    )
    rows = [row for row in text.split("<tr>") if "last stated open on" in row]
    assert len(rows) == 10
    assert sum("last stated open on 2019-05-08 (in-progress" in row for row in rows) == 5
    assert sum("last stated open on 2021-06-08 (in-progress" in row for row in rows) == 2
    assert sum("last stated open on 1999-11-03 (in-progress" in row for row in rows) == 2
    assert sum("last stated open on 2019-12-13 (in-progress" in row for row in rows) == 1
    assert "<strong>overdue</strong>" not in text  # the mark of an overdue item's row


def test_every_corpus_file_was_read(corpus: Result) -> None:
    names = {Path(f.source.src_uri).stem for f in corpus.archive.files}
    assert names == {p.stem for p in CORPUS}
