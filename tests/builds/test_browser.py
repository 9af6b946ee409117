"""The built archive in a real browser: Debian's chromium, headless, driven by Playwright.

The sites are served over HTTP (Material's search needs it). Nothing leaves the machine: every
request to another host is answered locally, Material's Mermaid script (from a CDN) by a copy
fetched once with npm into pytest's cache, or refused where a test wants no Mermaid.
Screenshots go to $POSTMORTEM_TEST_ARTIFACTS, by default test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from payloads import FIRST, SECOND, TITLE, payload_archive
from sites import ROOT, Result, SiteBuilder, build_example, example_files, page_name

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    _WHY = "no chromium executable on PATH (apt-get install chromium; ./dev test installs it)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"browser tests cannot run in CI: {_WHY}", pytrace=False)
    pytest.skip(_WHY, allow_module_level=True)

from playwright.sync_api import (  # noqa: E402 - only once a browser is known to exist
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Playwright,
    Route,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OFFSITE = re.compile(r"^(?!http://127\.0\.0\.1:)")
"""Every URL but the local servers'."""


def _mermaid_package() -> str:
    """The Mermaid release Material loads from unpkg (mermaid@11 for Material 9.x)."""
    import material

    bundles = Path(material.__file__).parent.glob("templates/assets/javascripts/bundle.*.js")
    for bundle in sorted(bundles):
        found = re.search(r"unpkg\.com/(mermaid@[\w.-]+)/", bundle.read_text("utf-8"))
        if found:
            return found.group(1)
    return "mermaid@11"


MERMAID_PACKAGE = _mermaid_package()
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""
"""Material draws each diagram into a closed shadow root; open ones let the test see the SVG."""


def artifacts_dir() -> Path:
    configured = os.environ.get("POSTMORTEM_TEST_ARTIFACTS")
    return Path(configured) if configured else ROOT / "test-artifacts" / "screenshots"


# Serving and fetching.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """The folder on http://127.0.0.1:PORT/ (a free port unless given)."""
    port = port or _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base, timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"http.server did not start on {base}") from None
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _fetch_mermaid(cache: Path) -> bytes:
    """dist/mermaid.min.js of the npm package, downloaded once into pytest's cache."""
    target = cache / f"{MERMAID_PACKAGE}.min.js"
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is not installed")
        with tempfile.TemporaryDirectory() as tmp:
            packed = subprocess.run(
                [npm, "pack", MERMAID_PACKAGE, "--pack-destination", tmp, "--silent"],
                capture_output=True,
                text=True,
                timeout=180,
                cwd=tmp,
            )
            tarballs = list(Path(tmp).glob("*.tgz"))
            if packed.returncode != 0 or not tarballs:
                raise RuntimeError(f"npm pack {MERMAID_PACKAGE} failed: {packed.stderr.strip()}")
            with tarfile.open(tarballs[0]) as tar:
                member = tar.extractfile("package/dist/mermaid.min.js")
                if member is None:
                    raise RuntimeError("the mermaid package has no dist/mermaid.min.js")
                script = member.read()
        partial = target.with_suffix(".part")
        partial.write_bytes(script)
        partial.replace(target)
    return target.read_bytes()


# Fixtures: one browser, the sites served once.


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def example_url(example_build: Result) -> Iterator[str]:
    with serve(example_build.site) as base:
        yield base


@pytest.fixture(scope="module")
def mermaid_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site with ``family_diagrams: mermaid``: the families as Mermaid source."""
    built = build_example(tmp_path_factory.mktemp("example-mermaid"), family_diagrams="mermaid")
    with serve(built.site) as base:
        yield base


@pytest.fixture(scope="module")
def payload_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(payload_archive(tmp_path_factory).result.site) as base:
        yield base


@pytest.fixture(scope="module")
def harmless_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(payload_archive(tmp_path_factory, harmless=True).result.site) as base:
        yield base


@pytest.fixture(scope="module")
def mermaid_js(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> bytes | str:
    """The Mermaid script, or why it could not be had."""
    cache: pytest.Cache | None = getattr(pytestconfig, "cache", None)  # None: -p no:cacheprovider
    folder = cache.mkdir("mermaid") if cache is not None else tmp_path_factory.mktemp("mermaid")
    try:
        return _fetch_mermaid(folder)
    except (OSError, RuntimeError, subprocess.SubprocessError, tarfile.TarError, KeyError) as exc:
        return f"no local copy of Mermaid ({exc})"


@dataclass
class Tab:
    """A page in its own browser context, recording what a reader would not want to see."""

    page: Page
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    """Mermaid requests refused (tests without Mermaid)."""

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until="load")

    def h1(self) -> str:
        """The page heading as shown, without its permalink."""
        text: str = self.page.locator("article h1").first.evaluate(
            "h => [...h.childNodes].filter(n => !n.classList?.contains('headerlink'))"
            ".map(n => n.textContent).join('')"
        )
        return " ".join(text.split())

    def problems(self, *, ignore_blocked: bool = False) -> list[str]:
        errors = self.errors
        if ignore_blocked:
            errors = [e for e in errors if not any(b in e for b in self.blocked)]
        return errors + [f"dialog: {d}" for d in self.dialogs]


@pytest.fixture
def tab(browser: Browser, mermaid_js: bytes | str) -> Iterator[Callable[..., Tab]]:
    """``tab()`` opens a page; ``tab(mermaid=False)`` one where Mermaid cannot load."""
    contexts = []

    def open_tab(*, mermaid: bool = True) -> Tab:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.add_init_script(OPEN_SHADOW_ROOTS)
        page = context.new_page()
        opened = Tab(page)

        def route(route: Route) -> None:
            url = route.request.url
            if "mermaid" in url and mermaid and isinstance(mermaid_js, bytes):
                route.fulfill(status=200, body=mermaid_js, content_type="text/javascript")
            elif "mermaid" in url:
                opened.blocked.append(url)
                route.abort()
            else:  # web fonts and the like: answered empty, the page must not need them
                route.fulfill(status=200, body="", content_type="text/css")

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                where = message.location.get("url", "")
                opened.errors.append(f"console: {message.text} ({where})")

        def dialog(d: Dialog) -> None:
            opened.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        context.route(OFFSITE, route)
        page.on("console", console)
        page.on("pageerror", lambda exc: opened.errors.append(f"pageerror: {exc}"))
        page.on("dialog", dialog)
        return opened

    yield open_tab
    for context in contexts:
        context.close()


# The example archive.


def _examples() -> dict[str, dict[str, Any]]:
    """The example postmortems by id (YAML as written)."""
    out = {}
    for path in example_files():
        data = yaml.safe_load(path.read_text("utf-8"))
        out[str(data["id"])] = data
    return out


def _incident_url(base: str, incident_id: str) -> re.Pattern[str]:
    return re.compile(
        re.escape(f"{base}postmortems/incidents/{page_name(incident_id)}/") + r"(\?.*)?$"
    )


def test_search_finds_an_incident_by_id_and_opens_it(
    tab: Callable[..., Tab], example_url: str
) -> None:
    examples = _examples()
    incident_id = sorted(examples)[-1]
    t = tab()
    t.goto(example_url + "postmortems/")
    t.page.keyboard.press("/")  # Material's shortcut to the search box
    search = t.page.locator("input.md-search__input")
    search.wait_for(state="visible")
    assert search.evaluate("e => e === document.activeElement")
    t.page.keyboard.type(incident_id)
    result = t.page.locator(
        f'a.md-search-result__link[href*="/postmortems/incidents/{page_name(incident_id)}/"]'
    ).first
    result.wait_for(state="visible")
    result.click()
    t.page.wait_for_url(_incident_url(example_url, incident_id))
    assert t.h1() == examples[incident_id]["title"]
    assert not t.problems()


@pytest.mark.parametrize("index", ["postmortems/severity/sev3/", "postmortems/related/"])
def test_index_links_open_incident_pages(
    tab: Callable[..., Tab], example_url: str, index: str
) -> None:
    examples = _examples()
    t = tab(mermaid=False)  # the links work without the diagrams
    t.goto(example_url + index)
    links = t.page.locator('article a[href*="incidents/"]:not(svg a)')  # the drawing's: below
    assert links.count() >= 2
    link = links.nth(1)
    incident_id = link.inner_text().strip()
    assert incident_id in examples, incident_id
    link.click()
    t.page.wait_for_url(_incident_url(example_url, incident_id))
    assert t.h1() == examples[incident_id]["title"]
    assert not t.problems(ignore_blocked=True)


def _family_member(examples: dict[str, dict[str, Any]]) -> str:
    return next(i for i, d in sorted(examples.items()) if d.get("related_incidents"))


def test_family_diagram_renders_with_mermaid(
    tab: Callable[..., Tab], mermaid_url: str, mermaid_js: bytes | str
) -> None:
    """With ``family_diagrams: mermaid``, Material draws each family with Mermaid."""
    if isinstance(mermaid_js, str):
        pytest.skip(mermaid_js)
    incident_id = _family_member(_examples())
    t = tab()
    t.goto(f"{mermaid_url}postmortems/incidents/{page_name(incident_id)}/")
    t.page.locator("article a", has_text=re.compile(r"^related incidents$")).first.click()
    t.page.wait_for_url(re.compile(r".*/postmortems/related/#family-[\w-]+$"))
    family = t.page.url.rsplit("#", 1)[1]
    section = t.page.locator(f"h2#{family} ~ div.mermaid").first
    svg = section.locator("svg").first
    svg.wait_for(state="attached", timeout=30_000)
    drawn = svg.text_content() or ""
    assert incident_id in drawn, drawn
    assert t.page.locator("pre.mermaid").count() == 0, "every diagram is drawn"
    box = section.bounding_box()
    assert box is not None and box["height"] > 50
    assert not t.problems()


def test_without_mermaid_the_family_stays_readable(
    tab: Callable[..., Tab], mermaid_url: str
) -> None:
    """With ``family_diagrams: mermaid`` and no way to reach the CDN: the source and the
    table (what the default, drawn at build time, avoids: test_family_browser.py)."""
    incident_id = _family_member(_examples())
    t = tab(mermaid=False)
    with t.page.expect_event("requestfailed", lambda r: "mermaid" in r.url):
        t.goto(mermaid_url + "postmortems/related/")
    source = t.page.locator("article pre", has_text="flowchart LR").first
    source.wait_for(state="visible")
    assert incident_id in source.inner_text()
    assert t.page.locator("div.mermaid").count() == 0
    relations = t.page.locator("article table", has_text="Relation").first
    assert relations.is_visible()
    assert relations.locator('a[href*="incidents/"]').count() >= 2
    assert t.h1() == "Related incidents"
    assert t.blocked, "the Mermaid script was requested and refused"
    assert not t.problems(ignore_blocked=True)


def test_screenshots(tab: Callable[..., Tab], example_url: str) -> None:
    out = artifacts_dir()
    out.mkdir(parents=True, exist_ok=True)
    incident_id = _family_member(_examples())
    t = tab()
    shots = {
        "archive-home.png": "postmortems/",
        "incident.png": f"postmortems/incidents/{page_name(incident_id)}/",
        "severity-index.png": "postmortems/severity/sev3/",
    }
    for name, url in shots.items():
        t.goto(example_url + url)
        t.page.screenshot(path=str(out / name), full_page=True)
    for name in shots:
        png = (out / name).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000, name
    assert not t.problems()


# The payload archive.

PROBE = """() => ({
    scripts: document.scripts.length,
    embedded: document.querySelectorAll("iframe, object, embed, frame").length,
    pwned: typeof window.__pwned,
    handlers: [...document.querySelectorAll("*")].filter(
        el => [...el.attributes].some(a => a.name.toLowerCase().startsWith("on"))
    ).map(el => el.outerHTML.slice(0, 120)),
})"""
"""What a payload would leave in the live DOM: scripts, embedded content, its marker on the
window, and any element with an event-handler attribute (none: the theme sets none either)."""

POKE = """() => {
    for (const details of document.querySelectorAll("details")) details.open = true;
    for (const el of document.querySelectorAll("article *")) {
        for (const type of ["mouseover", "mouseenter", "mousemove", "focus", "pointerover"]) {
            el.dispatchEvent(new MouseEvent(type, {bubbles: true}));
        }
    }
    return document.querySelectorAll("article *").length;
}"""
"""Every event a payload's handler would wait for, on every element of the article."""


DRAWN = """() => ![...document.querySelectorAll("article pre")].some(
    pre => pre.textContent.startsWith("flowchart")
)"""
"""No diagram source is left: Mermaid has drawn every family."""


def _read_and_poke(t: Tab) -> dict[str, Any]:
    t.page.wait_for_function(DRAWN)
    links = t.page.locator("article a:visible")
    for n in range(min(links.count(), 6)):  # the mouse over links (wherever the header is)
        links.nth(n).hover(force=True, timeout=5_000)
    t.page.locator("article h1").first.click()
    assert t.page.evaluate(POKE) > 10
    probe: dict[str, Any] = t.page.evaluate(PROBE)
    return probe


@pytest.mark.parametrize(
    "url",
    [
        f"postmortems/incidents/{page_name(FIRST)}/",
        f"postmortems/incidents/{page_name(SECOND)}/",  # the other's relation notes
        "postmortems/",
        "postmortems/action-items/",  # every item's action, notes and owner
        "postmortems/related/",  # with the family diagram drawn
    ],
)
def test_payload_pages_run_nothing(
    tab: Callable[..., Tab], payload_url: str, harmless_url: str, url: str
) -> None:
    plain = tab()
    plain.goto(harmless_url + url)
    expected = _read_and_poke(plain)
    t = tab()
    t.goto(payload_url + url)
    found = _read_and_poke(t)
    assert found == expected == {**expected, "embedded": 0, "pwned": "undefined", "handlers": []}
    assert not t.problems() and not plain.problems()


def test_payload_title_and_search_results_run_nothing(
    tab: Callable[..., Tab], payload_url: str
) -> None:
    t = tab()
    t.goto(f"{payload_url}postmortems/incidents/{page_name(FIRST)}/")
    assert t.h1() == " ".join(TITLE.split())
    before = t.page.evaluate(PROBE)
    search = t.page.locator("input.md-search__input")
    for query in ("script", "onerror", "javascript"):
        search.click()
        search.fill("")
        t.page.keyboard.type(query)  # Material searches on key presses
        marked = t.page.locator(".md-search-result__item mark", has_text=query)
        marked.first.wait_for(state="visible")  # the results of this query, highlighted
        items = t.page.locator(".md-search-result__item")
        for n in range(min(items.count(), 10)):
            items.nth(n).hover()
        assert "alert(1)" in t.page.locator(".md-search-result").inner_text()
    assert t.page.evaluate(PROBE) == before
    assert not t.problems()


# An incident page of the example archive: key facts, table of contents, search into a section.

SEVERITY_FILLS = {"SEV1": "#c62828", "SEV2": "#ef6c00", "SEV3": "#f9a825", "SEV4": "#1565c0"}
"""The badge fill of each level of the default scale (postmortem.css, .pm-sev-0 to .pm-sev-3)."""
STATUS_TINTS = {"final": "#d1e7dd", "draft": "#fff3cd", "in-review": "#e3f2fd"}
"""The light tint of each document status badge (.pm-status-*)."""
TRANSPARENT = "rgba(0, 0, 0, 0)"

BOX = "(e) => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; }"
STYLE = """(e) => { const s = getComputedStyle(e);
    return {background: s.backgroundColor, color: s.color, cursor: s.cursor}; }"""
SECTION_TOP = """(id) => {
    const heading = document.getElementById(id);
    const header = document.querySelector("header.md-header");
    return {
        top: heading.getBoundingClientRect().top,
        below: header ? header.getBoundingClientRect().bottom : 0,
        hash: decodeURIComponent(location.hash),
    };
}"""
"""Where a heading is in the viewport, and the bottom of Material's fixed header above it."""
LANDED = f"""(id) => {{
    const s = ({SECTION_TOP})(id);
    return s.top >= s.below - 1 && s.top <= s.below + 40;
}}"""
"""The heading is at the top of what the reader sees: Material scrolls it to 3.6rem from the top
of the viewport, just under its fixed 2.4rem header."""


def rgb(hex_colour: str) -> str:
    """A #rrggbb colour as getComputedStyle gives it."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def _day_label(day: dt.date) -> str:
    """A day heading as the timeline writes it: "Tuesday 18 November 2025"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _clock(moment: str) -> str:
    """14:02 of "2025-11-18T14:02:00Z"."""
    return moment.split("T", 1)[1][:5]


def _heading_text(t: Tab, heading_id: str) -> str:
    text: str = t.page.locator(f'[id="{heading_id}"]').evaluate(
        "h => [...h.childNodes].filter(n => !n.classList?.contains('headerlink'))"
        ".map(n => n.textContent).join('')"
    )
    return " ".join(text.split())


def _assert_landed(t: Tab, heading_id: str) -> None:
    """The page shows the section: the URL names its heading, at the top of the viewport."""
    with suppress(PlaywrightTimeout):  # the assertions below say where it is
        t.page.wait_for_function(LANDED, arg=heading_id, timeout=5_000)
    where = t.page.evaluate(SECTION_TOP, heading_id)
    assert where["hash"] == f"#{heading_id}"
    assert where["below"] - 1 <= where["top"] <= where["below"] + 40, where
    assert t.page.locator(f'[id="{heading_id}"]').is_visible()


FULL_INCIDENT = "INC-2025-031"
"""An incident with every section: impact, timeline, root cause, action items..."""
KEY_FACTS_DURATIONS = {"TTD": "4 min", "TTA": "2 min", "TTM": "38 min", "TTR": "1 h 08 min"}
"""Worked out from its timestamps: started 14:02, detected 14:06, acknowledged 14:08,
mitigated 14:40, resolved 15:10."""
DURATION_NAMES = {
    "TTD": "Time to detect",
    "TTA": "Time to acknowledge",
    "TTM": "Time to mitigate",
    "TTR": "Time to resolve",
}


def test_key_facts_are_the_first_thing_on_an_incident_page(
    tab: Callable[..., Tab], example_url: str
) -> None:
    data = _examples()[FULL_INCIDENT]
    t = tab()
    t.goto(f"{example_url}postmortems/incidents/{page_name(FULL_INCIDENT)}/")
    assert t.page.evaluate("scrollY") == 0
    height = t.page.evaluate("innerHeight")
    title = t.page.locator("article h1").first
    facts = t.page.locator("article div.pm-keyfacts")
    assert facts.count() == 1 and facts.is_visible()
    # Right under the title, whole in the first screen: nothing to scroll for.
    assert title.evaluate(BOX)["bottom"] <= facts.evaluate(BOX)["top"]
    assert facts.evaluate(BOX)["bottom"] <= height
    assert facts.evaluate("e => e.previousElementSibling.tagName") == "H1"

    badge = facts.locator("span.pm-badge.pm-sev")
    assert badge.is_visible() and badge.inner_text() == "SEV1"
    assert badge.evaluate(STYLE)["background"] == rgb(SEVERITY_FILLS["SEV1"])
    assert badge.evaluate(STYLE)["color"] == "rgb(255, 255, 255)"
    status = facts.locator(f"span.pm-badge.pm-status-{data['status']}")
    assert status.is_visible() and status.inner_text() == data["status"]

    when = facts.locator("dl.pm-facts > div", has=t.page.locator("dt", has_text="When"))
    assert when.is_visible()
    shown = when.locator("dd").inner_text()
    stamps = data["timestamps"]
    for part in (str(data["date"]), _clock(stamps["started"]), _clock(stamps["resolved"])):
        assert part in shown, shown

    durations = facts.locator("ul.pm-durations")
    assert durations.is_visible()
    for abbreviation, value in KEY_FACTS_DURATIONS.items():
        item = durations.locator("li", has=t.page.locator("abbr", has_text=abbreviation))
        assert item.is_visible()
        title_text = item.locator("abbr").get_attribute("title") or ""
        assert title_text.startswith(DURATION_NAMES[abbreviation] + ":"), title_text
        assert item.locator("strong").inner_text() == value
    assert not t.problems()


def test_table_of_contents_entries_land_on_their_sections(
    tab: Callable[..., Tab], example_url: str
) -> None:
    data = _examples()[FULL_INCIDENT]
    day = _day_label(data["date"])
    t = tab()
    t.goto(f"{example_url}postmortems/incidents/{page_name(FULL_INCIDENT)}/")
    toc = t.page.locator("nav.md-nav--secondary")
    for entry, heading_id in [
        ("Timeline", "timeline"),
        (day, f"day-{data['date']}"),
        ("Action items", "action-items"),
        ("Summary", "summary"),  # back up the page
    ]:
        link = toc.get_by_role("link", name=entry, exact=True)
        assert link.get_attribute("href") == f"#{heading_id}"
        link.click()
        t.page.wait_for_url(re.compile(f"#{re.escape(heading_id)}$"))
        _assert_landed(t, heading_id)
        assert _heading_text(t, heading_id) == entry
    assert not t.problems()


@pytest.mark.parametrize(
    ("incident_id", "field", "phrase", "section"),
    [
        ("INC-2026-020", "root cause", "nightly build matrix", "root-cause"),
        ("INC-2026-041", "timeline", "Indexing resumed", "day-2026-08-19"),
    ],
)
def test_search_finds_a_phrase_and_opens_its_section(
    tab: Callable[..., Tab],
    example_url: str,
    example_build: Result,
    incident_id: str,
    field: str,
    phrase: str,
    section: str,
) -> None:
    data = _examples()[incident_id]
    written = (
        data["root_cause"]["summary"]
        if field == "root cause"
        else " ".join(row["event"] for row in data["timeline"])
    )
    assert phrase.lower() in " ".join(written.lower().split())
    page = f"postmortems/incidents/{page_name(incident_id)}/"

    def plain(text: str) -> str:
        return " ".join(re.sub(r"<[^>]+>", " ", text).lower().split())

    docs = example_build.search_index()["docs"]
    holding = [d["location"] for d in docs if phrase.lower() in plain(d["text"])]
    assert holding == [f"{page}#{section}"], "the phrase is in one section of the archive"

    t = tab()
    t.goto(example_url + "postmortems/")
    t.page.keyboard.press("/")
    t.page.locator("input.md-search__input").wait_for(state="visible")
    t.page.keyboard.type(phrase)
    result = t.page.locator(f'a.md-search-result__link[href*="/{page}"][href$="#{section}"]').first
    result.wait_for(state="visible")
    result.click()
    t.page.wait_for_url(
        re.compile(re.escape(example_url + page) + r"(\?[^#]*)?#" + re.escape(section) + "$")
    )
    _assert_landed(t, section)
    heading = t.page.locator(f'[id="{section}"]')
    expected = "Root cause" if field == "root cause" else _day_label(data["date"])
    assert _heading_text(t, section) == expected
    # The phrase itself is on the screen, under the heading.
    found = t.page.locator("article").get_by_text(phrase).first
    assert found.is_visible()
    assert (
        heading.evaluate(BOX)["top"] < found.evaluate(BOX)["top"] < t.page.evaluate("innerHeight")
    )
    assert not t.problems()


# A small archive of our own, in Material and in MkDocs' own theme.

NIGHT = {
    "id": "INC-1",
    "title": "Disk filled overnight",
    "date": "2026-01-05",
    "severity": "SEV1",
    "status": "final",
    "timezone": "UTC",
    "timeline": [
        {"time": "23:50", "event": "Log compaction started filling the disk"},
        {"time": "00:12", "event": "Disk full; writes to the queue failed"},
    ],
}
"""An incident whose timeline crosses midnight: 00:12 is read as the next day."""
SMALL_ARCHIVE = [
    NIGHT,
    {"id": "INC-2", "title": "Second", "severity": "SEV2", "status": "draft"},
    {"id": "INC-3", "title": "Third", "severity": "SEV3", "status": "in-review"},
    {"id": "INC-4", "title": "Fourth", "severity": "SEV4", "status": "final"},
]
THEMES: dict[str, dict[str, Any]] = {
    "material": {"name": "material"},
    # Its highlight.js comes from a CDN: the pages have no code to colour.
    "mkdocs": {"name": "mkdocs", "highlightjs": False},
}


@pytest.fixture(scope="module")
def small_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """``small_url(theme)``: SMALL_ARCHIVE built with that theme, served; each built once."""
    served: dict[str, str] = {}
    with ExitStack() as stack:

        def url(theme: str) -> str:
            if theme not in served:
                site = SiteBuilder(tmp_path_factory.mktemp(f"small-{theme}"))
                site.extra_config = {"theme": THEMES[theme]}
                for fields in SMALL_ARCHIVE:
                    site.incident(fields["id"].lower(), **fields)
                result = site.build(strict=True)
                assert not result.aborted and not result.warnings, result.warnings
                served[theme] = stack.enter_context(serve(result.site))
            return served[theme]

        yield url


DAY_GROUPS = """() => {
    const groups = [];
    let el = document.getElementById("timeline");
    while ((el = el.nextElementSibling) && el.tagName !== "H2") {
        if (el.tagName === "H3") groups.push({id: el.id, heading: el, rows: []});
        else if (el.matches("ol.pm-timeline")) groups.at(-1).rows.push(...el.children);
    }
    const top = e => e.getBoundingClientRect().top + scrollY;
    return groups.map(g => ({
        id: g.id,
        label: [...g.heading.childNodes].filter(n => !n.classList?.contains("headerlink"))
            .map(n => n.textContent).join("").trim(),
        top: top(g.heading),
        rows: g.rows.map(li => ({
            time: li.querySelector("time").textContent,
            title: li.querySelector("time").title,
            event: li.querySelector(".pm-event").innerText.trim(),
            top: top(li),
        })),
    }));
}"""
"""The day headings of the timeline, each with the rows of the list that follows it."""


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_a_timeline_across_midnight_shows_each_day_with_its_events(
    tab: Callable[..., Tab], small_url: Callable[[str], str], theme: str
) -> None:
    base = small_url(theme)
    t = tab(mermaid=False)
    t.goto(f"{base}postmortems/incidents/{page_name(NIGHT['id'])}/")
    groups = t.page.evaluate(DAY_GROUPS)
    first, second = dt.date(2026, 1, 5), dt.date(2026, 1, 6)
    assert [(g["id"], g["label"]) for g in groups] == [
        (f"day-{first}", "Monday 5 January 2026"),
        (f"day-{second}", "Tuesday 6 January 2026"),
    ]
    for group, row, day in zip(groups, NIGHT["timeline"], (first, second), strict=True):
        assert [(r["time"], r["event"]) for r in group["rows"]] == [(row["time"], row["event"])]
        rolled = "; the next day: after midnight, no date written" if day == second else ""
        assert group["rows"][0]["title"] == f"Read as {day} {row['time']} UTC{rolled}"
    # On the screen, in that order: a day, its event, the next day, its event.
    tops = [y for g in groups for y in (g["top"], g["rows"][0]["top"])]
    assert tops == sorted(tops) and len(set(tops)) == 4
    for heading_id in (f"day-{first}", f"day-{second}"):
        assert t.page.locator(f'[id="{heading_id}"]').is_visible()
    # The time under the pointer says how it was read: the day it was put on, and the zone.
    late = t.page.locator("ol.pm-timeline time", has_text="00:12")
    late.hover()
    assert late.evaluate(STYLE)["cursor"] == "help"
    assert (late.get_attribute("title") or "") == (
        "Read as 2026-01-06 00:12 UTC; the next day: after midnight, no date written"
    )
    if theme == "material":  # each day is in the table of contents, under Timeline
        days = t.page.locator('nav.md-nav--secondary nav[aria-label="Timeline"] a')
        assert days.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
            f"#day-{first}",
            f"#day-{second}",
        ]
    assert not t.problems(ignore_blocked=True)


def test_badges_have_their_colours_in_the_mkdocs_theme(
    tab: Callable[..., Tab], small_url: Callable[[str], str]
) -> None:
    base = small_url("mkdocs")
    t = tab(mermaid=False)
    for fields in SMALL_ARCHIVE:
        t.goto(f"{base}postmortems/incidents/{page_name(fields['id'])}/")
        assert t.page.evaluate("!document.querySelector('.md-typeset')"), "MkDocs' own theme"
        severity = t.page.locator("div.pm-keyfacts span.pm-badge.pm-sev")
        assert severity.is_visible() and severity.inner_text() == fields["severity"]
        assert severity.evaluate(STYLE)["background"] == rgb(SEVERITY_FILLS[fields["severity"]])
        status = t.page.locator(f"div.pm-keyfacts span.pm-badge.pm-status-{fields['status']}")
        assert status.is_visible() and status.inner_text() == fields["status"]
        fill = status.evaluate(STYLE)["background"]
        assert fill != TRANSPARENT and fill == rgb(STATUS_TINTS[fields["status"]])
        # Drawn as badges: rounded, padded, not the text around them.
        shape = severity.evaluate(
            "e => { const s = getComputedStyle(e); return [s.borderTopLeftRadius, s.paddingLeft]; }"
        )
        assert all(v != "0px" for v in shape), shape
    assert not t.problems(ignore_blocked=True)
