"""The Atom feeds on in-memory archives: valid against RFC 4287's RELAX NG schema, newest
first and capped, ``updated`` the latest day a postmortem states, ids that survive edits,
links a reader can resolve, and a stranger's text only ever as text."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import rnc2rng
from factories import incident, index, settings
from lxml import etree

from mkdocs_postmortem.render.addresses import Paths
from mkdocs_postmortem.render.feeds import ENTRIES, archive_feeds, feed_xml, updated

ATOM = "{http://www.w3.org/2005/Atom}"
PATHS = Paths("postmortems")


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    """RFC 4287 Appendix B, compact syntax converted to XML syntax. The converter declares the
    schema's empty ``local`` prefix, which XML forbids; nothing refers to it by that name."""
    rng = rnc2rng.dumps(rnc2rng.load(str(Path(__file__).with_name("atom.rnc"))))
    rng = rng.replace('\n         xmlns:local=""', "").replace(' xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


def check_atom(schema: etree.RelaxNG, xml: str) -> etree._Element:
    """Valid by the schema, and by the two rules of the RFC that the schema states as
    Schematron: an author for every entry (here the feed's), an alternate link on each."""
    doc = etree.fromstring(xml.encode("utf-8"))
    assert schema.validate(doc), schema.error_log
    assert doc.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in doc.iter(f"{ATOM}entry"):
        links = entry.findall(f"{ATOM}link")
        assert any(link.get("rel") in (None, "alternate") for link in links)
    return doc


def feeds_of(archive, paths: Paths = PATHS) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {feed.src_uri: feed_xml(feed, paths, archive) for feed in archive_feeds(paths, archive)}


def entry_titles(xml: str) -> list[str]:
    return [e.title for e in feedparser.parse(xml).entries]


def test_every_feed_is_valid_atom(atom_schema: etree.RelaxNG) -> None:
    archive = index(
        [
            incident(id="INC-1", services=["api", "db"]),
            incident(id="INC-2", severity="unrated", date="2026-02-01"),
            incident(id="INC-3", severity="SEV1", date="2026-03-01"),
        ]
    )
    files = feeds_of(archive)
    assert set(files) == {
        "postmortems/feed.xml",
        *(f"postmortems/feeds/{lvl.slug}.xml" for lvl in archive.levels),
        "postmortems/feeds/unrated.xml",
    }
    for xml in files.values():
        check_atom(atom_schema, xml)
    parsed = feedparser.parse(files["postmortems/feed.xml"])
    assert not parsed.bozo and parsed.version == "atom10"


def test_an_empty_archive_has_valid_feeds_dated_without_the_clock(
    atom_schema: etree.RelaxNG,
) -> None:
    files = feeds_of(index([]))
    doc = check_atom(atom_schema, files["postmortems/feed.xml"])
    assert doc.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"
    assert "postmortems/feeds/unrated.xml" not in files


def test_newest_first_capped_and_severity_feeds_hold_their_level() -> None:
    made = [
        incident(id=f"INC-{n}", date=f"2025-{1 + n % 12:02d}-{1 + n // 12:02d}",
                 severity="SEV1" if n % 3 == 0 else "SEV2")
        for n in range(ENTRIES + 20)
    ]  # fmt: skip
    archive = index(made)
    files = feeds_of(archive)
    titles = entry_titles(files["postmortems/feed.xml"])
    newest = [f"{i.id}: {i.title}" for i in archive.incidents[:ENTRIES]]
    assert titles == newest and len(titles) == ENTRIES
    sev1 = entry_titles(files["postmortems/feeds/sev1.xml"])
    assert sev1 == [f"{i.id}: {i.title}" for i in archive.by_severity["SEV1"]]
    assert all(
        e.tags[0].term == "SEV1"
        for e in feedparser.parse(files["postmortems/feeds/sev1.xml"]).entries
    )
    assert entry_titles(files["postmortems/feeds/sev3.xml"]) == []


def test_exercises_only_when_counted() -> None:
    made = [incident(id="INC-1"), incident(id="GAME-1", exercise="game-day")]
    assert entry_titles(feeds_of(index(made))["postmortems/feed.xml"]) == [
        "INC-1: Minimal incident"
    ]
    counted = settings(count_exercises=True)
    both = [incident(counted, id="INC-1"), incident(counted, id="GAME-1", exercise="game-day")]
    assert len(entry_titles(feeds_of(index(both, counted))["postmortems/feed.xml"])) == 2


def test_updated_is_the_latest_day_the_postmortem_states() -> None:
    base = incident(id="INC-1", date="2025-03-01")
    assert updated(base).isoformat() == "2025-03-01T00:00:00+00:00"
    later = {
        "source": {"published": "2025-03-09"},
        "document": {"completed": "2025-03-10"},
        "follow_up": {"status_as_of": "2025-04-02"},
        "approvals": [{"name": "A", "role": "lead", "date": "2025-03-11"}],
        "revision_history": [{"date": "2025-05-20", "change": "Root cause corrected"}],
        "action_items": [
            {"action": "Fix", "owner": "x", "status": "done", "completed": "2025-04-15"}
        ],
    }
    for key, value in later.items():
        one = incident(id="INC-1", date="2025-03-01", **{key: value})
        assert updated(one) > updated(base), key
    everything = incident(id="INC-1", date="2025-03-01", **later)
    assert updated(everything).isoformat() == "2025-05-20T00:00:00+00:00"


def test_an_edit_keeps_the_entry_id_and_a_new_revision_moves_updated() -> None:
    before = feeds_of(index([incident(id="INC-1", date="2025-03-01")]))["postmortems/feed.xml"]
    edited = incident(
        id="INC-1", date="2025-03-01", title="Retitled",
        revision_history=[{"date": "2025-06-01", "change": "Retitled"}],
    )  # fmt: skip
    after = feeds_of(index([edited]))["postmortems/feed.xml"]
    one, two = feedparser.parse(before).entries[0], feedparser.parse(after).entries[0]
    assert one.id == two.id and one.id.startswith("urn:uuid:")
    assert one.updated < two.updated == "2025-06-01T00:00:00+00:00"
    assert feedparser.parse(after).feed.updated == "2025-06-01T00:00:00+00:00"


def test_the_same_archive_gives_the_same_bytes() -> None:
    def make() -> dict[str, str]:
        return feeds_of(index([incident(id="INC-1"), incident(id="INC-2", date="2026-02-02")]))

    assert make() == make()


def test_links_are_relative_to_the_feed_without_site_url() -> None:
    archive = index([incident(id="INC-1", severity="SEV1")])
    files = feeds_of(archive)
    top = feedparser.parse(files["postmortems/feed.xml"])
    level = feedparser.parse(files["postmortems/feeds/sev1.xml"])
    top_link = etree.fromstring(files["postmortems/feed.xml"].encode()).find(
        f"{ATOM}entry/{ATOM}link"
    )
    assert top_link is not None and top_link.get("href") == "incidents/INC-1/"
    level_doc = etree.fromstring(files["postmortems/feeds/sev1.xml"].encode())
    assert level_doc.find(f"{ATOM}entry/{ATOM}link").get("href") == "../incidents/INC-1/"  # type: ignore[union-attr]
    hrefs = {link.get("rel"): link.get("href") for link in level_doc.findall(f"{ATOM}link")}
    assert hrefs == {"self": "sev1.xml", "alternate": "../severity/sev1/"}
    # Resolved against the feed's own address, each lands on the page the site has.
    assert top.entries[0].link == "incidents/INC-1/" and level.entries[0].link


def test_links_are_absolute_with_site_url_and_follow_the_url_style() -> None:
    chosen = settings(site_url="https://ops.example.com/docs/", directory_urls=False)
    archive = index([incident(chosen, id="INC-1")], chosen)
    xml = feeds_of(archive)["postmortems/feeds/sev2.xml"]
    doc = etree.fromstring(xml.encode())
    assert doc.find(f"{ATOM}entry/{ATOM}link").get("href") == (  # type: ignore[union-attr]
        "https://ops.example.com/docs/postmortems/incidents/INC-1.html"
    )
    hrefs = {link.get("rel"): link.get("href") for link in doc.findall(f"{ATOM}link")}
    assert hrefs == {
        "self": "https://ops.example.com/docs/postmortems/feeds/sev2.xml",
        "alternate": "https://ops.example.com/docs/postmortems/severity/sev2.html",
    }


def test_a_strangers_text_is_text(atom_schema: etree.RelaxNG) -> None:
    hostile = incident(
        id="INC-1",
        title="<script>alert(1)</script>\x01",
        services=["<img src=x onerror=alert(1)>"],
        summary="<script>alert(2)</script> and **bold** " + "x" * 5000,
    )
    xml = feeds_of(index([hostile]))["postmortems/feed.xml"]
    doc = check_atom(atom_schema, xml)
    assert "<script" not in xml and "<img" not in xml
    entry = doc.find(f"{ATOM}entry")
    assert entry is not None
    summary = entry.find(f"{ATOM}summary")
    assert summary is not None and summary.get("type") == "text" and len(summary) == 0
    assert "<script>alert(2)</script> and **bold**" in (summary.text or "")
    assert len(summary.text or "") < 1200
    assert entry.findtext(f"{ATOM}title") == "INC-1: <script>alert(1)</script>\ufffd"
    assert "Services: <img src=x onerror=alert(1)>" in (summary.text or "")


def test_the_entry_says_date_severity_and_services() -> None:
    xml = feeds_of(index([incident(id="INC-1", severity="SEV1", services=["api", "db"])]))
    summary = feedparser.parse(xml["postmortems/feed.xml"]).entries[0].summary
    assert summary.splitlines()[:3] == [
        "Date: 2026-01-05",
        "Severity: SEV1 (Critical)",
        "Services: api, db",
    ]
