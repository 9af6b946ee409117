"""Real, publicly published postmortems (tests/corpus), converted with their times, figures
and statuses as the sources wrote them, built as an archive with --strict: every time is on its
page as written, none of them is ranked on a severity page, the reports are listed by
organisation, and no ticket reference becomes a link into the page.

Some sources write a form the archive refuses or misreads today (issue 22): each such file is
kept as written, explained in the corpus README ("Known readings to fix"), and listed in
KNOWN_READINGS, where its own --strict build is expected to fail until the reading is fixed.
A warning that is right (a zone label out of season) is listed in EXPLAINED_WARNINGS."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from fidelity import load
from sites import ROOT, Result, SiteBuilder, normalize, page_name

from mkdocs_postmortem.core.model import LIFECYCLE, MOMENT_LISTS
from mkdocs_postmortem.core.moments import written

EXPECTED_TIMES = ROOT / "tests" / "corpus" / "expected_times.yaml"
CORPUS = sorted(p for p in EXPECTED_TIMES.parent.glob("*.yaml") if p != EXPECTED_TIMES)

KNOWN_READINGS: dict[str, str] = {
    "1999-10-29-isp-router-hardware-outages": (
        "refuses a range after a non-ISO date and a colon, 'October 29, 1999: 8:15am - 11:41am'"
    ),
    "2019-11-29-dfds-kubernetes-ip-starvation": (
        "refuses '2019-11-29 12:00+' (12:00 or later) and '...' (a row with no time)"
    ),
    "2023-10-13-crunchbits-edge-router-repairs": (
        "refuses a zone written against the time, '11:03PST until 11:04PST'"
    ),
    "2025-10-19-aws-dynamodb-us-east-1": (
        "refuses a time before its date, '11:48 PM PDT on October 19', alone or in a range"
    ),
}
"""Files that cannot build --strict today because the archive refuses (or misreads) a form
their source genuinely uses; the corpus README says, row by row, how each should be read."""

EXPLAINED_WARNINGS: dict[str, str] = {
    "1999-10-29-isp-router-hardware-outages": (
        r"EST is UTC-05:00, but on 1999-10-29 America/New_York keeps EDT"
    ),
    "2018-07-06-bandwagonhost-los-angeles-heat": (
        r"PST is UTC-08:00, but on 2018-07-0[67] America/Los_Angeles keeps PDT"
    ),
    "2019-03-25-kubernetes-boskos-outage": (
        r"PDT is UTC-07:00, but on 2018-12-0[56] America/Los_Angeles keeps PST"
    ),
    "2023-10-13-crunchbits-edge-router-repairs": (
        r"PST is UTC-08:00, but on 2023-10-1[34] America/Los_Angeles keeps PDT"
    ),
}
"""Warnings that are right, read and explained in the corpus README: the source writes a zone
label that is not in force on that date. A file listed here builds without --strict; any other
warning about it fails."""

WARNINGS_NOT_GIVEN_YET: dict[str, str] = {
    "2019-03-25-kubernetes-boskos-outage": (
        "the file's timezone PDT is not checked against its December 2018 row"
    ),
    "2023-10-13-crunchbits-edge-router-repairs": (
        "its times are refused before their zone label is checked against the date"
    ),
}
"""Files of EXPLAINED_WARNINGS whose warning the archive does not give today (issue 22)."""

STRICT = [p for p in CORPUS if p.stem not in KNOWN_READINGS and p.stem not in EXPLAINED_WARNINGS]
PUBLISHED = [p for p in CORPUS if p.stem not in KNOWN_READINGS]
"""In the archive: a file with a refused time has a preview page only, kept out of the lists."""


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
    the files of KNOWN_READINGS and EXPLAINED_WARNINGS have some)."""
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
    known = readme[readme.index("## Known readings to fix (issue 22)") :]
    for path in CORPUS:
        data = load(path)
        source = data["source"]
        assert source["kind"] == "public-report" and source["organisation"], path.name
        # The address the report was read at: a few small providers' pages are plain http.
        assert all(re.match(r"https?://", u) for u in source["urls"]), path.name
        assert path.stem in readme and source["urls"][0] in readme, path.name
        assert data["severity"] == "unrated", path.name  # none of them states a level
    for stem in {*KNOWN_READINGS, *EXPLAINED_WARNINGS}:
        assert f"`{stem}.yaml`" in known, stem


def test_every_report_builds_strictly_with_its_page(corpus: Result, strict_corpus: Result) -> None:
    assert not strict_corpus.aborted, strict_corpus.warnings
    assert not [w for w in strict_corpus.warnings if "postmortem" in w.lower() or ".yaml" in w]
    for path in CORPUS:
        assert corpus.exists(f"postmortems/incidents/{page_name(load(path)['id'])}/"), path.name


@pytest.mark.parametrize(
    "stem",
    [
        pytest.param(
            stem,
            marks=[
                pytest.mark.xfail(
                    reason=f"issue 22: {WARNINGS_NOT_GIVEN_YET[stem]}",
                    raises=AssertionError,
                    strict=True,
                )
            ]
            if stem in WARNINGS_NOT_GIVEN_YET
            else [],
        )
        for stem in sorted(EXPLAINED_WARNINGS)
    ],
)
def test_explained_warnings_are_the_only_ones(corpus: Result, stem: str) -> None:
    """A zone label out of season is warned about at every time that carries it, and nothing
    else is said about the file (its refused forms aside, while they are known)."""
    path = next(p for p in CORPUS if p.stem == stem)
    said = warnings_about(corpus, path)
    assert [w for w in said if re.search(EXPLAINED_WARNINGS[stem], w)], said
    unexplained = [w for w in said if not re.search(EXPLAINED_WARNINGS[stem], w)]
    if stem not in KNOWN_READINGS:
        assert not unexplained


REFUSED = re.compile(r"is not a time this archive can read")


@pytest.mark.parametrize(
    "stem",
    [
        pytest.param(
            stem,
            marks=pytest.mark.xfail(reason=f"issue 22: {why}", raises=AssertionError, strict=True),
        )
        for stem, why in sorted(KNOWN_READINGS.items())
    ],
)
def test_known_readings_build_strictly(tmp_path: Path, stem: str) -> None:
    """Each file the archive cannot read as written today, built alone: it passes once its
    forms are read (the warnings of EXPLAINED_WARNINGS aside); then leave it out of
    KNOWN_READINGS. Any other problem with the file is a failure, not the expected one."""
    path = next(p for p in CORPUS if p.stem == stem)
    explained = EXPLAINED_WARNINGS.get(stem)
    result = build(tmp_path / "project", [path], strict=explained is None)
    said = [w for w in warnings_about(result, path) if not (explained and re.search(explained, w))]
    if [w for w in said if not REFUSED.search(w)]:
        pytest.fail(f"{stem}: problems other than the known readings: {said}")
    assert not said, said  # the known readings: a time the archive refuses as written
    assert not result.aborted, result.warnings


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
    metrics = corpus.text("postmortems/metrics/")
    assert "Not rated" in metrics


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
