"""Fourteen real, publicly published postmortems (tests/corpus), converted with their times,
figures and statuses as the sources wrote them, built as an archive with --strict: every time
is on its page as written, none of them is ranked on a severity page, the reports are listed
by organisation, and no ticket reference becomes a link into the page."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fidelity import load
from sites import ROOT, Result, SiteBuilder, normalize, page_name

from mkdocs_postmortem.core.model import MOMENT_LISTS
from mkdocs_postmortem.core.moments import written

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.yaml"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Result:
    site = SiteBuilder(tmp_path_factory.mktemp("corpus") / "project")
    site.plugin_options = {"as_of": "2026-11-01"}
    for path in CORPUS:
        site.add(f"postmortems/{path.name}", path.read_bytes())
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    return result


def moments(data: dict[str, Any]) -> list[Any]:
    """Every moment a postmortem writes, as written."""
    found = [v for k, v in data.get("timestamps", {}).items() if not k.startswith("x-")]
    for path in MOMENT_LISTS:
        rows: Any = data
        for key in path:
            rows = rows.get(key, {}) if isinstance(rows, dict) else {}
        found += [row["time"] for row in rows or [] if isinstance(row, dict) and "time" in row]
    review = data.get("review_meeting", {})
    return found + ([review["date"]] if "date" in review else [])


def test_the_corpus_is_real_and_large_enough() -> None:
    assert len(CORPUS) >= 10
    readme = (ROOT / "tests" / "corpus" / "README.md").read_text("utf-8")
    for path in CORPUS:
        data = load(path)
        source = data["source"]
        assert source["kind"] == "public-report" and source["organisation"], path.name
        assert all(u.startswith("https://") for u in source["urls"]), path.name
        assert path.stem in readme and source["urls"][0] in readme, path.name
        assert data["severity"] == "unrated", path.name  # none of them states a level


def test_every_report_builds_strictly_with_its_page(corpus: Result) -> None:
    assert not [w for w in corpus.warnings if "postmortem" in w.lower() or ".yaml" in w]
    for path in CORPUS:
        assert corpus.exists(f"postmortems/incidents/{page_name(load(path)['id'])}/"), path.name


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
    assert re.search(rf"never ranked\. {len(CORPUS)} ", home), home
    unrated = corpus.text("postmortems/unrated/")
    assert all(load(p)["id"] in unrated for p in CORPUS)
    metrics = corpus.text("postmortems/metrics/")
    assert "Not rated" in metrics


def test_reports_are_listed_by_organisation(corpus: Result) -> None:
    organisations = {load(p)["source"]["organisation"] for p in CORPUS}
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
