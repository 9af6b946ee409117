"""The Atom feeds in a real Material build: written where the archive home links them, newest
first, a severity feed holding its level alone, a stranger's text escaped, the same bytes from
two builds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from sites import Result, SiteBuilder

HOSTILE = "<script>alert(1)</script>"


def make_site(root: Path) -> SiteBuilder:
    site = SiteBuilder(root)
    site.plugin_options = {"as_of": "2026-06-30"}
    site.incident("a", id="INC-1", date="2026-01-05", severity="SEV1", services=["api"])
    site.incident("b", id="INC-2", date="2026-03-01", severity="SEV2", services=["db"])
    site.incident(
        "c",
        id="INC-3",
        date="2026-02-01",
        severity="SEV1",
        title=f"Checkout {HOSTILE}",
        services=[f"pay{HOSTILE}"],
        summary=f"It broke. {HOSTILE}",
    )
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Result:
    result = make_site(tmp_path_factory.mktemp("feeds")).build(strict=True)
    assert not result.aborted, result.warnings
    return result


def test_the_feeds_are_written_newest_first(built: Result) -> None:
    parsed = feedparser.parse((built.site / "postmortems" / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert [e.title.split(":")[0] for e in parsed.entries] == ["INC-2", "INC-3", "INC-1"]
    assert parsed.entries[0].link == "https://example.org/postmortems/incidents/INC-2/"
    assert (built.site / "postmortems" / "incidents" / "INC-2" / "index.html").exists()


def test_each_entry_links_its_page_as_the_alternate_html(built: Result) -> None:
    """Every entry's link says what it is (rel="alternate", type="text/html"), as the feed's
    own links do: feedgen 1.0 writes only the href of an entry's link, and a reader that
    follows RFC 4287 to the letter then has only a link, not the page."""
    atom = "{http://www.w3.org/2005/Atom}"
    for path in [
        built.site / "postmortems" / "feed.xml",
        *(built.site / "postmortems" / "feeds").glob("*.xml"),
    ]:
        root = ET.parse(path).getroot()
        for entry in root.iter(f"{atom}entry"):
            links = [link.attrib for link in entry.iter(f"{atom}link")]
            assert len(links) == 1, (path.name, links)
            assert links[0]["rel"] == "alternate" and links[0]["type"] == "text/html", links
            assert links[0]["href"].startswith("https://example.org/postmortems/incidents/")
    entries = ET.parse(built.site / "postmortems" / "feed.xml").getroot().iter(f"{atom}entry")
    assert len(list(entries)) == 3


def test_a_severity_feed_holds_its_level_alone(built: Result) -> None:
    feeds = built.site / "postmortems" / "feeds"
    sev1 = feedparser.parse((feeds / "sev1.xml").read_bytes())
    assert [e.title.split(":")[0] for e in sev1.entries] == ["INC-3", "INC-1"]
    assert {e.tags[0].term for e in sev1.entries} == {"SEV1"}
    assert feedparser.parse((feeds / "sev4.xml").read_bytes()).entries == []
    assert not (feeds / "unrated.xml").exists()


def test_the_archive_home_links_every_feed(built: Result) -> None:
    home = built.html("postmortems/")
    links = set(re.findall(r'href="([^"]+\.xml)"', home))
    assert links == {"feed.xml", *(f"feeds/sev{n}.xml" for n in range(1, 5))}
    assert "Atom feed of the archive" in built.text("postmortems/")


def test_a_strangers_text_is_escaped_never_markup(built: Result) -> None:
    for path in [
        built.site / "postmortems" / "feed.xml",
        *(built.site / "postmortems" / "feeds").glob("*.xml"),
    ]:
        assert "<script" not in path.read_text("utf-8"), path
    entry = next(
        e
        for e in feedparser.parse((built.site / "postmortems" / "feed.xml").read_bytes()).entries
        if e.title.startswith("INC-3")
    )
    assert entry.title == f"INC-3: Checkout {HOSTILE}"
    assert entry.summary_detail.type == "text/plain" and HOSTILE in entry.summary


def test_two_builds_give_byte_identical_feeds(built: Result, tmp_path: Path) -> None:
    again = make_site(tmp_path).build(strict=True)
    names = sorted(p.relative_to(built.site) for p in built.site.glob("postmortems/**/*.xml"))
    assert len(names) == 5
    for name in names:
        assert (built.site / name).read_bytes() == (again.site / name).read_bytes(), name
