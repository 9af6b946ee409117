"""What Pagefind stores of an incident page, read from the index it wrote: the result fields
(title, id, date, severity) exactly as the postmortem writes them, unescaped once from the
page's HTML, so that Pagefind's interface, which shows a result's title as text, shows
``Latency > 2s`` and not ``Latency &gt; 2s``; the filters as its interface needs them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from sites import Result, SiteBuilder

from mkdocs_postmortem.render import site_search

if site_search.binary_problem() is not None:
    pytest.skip(
        f"Pagefind cannot run here: {site_search.binary_problem()}", allow_module_level=True
    )

TITLES = {
    "INC-201": "Latency > 2s & errors < 1% quartz",
    "INC-202": "Quote \"x\" and 'y' quartz",
    "INC-203": "Literal &gt; entity &amp; more quartz",
    "INC-204": "Payload <img src=x onerror=window.__pwned=1> quartz",
}
SERVICE = "a<b>&c"


def build_titles(root: Path) -> Result:
    site = SiteBuilder(root)
    for number, (incident_id, title) in enumerate(TITLES.items()):
        site.incident(f"t{number}", id=incident_id, title=title, services=[SERVICE])
    site.plugin_options = {"pagefind": "required"}
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    return result


def fragments(site: Path) -> list[dict[str, Any]]:
    """Every page Pagefind indexed, as its fragment file holds it (gzip, a signature, JSON)."""
    found = []
    for path in sorted((site / "postmortems" / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{") :]))
    return found


def test_result_fields_are_stored_as_written(tmp_path: Path) -> None:
    result = build_titles(tmp_path / "project")
    stored = {page["meta"]["id"]: page for page in fragments(result.site)}
    assert set(stored) == set(TITLES)
    for incident_id, title in TITLES.items():
        meta = stored[incident_id]["meta"]
        assert meta["title"] == title
        assert (meta["severity"], meta["date"]) == ("SEV2", "2026-01-05")
        # Filter values stay escaped once: Pagefind's interface writes them as HTML.
        assert stored[incident_id]["filters"]["service"] == ["a&lt;b&gt;&amp;c"]
