"""The archive's navigation section as the built site shows it: six entries at most, the other
index pages built out of the navigation and reached through the Browse page."""

from __future__ import annotations

import json
import logging
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from sites import Result, SiteBuilder

NAV_PAGES = {
    "postmortems/": "Postmortems",
    "postmortems/patterns/": "Patterns",
    "postmortems/action-items/": "Action items",
    "postmortems/related/": "Related incidents",
    "postmortems/browse/": "Browse",
    "postmortems/health/": "Archive health",
}
"""Every page of the section, by URL, with its title in the explicit navigation."""
TAXONOMIES = ("services", "categories", "tags", "environments", "years", "organisations")
OMITTED = "exist in the docs directory, but are not included in the"
"""MkDocs's notice of pages that are neither in the ``nav`` nor marked out of it."""


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def find_all(self, tag: str, css_class: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if child.tag == tag and (css_class is None or css_class in child.classes):
                found.append(child)
            found.extend(child.find_all(tag, css_class))
        return found

    def child(self, tag: str, css_class: str) -> Element | None:
        return next((c for c in self.children if c.tag == tag and css_class in c.classes), None)

    def all_text(self) -> str:
        return " ".join(" ".join([*self.text, *(c.all_text() for c in self.children)]).split())


class _Tree(HTMLParser):
    VOID = ("area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)


def tree(page_html: str) -> Element:
    parser = _Tree()
    parser.feed(page_html)
    return parser.root


@dataclass
class Entry:
    title: str
    href: str | None
    children: list[Entry]


def _entries(nav: Element) -> list[Entry]:
    """The items of one level of Material's navigation; a page's table of contents (the
    secondary navigation inside the current page's item) is not part of it."""
    listing = nav.child("ul", "md-nav__list")
    entries = []
    for item in listing.children if listing else []:
        if item.tag != "li" or "md-nav__item" not in item.classes:
            continue
        link = item.child("a", "md-nav__link") or item.child("label", "md-nav__link")
        assert link is not None
        sub = next(
            (n for n in item.children if n.tag == "nav" and "md-nav--secondary" not in n.classes),
            None,
        )
        href = link.attrs.get("href") if link.tag == "a" else None
        entries.append(Entry(link.all_text(), href, _entries(sub) if sub else []))
    return entries


def navigation(result: Result, url: str) -> list[Entry]:
    """The primary navigation drawn on the page at ``url``, hrefs resolved to site URLs."""
    (nav,) = tree(result.html(url)).find_all("nav", "md-nav--primary")
    entries = _entries(nav)

    def resolve(items: list[Entry]) -> None:
        for entry in items:
            if entry.href is not None:
                entry.href = site_url(url, entry.href)
            resolve(entry.children)

    resolve(entries)
    return entries


def site_url(page: str, href: str) -> str:
    """A link of the page at ``page`` as a URL relative to the site root."""
    return urlsplit(urljoin("https://site.test/" + page, href)).path.removeprefix("/")


def article_links(result: Result, url: str) -> list[str]:
    """The site URLs the article of a page links to (its own headings' anchors left out)."""
    (article,) = tree(result.html(url)).find_all("article", "md-content__inner")
    hrefs = [a.attrs["href"] for a in article.find_all("a") if "href" in a.attrs]
    return [site_url(url, h).split("#")[0] for h in hrefs if not h.startswith("#")]


def built_pages(result: Result) -> set[str]:
    """The URL of every page the build wrote."""
    return {
        path.parent.relative_to(result.site).as_posix() + "/"
        for path in result.site.rglob("index.html")
        if path.parent != result.site
    }


def resolves(result: Result, url: str) -> bool:
    path = result.site / url
    return (path / "index.html").is_file() if url.endswith("/") or not url else path.is_file()


def archive(site: SiteBuilder) -> None:
    """Incidents that fill every taxonomy, an unrated one among them."""
    site.incident(
        "a",
        id="INC-A",
        title="Database failover",
        date="2026-03-01",
        severity="SEV1",
        services=["db", "api"],
        tags=["failover"],
        environment="production",
        contributing_factors=[{"factor": "Replica lag.", "category": "capacity"}],
        source={"organisation": "Acme"},
    )
    site.incident("b", id="INC-B", title="Checkout errors", date="2025-11-02", services=["api"])
    site.incident("c", id="INC-C", title="Nobody rated it", date="2026-04-10", severity="unrated")


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=Test", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def notices(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """MkDocs's log, informational messages included (the omitted-pages notice is one)."""
    caplog.set_level(logging.INFO, logger="mkdocs")
    return caplog


def omitted(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The pages MkDocs says are in neither the nav nor out of it."""
    return [
        line.strip().removeprefix("- ")
        for record in caplog.records
        if OMITTED in record.getMessage()
        for line in record.getMessage().splitlines()[1:]
    ]


def test_the_section_has_six_entries_and_browse_reaches_every_other_page(
    site: SiteBuilder, notices: pytest.LogCaptureFixture
) -> None:
    site.extra_config = {"nav": ["index.md"]}
    site.plugin_options = {"compare_ref": "HEAD"}  # a preview build: the changes page too
    archive(site)
    site.write_config()
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-q", "-m", "archive")

    result = site.build(strict=True)

    assert not result.aborted, result.warnings
    assert not [r for r in notices.records if OMITTED in r.getMessage()]
    built = built_pages(result)
    for url in ("index.html", "postmortems/browse/", "postmortems/services/db/"):
        top = navigation(result, url)
        assert [e.title for e in top] == ["Home", "Postmortems"], url
        section = top[1].children
        assert len(section) <= 6
        assert {e.href: e.title for e in section} == NAV_PAGES, url
        assert all(not e.children for e in section)  # no sub-section of severity levels

    left_out = {
        url
        for url in built - NAV_PAGES.keys()
        if not url.startswith("postmortems/incidents/")
        and not (url.split("/")[1] in TAXONOMIES and url.count("/") == 3)  # a term's page
    }
    assert left_out >= {
        *(f"postmortems/severity/sev{n}/" for n in range(1, 5)),
        "postmortems/unrated/",
        *(f"postmortems/{key}/" for key in TAXONOMIES),
        "postmortems/similar/",
        "postmortems/fields/",
        "postmortems/changes/",
    }
    links = article_links(result, "postmortems/browse/")
    assert left_out <= set(links)
    assert all(resolves(result, link) for link in links), links

    browse = result.text("postmortems/browse/")
    assert "SEV1 Critical 1" in browse and "SEV2 Major 1" in browse
    assert "not rated Not rated 1" in browse
    assert "Services Incidents by affected service. 2 services" in browse
    assert "Organisations" in browse and "1 organisation" in browse
    assert "Changes in this preview" in browse
    # The severity pages left the navigation, not the site: the archive home links them too.
    home_links = article_links(result, "postmortems/")
    assert "postmortems/browse/" in home_links
    for n in range(1, 5):
        assert f"postmortems/severity/sev{n}/" in home_links
    assert "INC-A" in result.text("postmortems/severity/sev1/")


@pytest.mark.parametrize("in_nav", [True, False])
def test_the_automatic_navigation(
    site: SiteBuilder, notices: pytest.LogCaptureFixture, in_nav: bool
) -> None:
    """Without a ``nav:``, MkDocs lists every page not marked out of the navigation: the
    section is the folder, with the same six pages, or nothing with ``nav: false``."""
    site.plugin_options = {"nav": in_nav}
    archive(site)

    result = site.build(strict=True)

    assert not result.aborted, result.warnings
    top = navigation(result, "postmortems/browse/")
    if in_nav:
        assert [e.title for e in top] == ["Home", "Postmortems"]
        assert {e.href for e in top[1].children} == NAV_PAGES.keys()
    else:
        assert [e.title for e in top] == ["Home"]
    assert result.exists("postmortems/severity/sev1/") and result.exists("postmortems/tags/")
    assert not [r for r in notices.records if OMITTED in r.getMessage()]


def test_a_team_nav_that_lists_the_archive_home_is_kept(
    site: SiteBuilder, notices: pytest.LogCaptureFixture
) -> None:
    site.extra_config = {
        "nav": [
            "index.md",
            {
                "Incidents": [
                    "postmortems/index.md",
                    "postmortems/browse.md",
                    {"Worst": "postmortems/severity/sev1.md"},
                ]
            },
        ]
    }
    archive(site)

    result = site.build(strict=True)

    assert not result.aborted, result.warnings
    top = navigation(result, "index.html")
    assert [e.title for e in top] == ["Home", "Incidents"]  # no section appended
    assert [(e.title, e.href) for e in top[1].children] == [
        ("Postmortems", "postmortems/"),
        ("Browse", "postmortems/browse/"),
        ("Worst", "postmortems/severity/sev1/"),  # a page out of the nav, listed by the team
    ]
    # MkDocs names the section's pages the team left out, and none of the pages Browse links.
    assert sorted(omitted(notices)) == [
        "postmortems/action-items.md",
        "postmortems/health.md",
        "postmortems/patterns.md",
        "postmortems/related.md",
    ]


def plugin_notices(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    """(level, message) of every notice of INFO or above, but MkDocs' own progress lines."""
    progress = ("Cleaning site directory", "Building documentation", "Documentation built")
    return [
        (r.levelname, r.getMessage())
        for r in caplog.records
        if r.levelno >= logging.INFO and not r.getMessage().startswith(progress)
    ]


@pytest.mark.parametrize(
    "nav", [None, ["index.md", {"Postmortems": "postmortems/index.md"}]], ids=["auto", "explicit"]
)
def test_a_team_page_on_the_archive_home_is_one_warning(
    site: SiteBuilder, notices: pytest.LogCaptureFixture, nav: list[object] | None
) -> None:
    """The team's own docs/postmortems/index.md stays; the build says so once, with what to
    do, and nothing else: no notice per page that links the home, none of pages left out."""
    if nav is not None:
        site.extra_config = {"nav": nav}
    archive(site)
    site.add("postmortems/index.md", "# Our postmortems\n\nWritten by hand.\n")

    result = site.build()

    said = plugin_notices(notices)
    assert [m for level, m in said if level == "WARNING"] == [
        "mkdocs_postmortem: postmortems/index.md: the archive needs this path for a generated "
        "page, but the docs already have a file there; move it or change the plugin's prefix "
        "option"
    ]
    (summary,) = [m for level, m in said if level == "INFO"]  # the build's summary line alone
    assert summary.startswith("mkdocs_postmortem: 3 incidents published")
    assert "Written by hand." in result.text("postmortems/")
    assert result.exists("postmortems/incidents/INC-A/")


@pytest.mark.parametrize("prefix", ["incidents", "ops/incidents"])
def test_a_prefix_of_its_own_is_one_section_with_urls_said_once(
    site: SiteBuilder, notices: pytest.LogCaptureFixture, prefix: str
) -> None:
    """The usual way out of the clash above: the team's "Postmortems" entry and the archive
    make one section, and the incidents are at <prefix>/<id>/, not <prefix>/incidents/<id>/."""
    site.extra_config = {"nav": ["index.md", {"Postmortems": "postmortems/index.md"}]}
    site.plugin_options = {"prefix": prefix}
    archive(site)
    site.add("postmortems/index.md", "# Our postmortems\n")

    result = site.build(strict=True)

    assert not result.aborted, result.warnings
    top = navigation(result, "index.html")
    assert [e.title for e in top] == ["Home", "Postmortems"]
    assert [e.href for e in top[1].children] == [
        "postmortems/",
        *(url.replace("postmortems/", f"{prefix}/", 1) for url in NAV_PAGES),
    ]
    assert result.exists(f"{prefix}/INC-A/") and not result.exists(f"{prefix}/incidents/")
    assert f"{prefix}/INC-A/" in article_links(result, f"{prefix}/severity/sev1/")
    assert not [r for r in notices.records if OMITTED in r.getMessage()]


def test_beside_the_index_pages_an_id_may_not_take_their_address(site: SiteBuilder) -> None:
    site.plugin_options = {"prefix": "incidents"}
    archive(site)
    site.incident("m", id="patterns", title="Named like a page")
    result = site.build()
    assert result.warnings == [
        "docs/postmortems/m.yaml:1:5: id: id 'patterns' would take the address of the "
        "archive's own 'patterns' (incident pages sit beside the archive's pages in "
        "incidents/); choose another id"
    ]
    assert "Response times" in result.text("incidents/patterns/")  # still the archive's page


def test_an_incident_is_at_its_id_as_written(site: SiteBuilder) -> None:
    site.incident("a", id="INC-2025-008", title="Written in capitals")
    site.incident("b", id="inc-2025-009", title="Written in lower case")
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    assert "Written in capitals" in result.text("postmortems/incidents/INC-2025-008/")
    assert "Written in lower case" in result.text("postmortems/incidents/inc-2025-009/")
    links = set(article_links(result, "postmortems/"))
    assert {"postmortems/incidents/INC-2025-008/", "postmortems/incidents/inc-2025-009/"} <= links
    export = json.loads((result.site / "postmortems" / "incidents.json").read_text("utf-8"))
    assert {i["url"] for i in export["incidents"]} == {
        "postmortems/incidents/INC-2025-008/",
        "postmortems/incidents/inc-2025-009/",
    }
