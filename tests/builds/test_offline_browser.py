"""The example archive read on an offline intranet: built with Material and with MkDocs' own
``mkdocs`` theme, each in the setup docs/offline.md gives (Material's ``font: false``,
``mkdocs``' ``highlightjs: false``, Pagefind on), served locally and loaded in a real browser
(Debian's chromium through Playwright, the fixtures of test_browser.py) where every request to
another host is refused. Every page kind asks nothing of the internet, fails no request to a
file of the site and says no error; badges have their colours, families are SVG, charts are
drawn, and the archive's search finds an incident with Pagefind's local files. Opened from disk
(``file://``), the search page says why it cannot search instead of waiting for ever.

test_family_browser.py checks the families' drawing in detail (Material, light and dark),
test_search_browser.py the search page's filters and links: here, what holds on every page
kind in both themes with nothing from outside."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from builds.test_browser import LAUNCH_ARGS, OFFSITE, browser, playwright, serve
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, Route
from sites import build_example

from mkdocs_postmortem.render import site_search

if site_search.binary_problem() is not None:
    pytest.skip(
        f"Pagefind cannot run here: {site_search.binary_problem()}", allow_module_level=True
    )

__all__ = ["LAUNCH_ARGS", "browser", "playwright"]  # the fixtures, used by name

THEMES: dict[str, dict[str, Any]] = {
    # Material asks Google Fonts for Roboto unless told not to.
    "material": {
        "name": "material",
        "font": False,
        "palette": [{"scheme": "default"}, {"scheme": "slate"}],
    },
    # MkDocs' theme loads highlight.js from cdnjs unless told not to.
    "mkdocs": {"name": "mkdocs", "highlightjs": False},
}
PAGES = {
    "home": "postmortems/",
    "incident": "postmortems/incidents/INC-2025-031/",
    "severity": "postmortems/severity/sev1/",
    "related": "postmortems/related/",
    "patterns": "postmortems/patterns/",
    "action items": "postmortems/action-items/",
    "search": "postmortems/browse/",
    "health": "postmortems/health/",
}
TRANSPARENT = "rgba(0, 0, 0, 0)"
LINED_UP = """() => {
    const left = selector => Math.round(document.querySelector(selector).getBoundingClientRect().left);
    return {
        count: left(".pagefind-ui__message"),
        result: left("li.pagefind-ui__result"),
        id: left("li.pagefind-ui__result li[data-pagefind-ui-meta='id']"),
        title: left("li.pagefind-ui__result .pagefind-ui__result-title"),
    };
}"""
"""Where the count of results and the first result, its id and its title start (the column
right of the filters)."""

BADGES = """() => [...document.querySelectorAll(".pm-badge.pm-sev")]
    .filter(b => b.getClientRects().length)
    .map(b => ({text: b.textContent.trim(), fill: getComputedStyle(b).backgroundColor}))"""
FAMILIES = """() => ({
    headings: document.querySelectorAll("h2[id^='family-']").length,
    drawn: [...document.querySelectorAll("figure.pm-family > svg")]
        .map(s => s.getBoundingClientRect()).filter(r => r.width > 50 && r.height > 20).length,
    mermaid: document.querySelectorAll(".mermaid").length,
})"""
CHARTS = """() => [
    ...[...document.querySelectorAll("svg.pygal-chart")].map(s => ({
        id: s.id,
        width: s.getBoundingClientRect().width,
        marks: s.querySelectorAll(".series rect, .series path, .series circle, .series line")
            .length,
    })),
    ...[...document.querySelectorAll("img[src$='.svg']")].map(i => ({
        id: i.getAttribute("src"),
        width: i.complete ? i.naturalWidth : 0,
        marks: i.complete && i.naturalHeight > 0 ? 1 : 0,
    })),
]"""
"""Each chart: inline (the patterns page) with its marks, or an SVG image (the ledger's
backlog) loaded."""


@dataclass
class Reading:
    """What a page asked for and said while it was read."""

    page: Page
    base: str
    refused: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"asked the internet for {url}" for url in self.refused]
            + [f"failed: {what}" for what in self.failed]
            + self.errors
        )


@pytest.fixture(scope="module", params=sorted(THEMES))
def offline_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(theme, base URL) of the example archive built with that theme and Pagefind on."""
    theme = str(request.param)
    built = build_example(
        tmp_path_factory.mktemp(f"offline-{theme}"),
        theme=THEMES[theme],
        options={"pagefind": "required", "as_of": "2026-12-01"},
    )
    assert not built.warnings, built.warnings
    with serve(built.site) as base:
        yield theme, base


def _read(browser: Browser, base: str, path: str) -> Reading:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    reading = Reading(page, base)

    def refuse(route: Route) -> None:
        reading.refused.append(route.request.url)
        route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            reading.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def request_failed(request: Request) -> None:
        if request.url.startswith(base):
            reading.failed.append(f"{request.url} ({request.failure})")

    def response(answer: Response) -> None:
        if answer.url.startswith(base) and answer.status >= 400:
            reading.failed.append(f"{answer.url} ({answer.status})")

    context.route(OFFSITE, refuse)
    page.on("console", console)
    page.on("pageerror", lambda exc: reading.errors.append(f"pageerror: {exc}"))
    page.on("requestfailed", request_failed)
    page.on("response", response)
    page.goto(base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return reading


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_kind_reads_offline(
    browser: Browser, offline_site: tuple[str, str], kind: str
) -> None:
    theme, base = offline_site
    reading = _read(browser, base, PAGES[kind])
    page = reading.page
    try:
        assert page.locator("h1").first.is_visible()
        badges = page.evaluate(BADGES)
        if kind in ("home", "incident", "severity", "patterns"):
            assert badges, f"{kind}: a severity badge is shown"
        for badge in badges:
            assert badge["fill"] != TRANSPARENT, (theme, kind, badge)
        if kind == "related":
            families = page.evaluate(FAMILIES)
            assert families["headings"] == families["drawn"] > 0, families
            assert families["mermaid"] == 0, families
        if kind in ("patterns", "action items"):
            charts = page.evaluate(CHARTS)
            assert charts, f"{kind}: a chart"
            for chart in charts:
                assert chart["width"] > 200 and chart["marks"] > 0, (theme, kind, chart)
        assert not reading.problems(), (theme, kind, reading.problems())
    finally:
        page.context.close()


def test_the_search_page_finds_an_incident_with_pagefind_local(
    browser: Browser, offline_site: tuple[str, str]
) -> None:
    theme, base = offline_site
    reading = _read(browser, base, PAGES["search"])
    page = reading.page
    try:
        page.locator("input.pagefind-ui__search-input").fill("connection pool exhaustion")
        found = page.locator("li.pagefind-ui__result", has_text="INC-2025-031")
        found.first.wait_for(state="visible", timeout=15_000)
        assert page.locator("[data-pm-search-disk]").is_hidden()
        lefts = page.evaluate(LINED_UP)
        assert len(set(lefts.values())) == 1, (theme, lefts)  # no theme's list indent
        assert any("pagefind" in url for url in _local_requests(page, base)), "Pagefind's files"
        assert not reading.problems(), (theme, reading.problems())
    finally:
        page.context.close()


def _local_requests(page: Page, base: str) -> list[str]:
    urls: list[str] = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
    )
    return [url for url in urls if url.startswith(base)]


def test_opened_from_disk_the_search_page_says_to_serve_it(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """From ``file://`` the browser lets no page import Pagefind's module: the page says so,
    and how to serve the folder, instead of "Searching…" for ever and a console error."""
    built = build_example(
        tmp_path_factory.mktemp("offline-disk"),
        theme=THEMES["mkdocs"],
        options={"pagefind": "required"},
    )
    assert not built.warnings, built.warnings
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    try:
        context.route(re.compile(r"^(?!file:)"), lambda route: route.abort())
        search = built.site / "postmortems" / "browse" / "index.html"
        page.goto(search.as_uri(), wait_until="load")
        page.wait_for_load_state("networkidle")
        note = page.locator("[data-pm-search-disk]")
        assert note.is_visible()
        assert "http.server" in note.inner_text()
        assert page.locator("input.pagefind-ui__search-input").count() == 0
        assert not [e for e in errors if "pagefind" in e.lower() or "bundlePath" in e], errors
    finally:
        context.close()
