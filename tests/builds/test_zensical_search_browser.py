"""The archive's search on a Zensical-built site, in a real browser (Debian's chromium through
Playwright, with the fixtures of test_browser.py): the search page finds an incident by a word
of its title, and Zensical's own search (the header's) leads to it with the query."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest
from builds.test_browser import Tab, browser, mermaid_js, playwright, serve, tab
from builds.test_zensical_search import SITE_PATH, build_zensical_archive

__all__ = ["browser", "mermaid_js", "playwright", "tab"]  # the fixtures, used by name

WORD, INCIDENT = "eviction", "INC-2026-020"
"""A word of the title of one example incident: 'All deploys blocked by artifact cache
eviction'."""
COUNT = 14
"""The example archive's published incidents."""

RESULTS = """() => {
    const message = document.querySelector(".pagefind-ui__message");
    const said = message ? message.textContent.match(/([0-9]+) result/) : null;
    const ids = [...document.querySelectorAll('li[data-pagefind-ui-meta="id"]')];
    return said !== null && Number(said[1]) > 0 && ids.length === Number(said[1]);
}"""
"""Pagefind has said how many results there are and shown each (they load one by one)."""

HEADER_LINE = """() => {
    for (const node of document.body.children) {
        const link = node.shadowRoot && node.shadowRoot.querySelector("[data-pm-archive-search]");
        if (link) return [link.textContent, link.href];
    }
    return null;
}"""
"""The line the header's search shows in Zensical's dialog (a shadow root)."""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    served = build_zensical_archive(tmp_path_factory.mktemp("zensical-browser"))
    with serve(served) as base:
        yield base.rstrip("/") + SITE_PATH


def _found(t: Tab) -> set[str]:
    t.page.wait_for_function(RESULTS, timeout=30_000)
    tags = t.page.locator('li[data-pagefind-ui-meta="id"]')
    return {text.split(": ", 1)[1].strip() for text in tags.all_text_contents()}


def test_the_search_page_finds_an_incident_by_a_word_of_its_title(
    tab: Callable[..., Tab], site_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(site_url + "postmortems/browse/")
    box = t.page.locator("input.pagefind-ui__search-input")
    box.wait_for(state="visible", timeout=15_000)
    box.fill(WORD)
    assert INCIDENT in _found(t)
    first = t.page.locator(f'li.pagefind-ui__result:has-text("{INCIDENT}") a').first
    href = first.get_attribute("href") or ""
    assert href.startswith(SITE_PATH + "postmortems/incidents/"), href  # under the site's path
    assert not t.problems(ignore_blocked=True)


def test_zensicals_header_search_leads_to_the_archive_search(
    tab: Callable[..., Tab], site_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(site_url)
    t.page.locator(".md-search__button").click()
    t.page.wait_for_function(HEADER_LINE, timeout=15_000)
    t.page.keyboard.type(WORD)
    expected = f"Search {COUNT} incidents in the archive for “{WORD}”"
    t.page.wait_for_function(f"() => ({HEADER_LINE})()?.[0] === {expected!r}", timeout=15_000)
    text, href = t.page.evaluate(HEADER_LINE)
    assert text == expected
    assert urlsplit(href).path == SITE_PATH + "postmortems/browse/"
    assert parse_qsl(urlsplit(href).query) == [("q", WORD)]
    t.goto(href)
    assert INCIDENT in _found(t)
    assert not t.problems(ignore_blocked=True)
