"""Real, publicly published postmortems (tests/corpus), converted with their times, figures
and statuses as the sources wrote them, built as an archive with --strict: every time is on its
page as written, none of them is ranked on a severity page, the reports are listed by
organisation, and no ticket reference becomes a link into the page.

Every time the archive reads is compared with how a careful reader of the source reads it
(expected_times.yaml): it is that reading, or its page flags it. A warning that is right (a
zone label out of season, a time without a zone among zoned ones) is listed in
EXPLAINED_WARNINGS and explained in the corpus README ("How the archive reads them")."""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from fidelity import load
from sites import ROOT, Result, SiteBuilder, normalize, page_name

from mkdocs_postmortem.core.lifecycle import LIFECYCLE
from mkdocs_postmortem.core.moments import written
from mkdocs_postmortem.core.values import MOMENT_LISTS

EXPECTED_TIMES = ROOT / "tests" / "corpus" / "expected_times.yaml"
CORPUS = sorted(p for p in EXPECTED_TIMES.parent.glob("*.yaml") if p != EXPECTED_TIMES)

EXPLAINED_WARNINGS: dict[str, str] = {
    "1999-10-29-isp-router-hardware-outages": (
        r"EST is UTC-05:00, but on 1999-10-29 America/New_York keeps EDT"
        r"|has no zone, where other times of this postmortem write one \(EST\)"
    ),
    "2018-07-06-bandwagonhost-los-angeles-heat": (
        r"PST is UTC-08:00, but on 2018-07-0[67] America/Los_Angeles keeps PDT"
    ),
    "2019-03-25-kubernetes-boskos-outage": (
        r"timezone: PDT is UTC-07:00, but on 2018-12-05 America/Los_Angeles keeps PST"
    ),
    "2019-12-12-pax8-emergency-network-maintenance": (
        r"has no zone, where other times of this postmortem write one \(NZDT\)"
    ),
    "2023-07-18-cloud-gov-identity-provider-certificate": (
        r"'from 12:55 pm EDT until 2:01 pm' has no date: read on 2023-06-21, the day of the row"
    ),
    "2023-10-13-crunchbits-edge-router-repairs": (
        r"PST is UTC-08:00, but on 2023-10-1[34] America/Los_Angeles keeps PDT"
    ),
    "2025-10-19-aws-dynamodb-us-east-1": (
        r"has no zone, where other times of this postmortem write one \(PDT\)"
    ),
}
"""Warnings that are right, read and explained in the corpus README: a zone label not in force
on its date, a time without a zone among zoned ones, a time under a day weeks from the
incident's. A file listed here builds without --strict; any other warning about it fails."""

STRICT = [p for p in CORPUS if p.stem not in EXPLAINED_WARNINGS]
PUBLISHED = CORPUS


def build(root: Path, paths: list[Path], *, strict: bool) -> Result:
    site = SiteBuilder(root)
    site.plugin_options = {"as_of": "2026-11-01"}
    for path in paths:
        site.add(f"postmortems/{path.name}", path.read_bytes())
    return site.build(strict=strict)


def warnings_about(result: Result, path: Path) -> list[str]:
    return [w for w in result.warnings if path.name in w]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """Every file of the corpus in one archive, its pages built (warnings collected, not fatal:
    the files of EXPLAINED_WARNINGS have some)."""
    result = build(tmp_path_factory.mktemp("corpus") / "project", CORPUS, strict=False)
    assert not result.aborted, result.warnings
    return result


@pytest.fixture(scope="module")
def strict_corpus(tmp_path_factory: pytest.TempPathFactory) -> Result:
    return build(tmp_path_factory.mktemp("strict") / "project", STRICT, strict=True)


def moments(data: dict[str, Any]) -> list[Any]:
    """Every moment a postmortem writes, as written."""
    return [value for _, value in placed_moments(data)]


def placed_moments(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every moment a postmortem writes, with where (``timeline[3].time``): lifecycle stamps
    in the lifecycle's order, then each list's rows in order."""
    stamps = data.get("timestamps", {})
    found = [(f"timestamps.{k}", stamps[k]) for k in LIFECYCLE if k in stamps]
    for path in MOMENT_LISTS:
        rows: Any = data
        for key in path:
            rows = rows.get(key, {}) if isinstance(rows, dict) else {}
        found += [
            (f"{'.'.join(path)}[{index}].time", row["time"])
            for index, row in enumerate(rows or [])
            if isinstance(row, dict) and "time" in row
        ]
    review = data.get("review_meeting", {})
    return found + ([("review_meeting.date", review["date"])] if "date" in review else [])


def test_the_corpus_is_real_and_large_enough() -> None:
    assert len(CORPUS) >= 19
    readme = (ROOT / "tests" / "corpus" / "README.md").read_text("utf-8")
    known = readme[readme.index("## How the archive reads them") :]
    for path in CORPUS:
        data = load(path)
        source = data["source"]
        assert source["kind"] == "public-report" and source["organisation"], path.name
        # The address the report was read at: a few small providers' pages are plain http.
        assert all(re.match(r"https?://", u) for u in source["urls"]), path.name
        assert path.stem in readme and source["urls"][0] in readme, path.name
        assert data["severity"] == "unrated", path.name  # none of them states a level
    for stem in EXPLAINED_WARNINGS:
        assert f"`{stem}.yaml`" in known, stem


def test_every_report_builds_strictly_with_its_page(corpus: Result, strict_corpus: Result) -> None:
    assert not strict_corpus.aborted, strict_corpus.warnings
    assert not [w for w in strict_corpus.warnings if "postmortem" in w.lower() or ".yaml" in w]
    for path in CORPUS:
        assert corpus.exists(f"postmortems/incidents/{page_name(load(path)['id'])}/"), path.name


@pytest.mark.parametrize("stem", sorted(EXPLAINED_WARNINGS))
def test_explained_warnings_are_the_only_ones(corpus: Result, stem: str) -> None:
    """Each explained warning is given, and nothing else is said about the file."""
    path = next(p for p in CORPUS if p.stem == stem)
    said = warnings_about(corpus, path)
    assert [w for w in said if re.search(EXPLAINED_WARNINGS[stem], w)], said
    assert not [w for w in said if not re.search(EXPLAINED_WARNINGS[stem], w)]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_time_is_on_its_page_as_written(corpus: Result, path: Path) -> None:
    """A plain clock time shows as ``14:02`` under its day, its zone said once, and keeps the
    written form in its hover text; any other time (approximate, a range, a bound, words)
    shows exactly as written."""
    data = load(path)
    url = f"postmortems/incidents/{page_name(data['id'])}/"
    page, visible = corpus.text_with_hover(url), corpus.text(url)
    written_times = moments(data)
    assert written_times, path.name
    missing = [written(value) for value in written_times if normalize(written(value)) not in page]
    assert not missing
    uncertain = [
        w for w in map(written, written_times) if re.match(r"(?i)~|about |after |before ", w)
    ]
    # Shown as written, or (a lifecycle stamp in its human form, ``~16:03`` for
    # ``~2022-11-15 16:03``) as uncertain as written, the written form in its hover.
    source = corpus.html(url)
    for w in (w for w in uncertain if normalize(w) not in visible):
        mark = "~" if re.match(r"(?i)~|about ", w) else w.split()[0].lower()
        shown = re.findall(
            rf'title="As written: {re.escape(html.escape(w))};[^"]*"[^>]*>([^<]*)<', source
        )
        assert shown and all(t.startswith(mark) for t in shown), (w, shown)


def test_unrated_incidents_are_a_group_of_their_own(corpus: Result) -> None:
    for level in ("sev1", "sev2", "sev3", "sev4"):
        text = corpus.text(f"postmortems/severity/{level}/")
        assert "0 incidents, newest first" in text, level
        assert "PUB-" not in text, level
    home = corpus.text("postmortems/")
    assert "not rated Not rated No severity level was stated" in home
    assert re.search(rf"never ranked\. {len(PUBLISHED)} ", home), home
    unrated = corpus.text("postmortems/unrated/")
    assert all(load(p)["id"] in unrated for p in PUBLISHED)
    patterns = corpus.text("postmortems/patterns/")
    figures = patterns[patterns.index("All incidents, all time") :]
    assert "not rated" in figures.split("Open action items")[0]


def test_reports_are_listed_by_organisation(corpus: Result) -> None:
    organisations = {load(p)["source"]["organisation"] for p in PUBLISHED}
    listing = corpus.text("postmortems/organisations/")
    assert all(name in listing for name in organisations)
    assert len(organisations) >= 10


def test_no_value_links_into_the_page(corpus: Result) -> None:
    """A ticket written ``#1095`` is text: only headings' own permalinks point into a page."""
    for path in CORPUS:
        html = corpus.html(f"postmortems/incidents/{page_name(load(path)['id'])}/")
        article = html[html.index("<article") : html.index("</article>")]
        anchors = set(re.findall(r'href="#([^"]*)"', article))
        ids = set(re.findall(r'id="([^"]+)"', article))
        assert anchors <= ids | {""}, (path.name, anchors - ids)


READING_KEYS = {"utc_earliest", "utc_latest", "day"}
ENTRY_KEYS = {"path", "written", *READING_KEYS, "approximate", "zone_given", "ambiguous"}


def test_expected_times_cover_every_time_as_written() -> None:
    """The hand-written table of how each time should be read names every time of every
    corpus file, in order and as written, with a UTC interval and a day in a fixed form."""
    table = load(EXPECTED_TIMES)
    assert sorted(table) == [p.name for p in CORPUS]
    instant = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?Z$")
    for path in CORPUS:
        entries = table[path.name]
        written_times = [(where, written(value)) for where, value in placed_moments(load(path))]
        assert [(e["path"], e["written"]) for e in entries] == written_times, path.name
        for entry in entries:
            where = f"{path.name} {entry['path']}"
            assert READING_KEYS <= set(entry) <= ENTRY_KEYS | {"literal", "note"}, where
            readings = [entry, *([entry["literal"]] if "literal" in entry else [])]
            for reading in readings:
                assert set(reading) >= READING_KEYS, where
                ends = [reading["utc_earliest"], reading["utc_latest"]]
                assert all(e is None or instant.match(e) for e in ends), where
                if None not in ends:
                    start, end = (datetime.fromisoformat(e.replace("Z", "+00:00")) for e in ends)
                    assert start <= end, where
                assert reading["day"] is None or date.fromisoformat(reading["day"]), where
            if entry.get("ambiguous"):
                assert entry.get("note"), where  # it names the readings it spans


def _instant(written: str | None) -> datetime | None:
    return None if written is None else datetime.fromisoformat(written.replace("Z", "+00:00"))


def _ends(reading: dict[str, Any], earliest: str, latest: str) -> tuple[Any, ...]:
    return _instant(reading.get(earliest)), _instant(reading.get(latest))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_time_read_is_right_or_flagged(corpus: Result, path: Path) -> None:
    """Every time of the built archive (as incidents.json and the page's hover give it) is
    read as a careful reader of the source reads it (expected_times.yaml), or as the text says
    taken literally (a zone label out of season): otherwise its page flags it with a warning
    naming its place. No time is wrong without a word."""
    data = load(path)
    published = json.loads((corpus.site / "postmortems" / "incidents.json").read_text("utf-8"))
    incident = next(i for i in published["incidents"] if i["id"] == data["id"])
    page = corpus.html(f"postmortems/incidents/{page_name(data['id'])}/")
    flagged = set(re.findall(r"<code>([^<]+)</code>: [^<]*\(warning\)</li>", page))
    wrong = []
    for entry in load(EXPECTED_TIMES)[path.name]:
        where = entry["path"]
        key = where.removeprefix("timestamps.")
        found = (
            incident["moments"].get(key)
            if where.startswith("timestamps.")
            else incident["readings"].get(re.sub(r"\[([0-9]+)\]", r".\1", where))
        )
        found = found or {}
        got = _ends(found, "earliest_utc", "latest_utc")
        if got == (None, None):
            continue  # no clock time and no day: nothing is claimed ("unknown", words)
        if found["precision"] == "day" and found["day"] == entry["day"]:
            continue  # a day is shown as the day, in any zone near it
        if got == _ends(entry, "utc_earliest", "utc_latest"):
            continue
        if where in flagged or ("timezone" in flagged and "zone" in found["inferred"]):
            continue  # read otherwise, and the page says how it was read and why to doubt it
        literal = entry.get("literal", {})
        if got == _ends(literal, "utc_earliest", "utc_latest") and literal["day"] != entry["day"]:
            continue  # the source's own slip of a day or a year, shown and read as written
        wrong.append((where, entry["written"], got, entry.get("note", "")))
    assert not wrong, wrong
