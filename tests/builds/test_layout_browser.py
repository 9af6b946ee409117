"""The archive's wide pages in narrow columns, in a real browser (Debian's chromium through
Playwright, with the fixtures of test_browser.py): the ledger, the page of patterns across
incidents and an incident with many action items, at 616 px (the column Backstage's TechDocs
reader gives a page) and 390 px (a phone).

In each, every table, chart, image and figure of the article fits the article's column, nothing
in the article scrolls sideways, the page itself does not, and no chart label (inline SVG, or an
SVG image) was cut short with an ellipsis. The archive is made to be awkward: five dozen
incidents over two and a half years, long service names, owners and actions, every severity,
status, priority and kind of due date.

``fit(page, url)`` is the check, for any page: it says what does not fit, each with the element,
its width and the column's, so that a failure says what to fix.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from builds.test_browser import OFFSITE, artifacts_dir, browser, playwright, serve
from playwright.sync_api import Browser, Page, Route
from sites import SiteBuilder

__all__ = ["browser", "playwright"]  # the fixtures, used by name

AS_OF = "2026-06-30"
PREFIX = "postmortems/"
WIDTHS = [616, 390]
"""The TechDocs reader's column, and a phone."""
HEIGHT = 900

# The archive.

SERVICES = [
    "customer-notification-preferences-synchronisation-worker",
    "payments-authorisation-gateway-eu-west-1-primary",
    "orders-api",
    "inventory-reservation-and-backorder-reconciliation-service",
    "search-indexer",
    "identity-provider-federation-bridge-for-enterprise-single-sign-on",
    "cdn",
    "billing-invoice-pdf-renderer",
]
OWNERS = [
    "Platform Reliability Engineering (EMEA on-call rotation)",
    "Mei Lin",
    "Customer Communications and Notifications Squad",
    "Tomás Ferreira-Vasconcelos de Albuquerque",
    "Payments Infrastructure Guild",
    "Sam",
]
ACTIONS = [
    "Index the order history query and re-enable the widget after a production-sized load test",
    "Alert when `orders_api.connection_pool.max_overflow_wait_seconds` stays over 30 for two "
    "minutes, and page the owning team rather than the platform rotation",
    "Add pool and wait-time panels to the Orders dashboard",
    "Write the runbook for cancelling long-running queries safely on the primary and the "
    "replicas, with the exact commands and who may run them out of hours",
    "Review every retry policy in the checkout path so that no client retries a 503 without "
    "jitter and a budget ([RFC 9110 on Retry-After](https://www.rfc-editor.org/rfc/rfc9110))",
    "Rotate the certificate",
    "Move the customer-notification-preferences-synchronisation-worker off the shared queue",
]
STATUSES = ["open", "done", "blocked", "in-progress", "cancelled", "open", "done", "blocked"]
PRIORITIES = ["P0", "P1", "P2", "P3", "High", "Low", None]
SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"]


def _stamp(day: dt.date, minutes: int) -> str:
    moment = dt.datetime(day.year, day.month, day.day, 9, 0) + dt.timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:00Z")


def _due(rng: random.Random, day: dt.date) -> str:
    later = day + dt.timedelta(days=rng.randint(5, 200))
    quarter = (later.month - 1) // 3 + 1
    return rng.choice(
        [later.isoformat(), later.isoformat(), f"{later:%Y-%m}", f"{later.year}-Q{quarter}",
         f"{later.year}-H{1 if later.month <= 6 else 2}"]
    )  # fmt: skip


def _item(rng: random.Random, n: int, day: dt.date) -> dict[str, Any]:
    status = STATUSES[n % len(STATUSES)]
    item: dict[str, Any] = {
        "id": f"ACTION-{n:03d}",
        "action": ACTIONS[n % len(ACTIONS)],
        "owner": OWNERS[n % len(OWNERS)],
        "due": _due(rng, day),
        "status": status,
    }
    if (priority := PRIORITIES[n % len(PRIORITIES)]) is not None:
        item["priority"] = priority
    if status == "done":
        item["completed"] = (day + dt.timedelta(days=rng.randint(1, 60))).isoformat()
    if n % 5 == 0:
        item["status_text"] = "Waiting on the vendor's security review of the new gateway"
    if n % 11 == 0 and status in ("open", "blocked", "in-progress"):
        item["status_as_of"] = (day + dt.timedelta(days=3)).isoformat()  # may lapse
    if n % 9 == 0:
        item["ticket"] = f"PLATFORM-RELIABILITY-{1000 + n}"
    if n % 4 == 1:
        item.update(type="prevent", horizon="medium-term", effort="XL")
    if n % 13 == 0:
        item["notes"] = "Needs the database team's review first; see the thread in #ops-db."
    return item


def archive() -> dict[str, dict[str, Any]]:
    """About sixty postmortems from January 2024 to June 2026, by file name."""
    rng = random.Random(616390)
    out: dict[str, dict[str, Any]] = {}
    start = dt.date(2024, 1, 8)
    items = 0
    for n in range(60):
        day = start + dt.timedelta(days=n * 15 + rng.randint(0, 9))
        severity = SEVERITIES[n % len(SEVERITIES)]
        detect, ack, mitigate = rng.randint(1, 90), rng.randint(1, 30), rng.randint(5, 600)
        resolve = mitigate + rng.choice([10, 45, 180, 1500, 4000])
        fields: dict[str, Any] = {
            "id": f"INC-{day.year}-{n + 1:03d}",
            "title": f"Incident {n + 1}: {SERVICES[n % len(SERVICES)]} degraded for customers",
            "date": day.isoformat(),
            "severity": severity,
            "status": ["final", "draft", "in-review"][n % 3],
            "services": [SERVICES[n % len(SERVICES)], SERVICES[(n * 3 + 1) % len(SERVICES)]],
            "summary": "Requests failed until the change was rolled back.",
            "timestamps": {
                "started": _stamp(day, 0),
                "detected": _stamp(day, detect),
                "acknowledged": _stamp(day, detect + ack),
                "mitigated": _stamp(day, detect + ack + mitigate),
                "resolved": _stamp(day, detect + ack + resolve),
            },
        }
        if n % 7 == 6:
            del fields["timestamps"]["acknowledged"]  # a duration missing
        count = rng.randint(1, 5) if n % 6 else 0
        fields["action_items"] = [_item(rng, items + k, day) for k in range(count)]
        items += count
        if not count:
            del fields["action_items"]
        out[f"{day.isoformat()}-{n + 1:02d}"] = fields
    return out


def _most_items() -> str:
    """The incident with the most action items (the first of them)."""
    made = archive().values()
    return str(max(made, key=lambda fields: len(fields.get("action_items", [])))["id"])


LEDGER = PREFIX + "action-items/"
PATTERNS = PREFIX + "patterns/"
INCIDENT = f"{PREFIX}incidents/{_most_items()}/"
PAGES = [
    pytest.param(LEDGER, id="ledger"),
    pytest.param(PATTERNS, id="patterns"),
    pytest.param(INCIDENT, id="incident"),  # its action items, as the ledger's
]
LABELLED_PAGES = [pytest.param(LEDGER, id="ledger"), pytest.param(PATTERNS, id="patterns")]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = SiteBuilder(tmp_path_factory.mktemp("layout") / "project")
    for name, fields in archive().items():
        site.incident(name, **fields)
    site.plugin_options = {"as_of": AS_OF}
    result = site.build(strict=True)
    assert not result.aborted and not result.warnings, result.warnings
    with serve(result.site) as base:
        yield base


def _offsite(route: Route) -> None:
    """Web fonts and the like, answered empty: the layout must not need them."""
    route.fulfill(status=200, body="", content_type="text/css")


# The check.

SETTLED = """() => document.readyState === "complete"
    && [...document.querySelectorAll("article table:not([class])")].every(
        t => !document.querySelector(".md-typeset") || t.closest(".md-typeset__scrollwrap"))"""
"""Loaded, and Material's script has wrapped the page's tables (it does after the load)."""

MEASURE = r"""async () => {
    const article = document.querySelector("article.md-content__inner")
        || document.querySelector("[role=main] article, article, [role=main]");
    const px = v => Math.round(v * 10) / 10;
    const heading = el => {
        for (let n = el; n && n !== article; n = n.parentElement) {
            let p = n.previousElementSibling;
            while (p && !/^H[1-6]$/.test(p.tagName)) p = p.previousElementSibling;
            if (p) return p.textContent.replace("\u00b6", "").trim();
        }
        return "";
    };
    const name = el => {
        let s = el.tagName.toLowerCase();
        if (el.id) s += "#" + el.id;
        const cls = typeof el.className === "string" ? el.className : el.className.baseVal;
        if (cls && cls.trim()) s += "." + cls.trim().split(/\s+/).join(".");
        const src = el.getAttribute("src");
        if (src) s += `[src="${src}"]`;
        const text = (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 50);
        const under = heading(el);
        return s + (text ? ` "${text}"` : "") + (under ? ` under "${under}"` : "");
    };
    const shown = el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
    };
    const style = getComputedStyle(article);
    const box = article.getBoundingClientRect();
    const left = box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
    const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    const column = `column ${px(right - left)} px (${px(left)} to ${px(right)})`;
    const wide = [];
    for (const el of article.querySelectorAll("table, svg, img, figure")) {
        if (!shown(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.left < left - 1 || r.right > right + 1) {
            wide.push(`wider than the column: ${name(el)} is ${px(r.width)} px ` +
                `(${px(r.left)} to ${px(r.right)}), ${column}`);
        }
    }
    for (const el of [article, ...article.querySelectorAll("*")]) {
        if (!shown(el)) continue;
        const overflow = getComputedStyle(el).overflowX;
        if (["auto", "scroll"].includes(overflow) && el.scrollWidth > el.clientWidth + 1) {
            wide.push(`scrolls sideways: ${name(el)} holds ${el.scrollWidth} px ` +
                `in ${el.clientWidth} px, ${column}`);
        }
    }
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth + 1) {
        const past = [...document.body.querySelectorAll("*")].filter(
            el => shown(el) && el.getBoundingClientRect().right > page.clientWidth + 1);
        const outermost = past.filter(el => !past.includes(el.parentElement)).slice(0, 5);
        wide.push(`the page scrolls sideways: ${page.scrollWidth} px in ` +
            `${page.clientWidth} px, past its right edge: ` +
            outermost.map(el => `${name(el)} (to ${px(el.getBoundingClientRect().right)})`)
                .join("; "));
    }
    const cut = [];
    const labels = (where, texts) => {
        const short = texts.map(t => t.textContent.trim()).filter(t => /(\u2026|\.\.\.)$/.test(t));
        if (short.length) {
            const shown = [...new Set(short)].slice(0, 5).map(t => `"${t}"`).join(", ");
            cut.push(`${short.length} of ${texts.length} labels cut short in ${where}: ${shown}`);
        }
    };
    for (const svg of document.querySelectorAll("svg")) {
        labels(name(svg), [...svg.querySelectorAll("text")]);
    }
    for (const img of document.querySelectorAll("img")) {
        if (!new URL(img.src, location.href).pathname.endsWith(".svg")) continue;
        const response = await fetch(img.src);
        if (!response.ok) {
            cut.push(`no SVG at ${name(img)} (HTTP ${response.status})`);
            continue;
        }
        const svg = new DOMParser().parseFromString(await response.text(), "image/svg+xml");
        labels(name(img), [...svg.querySelectorAll("text")]);
    }
    return {wide, cut};
}"""
"""What of the page does not fit its column, and which SVG labels end in an ellipsis."""


@dataclass(frozen=True)
class Fit:
    """What ``fit`` found on a page at one width, as sentences."""

    wide: list[str]
    """Tables, charts, images and figures wider than the column; anything in the article that
    scrolls sideways (Material's box around a table); the page scrolling sideways."""
    cut: list[str]
    """SVG labels (inline, or in an SVG image) that end in an ellipsis."""


def fit(page: Page, url: str) -> Fit:
    """Open ``url`` in ``page`` and say what does not fit the article's column at the page's
    width, and which chart labels were cut short."""
    page.goto(url, wait_until="load")
    page.wait_for_function(SETTLED)
    page.evaluate("document.fonts.ready")
    width = page.viewport_size["width"] if page.viewport_size else "?"
    found = page.evaluate(MEASURE)
    return Fit(
        [f"at {width} px: {p}" for p in found["wide"]],
        [f"at {width} px: {p}" for p in found["cut"]],
    )


@pytest.fixture(scope="module")
def measured(browser: Browser, site_url: str) -> Iterator[Callable[[str, int], Fit]]:
    """``measured(path, width)``: ``fit`` of the page at that viewport width, each once; a page
    where something does not fit is also shot whole into the test artifacts (layout/)."""
    out = artifacts_dir() / "layout"
    found: dict[tuple[str, int], Fit] = {}
    contexts = []

    def measure(path: str, width: int) -> Fit:
        if (path, width) not in found:
            context = browser.new_context(viewport={"width": width, "height": HEIGHT})
            contexts.append(context)
            context.route(OFFSITE, _offsite)
            page = context.new_page()
            found[path, width] = made = fit(page, site_url + path)
            if made.wide:  # a long page takes seconds to shoot: only to show what to fix
                out.mkdir(parents=True, exist_ok=True)
                name = path.removeprefix(PREFIX).strip("/").replace("/", "-")
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
            page.close()
        return found[path, width]

    yield measure
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_wider_than_the_column(
    measured: Callable[[str, int], Fit], path: str, width: int
) -> None:
    wide = measured(path, width).wide
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", LABELLED_PAGES)
def test_no_chart_label_is_cut_short(
    measured: Callable[[str, int], Fit], path: str, width: int
) -> None:
    cut = measured(path, width).cut
    assert not cut, "\n".join(cut)
