"""The archive's search page in a real browser (Debian's chromium through Playwright, with the
fixtures of test_browser.py): Pagefind's interface on a built archive, checked against the YAML
of its postmortems: a query, ticked filters, a deep link, and a payload shown as text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from builds.test_browser import Tab, browser, mermaid_js, playwright, serve, tab
from sites import SiteBuilder

from mkdocs_postmortem.render import site_search

if site_search.binary_problem() is not None:
    pytest.skip(
        f"Pagefind cannot run here: {site_search.binary_problem()}", allow_module_level=True
    )

__all__ = ["browser", "mermaid_js", "playwright", "tab"]  # the fixtures, used by name

PAYLOAD_SERVICE = "<img src=x onerror=window.__pwned=3>"
POSTMORTEMS: dict[str, dict[str, Any]] = {
    "p1": {"id": "INC-101", "title": "Connection pool exhausted in checkout", "severity": "SEV1",
           "services": ["payments", "checkout"], "summary": "The database pool ran dry."},
    "p2": {"id": "INC-102", "title": "Payments pool leak", "severity": "SEV2",
           "services": ["payments"], "summary": "A leak kept pool slots busy."},
    "p3": {"id": "INC-103", "title": "Orders pool saturation", "severity": "SEV1",
           "services": ["orders"], "summary": "Orders held every pool slot."},
    "p4": {"id": "INC-104", "title": "Search latency", "severity": "SEV1",
           "services": ["payments"], "summary": "Queries were slow after a deploy."},
    "p5": {"id": "INC-105", "title": "Billing pool timeouts", "severity": "SEV1",
           "services": ["payments", "billing"], "summary": "The pool timed out under load.",
           "date": "2025-06-01"},
    "p6": {"id": "INC-106", "title": "Cache stampede", "severity": "SEV3",
           "services": ["cache"], "summary": "Keys expired together."},
    "x1": {"id": "INC-666", "title": 'Payload <img src=x onerror="window.__pwned=1"> quartz',
           "severity": "SEV2", "services": [PAYLOAD_SERVICE],
           "summary": "quartz <script>window.__pwned=2</script> <b>bold</b> end"},
}  # fmt: skip
SEARCH = "postmortems/browse/"


def _matches(query: str, **filters: str) -> set[str]:
    """The ids of the postmortems, as written in YAML, whose title or summary has the word
    ``query`` and that have every filter value."""
    found = set()
    for data in POSTMORTEMS.values():
        text = f"{data['title']} {data['summary']}".lower()
        if query and not re.search(rf"\b{re.escape(query)}\b", text):
            continue
        if "severity" in filters and data["severity"] != filters["severity"]:
            continue
        if "service" in filters and filters["service"] not in data["services"]:
            continue
        found.add(data["id"])
    return found


@pytest.fixture(scope="module")
def search_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = SiteBuilder(tmp_path_factory.mktemp("search") / "project")
    for name, fields in POSTMORTEMS.items():
        site.incident(name, **fields)
    site.plugin_options = {"pagefind": "required"}
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    # The YAML the test reads is the YAML the site was built from.
    for name, fields in POSTMORTEMS.items():
        written = yaml.safe_load(Path(site.docs / f"postmortems/{name}.yaml").read_text())
        assert {k: written[k] for k in fields} == fields
    with serve(result.site) as base:
        yield base + SEARCH


RESULTS = """() => {
    const message = document.querySelector(".pagefind-ui__message");
    const said = message ? message.textContent.match(/([0-9]+) result/) : null;
    const ids = [...document.querySelectorAll('li[data-pagefind-ui-meta="id"]')];
    return said !== null && ids.length === Number(said[1]);
}"""
"""Pagefind has said how many results there are and shown each (they load one by one)."""


def _results(t: Tab) -> set[str]:
    t.page.wait_for_function(RESULTS, timeout=15_000)
    t.page.wait_for_timeout(300)  # a search typed letter by letter settles on its last word
    t.page.wait_for_function(RESULTS, timeout=15_000)
    tags = t.page.locator('li[data-pagefind-ui-meta="id"]')
    return {text.split(": ", 1)[1].strip() for text in tags.all_text_contents()}


def _search(t: Tab, query: str) -> None:
    box = t.page.locator("input.pagefind-ui__search-input")
    box.wait_for(state="visible")
    box.fill(query)


def _tick(t: Tab, name: str, value: str) -> None:
    """Tick a filter: its options come with Pagefind's filter index (slow on a loaded machine),
    and its group may be drawn folded."""
    box = t.page.locator(f'input.pagefind-ui__filter-checkbox[name="{name}"][value="{value}"]')
    box.wait_for(state="attached", timeout=60_000)
    box.evaluate("el => { const group = el.closest('details'); if (group) group.open = true; }")
    box.check()


def _query_of(url: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(url).query))


def test_a_query_returns_the_incidents_that_say_it(
    tab: Callable[..., Tab], search_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(search_url)
    _search(t, "pool")
    expected = _matches("pool")
    assert len(expected) == 4
    assert _results(t) == expected
    assert _query_of(t.page.url) == [("q", "pool")]  # the address follows the search
    first = t.page.locator("li.pagefind-ui__result").first
    assert first.locator(".pm-search-severity.pm-badge").count() == 1
    assert first.locator(".pm-search-date").count() == 1
    assert not t.problems(ignore_blocked=True)


def test_ticking_a_severity_and_a_service_narrows_the_results(
    tab: Callable[..., Tab], search_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(search_url)
    _search(t, "pool")
    assert _results(t) == _matches("pool")
    _tick(t, "severity", "SEV1")
    by_severity = _matches("pool", severity="SEV1")
    assert _results(t) == by_severity and len(by_severity) == 3
    _tick(t, "service", "payments")
    narrowed = _matches("pool", severity="SEV1", service="payments")
    assert _results(t) == narrowed and len(narrowed) == 2
    assert _query_of(t.page.url) == [("q", "pool"), ("service", "payments"), ("severity", "SEV1")]
    assert not t.problems(ignore_blocked=True)


def test_a_deep_link_restores_the_query_and_the_filters(
    tab: Callable[..., Tab], search_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(search_url + "?q=pool&severity=SEV1&service=payments")
    assert _results(t) == _matches("pool", severity="SEV1", service="payments")
    assert t.page.locator("input.pagefind-ui__search-input").input_value() == "pool"
    for name, value in (("severity", "SEV1"), ("service", "payments")):
        box = t.page.locator(f'input.pagefind-ui__filter-checkbox[name="{name}"][value="{value}"]')
        assert box.is_checked()
    t.goto(search_url + "?q=pool&sort=newest")  # an order too: the oldest incident comes last
    _results(t)
    ids = [
        s.split(": ", 1)[1].strip()
        for s in t.page.locator('li[data-pagefind-ui-meta="id"]').all_text_contents()
    ]
    assert ids[-1] == "INC-105" and t.page.locator("select[name=sort]").input_value() == "newest"
    assert not t.problems(ignore_blocked=True)


def test_a_script_payload_shows_as_text_in_the_results(
    tab: Callable[..., Tab], search_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(search_url)
    _search(t, "quartz")
    assert _results(t) == {"INC-666"}
    result = t.page.locator("li.pagefind-ui__result").first
    assert 'Payload <img src=x onerror="window.__pwned=1"> quartz' in result.inner_text()
    assert "<script>window.__pwned=2</script>" in result.inner_text()
    # The service's filter label, whether or not its group is open (it may be drawn folded).
    labels = "[...document.querySelectorAll('label.pagefind-ui__filter-label')]"
    t.page.wait_for_function(
        f"() => {labels}.some(l => l.textContent.includes('onerror=window'))", timeout=15_000
    )
    label = t.page.evaluate(
        f"() => {labels}.map(l => l.textContent).find(s => s.includes('onerror=window'))"
    )
    assert PAYLOAD_SERVICE in label
    ui = t.page.locator("[data-pm-search-ui]")
    assert ui.locator("img, script, b, svg, iframe").count() == 0
    assert t.page.evaluate("typeof window.__pwned") == "undefined"
    assert not t.problems(ignore_blocked=True)


def test_an_excerpt_of_the_key_facts_keeps_labels_apart_from_values(
    tab: Callable[..., Tab], search_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(search_url)
    _search(t, "orders")  # INC-103's service: its excerpt is cut from the key facts
    assert _results(t) == {"INC-103"}
    excerpt = t.page.locator("p.pagefind-ui__result-excerpt").first.inner_text()
    assert "Services orders" in excerpt, excerpt
    for label in ("When", "Severity", "Services", "Tags", "Incident id"):
        assert not re.search(rf"\b{label}[^\s.:]", excerpt), (label, excerpt)
    assert not t.problems(ignore_blocked=True)


def _ids_in_order(t: Tab) -> list[str]:
    _results(t)
    tags = t.page.locator('li[data-pagefind-ui-meta="id"]').all_text_contents()
    return [text.split(": ", 1)[1].strip() for text in tags]


def test_choosing_an_order_keeps_the_query_and_filters_and_a_reload_restores_them(
    tab: Callable[..., Tab], search_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(search_url)
    _search(t, "pool")
    assert _results(t) == _matches("pool")
    _tick(t, "severity", "SEV1")
    assert _results(t) == _matches("pool", severity="SEV1")
    t.page.locator("select[name=sort]").select_option("oldest")
    expected = [("q", "pool"), ("severity", "SEV1"), ("sort", "oldest")]
    t.page.wait_for_function(
        "() => new URLSearchParams(location.search).get('sort') === 'oldest'", timeout=15_000
    )
    assert _ids_in_order(t)[0] == "INC-105"  # the oldest first
    t.page.wait_for_timeout(500)  # the interface has settled: the address is still the search
    assert _query_of(t.page.url) == expected
    assert set(_ids_in_order(t)) == _matches("pool", severity="SEV1")
    t.page.reload()
    assert _ids_in_order(t)[0] == "INC-105"
    assert set(_ids_in_order(t)) == _matches("pool", severity="SEV1")
    assert t.page.locator("input.pagefind-ui__search-input").input_value() == "pool"
    box = t.page.locator('input.pagefind-ui__filter-checkbox[name="severity"][value="SEV1"]')
    assert box.is_checked()
    assert t.page.locator("select[name=sort]").input_value() == "oldest"
    t.page.wait_for_timeout(500)
    assert _query_of(t.page.url) == expected
    assert not t.problems(ignore_blocked=True)


def test_two_values_of_one_filter_find_either_and_the_address_keeps_both(
    tab: Callable[..., Tab], search_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(search_url)
    _search(t, "pool")
    assert _results(t) == _matches("pool")
    _tick(t, "severity", "SEV1")
    assert _results(t) == _matches("pool", severity="SEV1")
    _tick(t, "severity", "SEV2")  # still offered once SEV1 is ticked
    either = _matches("pool", severity="SEV1") | _matches("pool", severity="SEV2")
    assert _results(t) == either and len(either) == 4
    _tick(t, "service", "payments")  # and another filter: both of them
    narrowed = either & _matches("pool", service="payments")
    assert _results(t) == narrowed and len(narrowed) == 3
    assert _query_of(t.page.url) == [
        ("q", "pool"), ("service", "payments"), ("severity", "SEV1"), ("severity", "SEV2")
    ]  # fmt: skip
    t.goto(search_url + "?q=pool&severity=SEV1&severity=SEV2")  # a deep link holds both
    assert _results(t) == either
    for value in ("SEV1", "SEV2"):
        box = t.page.locator(
            f'input.pagefind-ui__filter-checkbox[name="severity"][value="{value}"]'
        )
        assert box.is_checked()
    assert not t.problems(ignore_blocked=True)


def test_the_header_search_leads_to_the_archive_search_with_the_query(
    tab: Callable[..., Tab], search_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(search_url.removesuffix(SEARCH))  # the site's home: Material's search in the header
    box = t.page.locator("input.md-search__input")
    box.click()
    box.fill("pool")
    link = t.page.locator(".md-search-result a[data-pm-archive-search]")
    link.wait_for(state="visible")
    expect = f"Search {len(POSTMORTEMS)} incidents in the archive for “pool”"
    t.page.wait_for_function(
        f"() => document.querySelector('a[data-pm-archive-search]').textContent === {expect!r}"
    )
    link.click()
    t.page.wait_for_url("**/" + SEARCH + "?q=pool")
    assert _results(t) == _matches("pool")
    assert t.page.locator("input.pagefind-ui__search-input").input_value() == "pool"
    assert not t.problems(ignore_blocked=True)
