"""The incident families drawn at build time, in a real browser (Debian's chromium through
Playwright, with the fixtures of test_browser.py) with no network beyond the local server:
every request to another host is refused, as on an offline intranet. Each family of the
example archive is an SVG showing its members' ids, with no Mermaid source, no console
error, readable in the light and the dark scheme and within a 390 px phone's width."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from builds.test_browser import (
    LAUNCH_ARGS,
    OFFSITE,
    artifacts_dir,
    browser,
    example_url,
    playwright,
    serve,
)
from builds.test_serve import free_port
from playwright.sync_api import Browser, ConsoleMessage, Page, Route
from sites import ROOT, build_example

__all__ = ["LAUNCH_ARGS", "browser", "example_url", "playwright", "serve"]

FAMILIES = """() => [...document.querySelectorAll("article h2[id^='family-']")].map(h => {
    let el = h.nextElementSibling;
    while (el && el.tagName !== "H2" && !el.matches("figure.pm-family")) el = el.nextElementSibling;
    const svg = el && el.matches("figure.pm-family") ? el.querySelector("svg") : null;
    let list = h.nextElementSibling;
    while (list && list.tagName !== "H2" && !list.matches("ul.pm-incidents")) list = list.nextElementSibling;
    const members = list && list.matches("ul.pm-incidents")
        ? [...list.querySelectorAll("li > a")].map(a => a.textContent) : [];
    if (!svg) return {id: h.id, members, drawn: false};
    const box = svg.getBoundingClientRect();
    const ids = [...svg.querySelectorAll("a > text:first-of-type")].map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, width: r.width, height: r.height};
    });
    return {
        id: h.id, members, drawn: true, width: box.width, height: box.height,
        column: svg.closest("article").getBoundingClientRect().width,
        ids: ids.map(t => t.text), shown: ids.every(t => t.width > 0 && t.height > 0),
        fill: getComputedStyle(svg.querySelector("a > text")).fill,
        line: getComputedStyle(svg.querySelector("polyline")).stroke,
        links: [...svg.querySelectorAll("a")].map(a => a.getAttributeNS("http://www.w3.org/1999/xlink", "href")),
    };
})"""
"""Every family heading of the page, its drawing's size, ids and colours, and its members as
the list under it names them."""

BACKGROUND = """() => getComputedStyle(document.body).backgroundColor"""


@dataclass
class Offline:
    """A page that reaches nothing but the local server, and what it tried and said."""

    page: Page
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Console errors, but a refused request's own "failed to load" (that is the test)."""
        return [e for e in self.errors if not any(url in e for url in self.refused)]


@pytest.fixture
def offline(browser: Browser) -> Iterator[Any]:
    contexts = []

    def open_page(width: int, scheme: str = "light") -> Offline:
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme=scheme,  # type: ignore[arg-type]
        )
        contexts.append(context)
        page = context.new_page()
        opened = Offline(page)

        def refuse(route: Route) -> None:
            opened.refused.append(route.request.url)
            route.abort()

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                where = message.location.get("url", "")
                opened.errors.append(f"console: {message.text} ({where})")

        context.route(OFFSITE, refuse)
        page.on("console", console)
        page.on("pageerror", lambda exc: opened.errors.append(f"pageerror: {exc}"))
        return opened

    yield open_page
    for context in contexts:
        context.close()


def _rgb(css: str) -> tuple[float, float, float]:
    found = re.findall(r"[\d.]+", css)
    assert len(found) >= 3, css
    r, g, b = (float(v) / 255 for v in found[:3])
    return r, g, b


def _luminance(css: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(css))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _dark(page: Page) -> None:
    """Material's dark scheme, as its toggle sets it, once links' colour transition is over."""
    page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.wait_for_timeout(600)


@pytest.mark.parametrize("width", [390, 1280])
def test_each_family_is_drawn_offline(offline: Any, example_url: str, width: int) -> None:
    t: Offline = offline(width)
    t.page.goto(example_url + "postmortems/related/", wait_until="load")
    t.page.wait_for_load_state("networkidle")
    families = t.page.evaluate(FAMILIES)
    assert families, "the example archive has families"
    for family in families:
        assert family["drawn"], family["id"]
        assert sorted(family["ids"]) == sorted(family["members"]), family
        assert family["shown"], family
        assert all(href and href.startswith("../incidents/") for href in family["links"])
        assert family["width"] <= family["column"] + 0.5, family  # within the column
    assert t.page.locator("pre.mermaid, div.mermaid").count() == 0
    assert "flowchart" not in t.page.locator("article").inner_text()
    assert not [url for url in t.refused if "mermaid" in url], "no diagram script asked for"
    scroll = t.page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways at {width} px ({scroll})"
    assert not t.problems()


def test_the_drawing_follows_the_scheme_and_is_photographed(offline: Any, example_url: str) -> None:
    """Text and lines take the page's colour: dark on the light scheme, light on the dark one,
    each readable against its background. Screenshots of both at a phone's width."""
    out = artifacts_dir()
    out.mkdir(parents=True, exist_ok=True)
    t: Offline = offline(390)
    t.page.goto(example_url + "postmortems/related/", wait_until="load")
    looks = {}
    for scheme in ("light", "dark"):
        if scheme == "dark":
            _dark(t.page)
        first = t.page.evaluate(FAMILIES)[0]
        background = t.page.evaluate(BACKGROUND)
        looks[scheme] = (first["fill"], first["line"], background)
        assert _contrast(first["fill"], background) >= 4.5, (scheme, first, background)
        assert _contrast(first["line"], background) >= 3, (scheme, first, background)
        figure = t.page.locator("figure.pm-family").first
        figure.scroll_into_view_if_needed()
        figure.screenshot(path=str(out / f"related-family-390-{scheme}.png"))
        t.page.screenshot(path=str(out / f"related-page-390-{scheme}.png"), full_page=True)
    assert looks["light"][0] != looks["dark"][0] and looks["light"][1] != looks["dark"][1]
    assert _luminance(looks["light"][2]) > _luminance(looks["dark"][2])
    for scheme in ("light", "dark"):
        png = (out / f"related-family-390-{scheme}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    assert not t.problems()


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site with Material's instant loading (``navigation.instant``), which fetches
    each next page and rewrites its links in the page before showing it."""
    config = yaml.safe_load(
        (ROOT / "mkdocs.yml").read_text("utf-8").split("\nnav:", 1)[0]  # the theme part only
    )
    theme = config["theme"]
    theme["features"] = [*theme["features"], "navigation.instant"]
    # Instant loading follows only the sitemap's pages, whose addresses it moves to the page's
    # protocol and host but not its port: the site is built for the port it is served on.
    port = free_port()
    built = build_example(
        tmp_path_factory.mktemp("example-instant"),
        theme=theme,
        site_url=f"http://127.0.0.1:{port}/",
    )
    with serve(built.site, port) as base:
        yield base


def arrive(page: Page, path: str) -> None:
    """Wait until the page shows ``path``'s article: an instant visit fires no load event."""
    page.wait_for_function(
        "path => location.pathname === path && document.querySelector('article h1')", arg=path
    )


def test_instant_loading_keeps_working_through_the_families(offline: Any, instant_url: str) -> None:
    """Instant loading sets ``href`` on every element that has one: an SVG link's is read-only,
    so a drawing whose links were ``href`` threw on the Related page and every later click
    loaded a whole page. A mark set on the first page must survive two instant visits (to
    Related, then on from it); a family's box then leads to its incident's page."""
    t: Offline = offline(1280)
    t.page.goto(instant_url + "postmortems/", wait_until="networkidle")
    t.page.evaluate("() => { window.pmMark = 'same page' }")
    t.page.locator("article a[href$='related/']").first.click()
    arrive(t.page, "/postmortems/related/")
    t.page.locator("figure.pm-family svg").first.wait_for()
    assert t.page.evaluate("() => window.pmMark") == "same page", "Related loaded instantly"
    t.page.locator(".md-sidebar--primary a[href$='/postmortems/patterns/']").first.click()
    arrive(t.page, "/postmortems/patterns/")
    assert t.page.evaluate("() => window.pmMark") == "same page", "and on from Related"
    t.page.go_back()
    arrive(t.page, "/postmortems/related/")
    box = t.page.locator("figure.pm-family svg a").first
    target = box.evaluate("a => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href')")
    box.locator("rect").click()
    t.page.wait_for_url("**/postmortems/incidents/**")
    assert t.page.url.endswith(target.removeprefix("..")), (t.page.url, target)
    assert not t.problems()
