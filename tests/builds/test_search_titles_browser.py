"""Pagefind's result titles in a real browser (the fixtures of test_browser.py): shown exactly
as the postmortem writes them, ``>`` as ``>``, and a title that holds markup runs nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from builds.test_browser import Tab, browser, mermaid_js, playwright, serve, tab
from builds.test_search_titles import SERVICE, TITLES, build_titles

from mkdocs_postmortem.render import site_search

if site_search.binary_problem() is not None:
    pytest.skip(
        f"Pagefind cannot run here: {site_search.binary_problem()}", allow_module_level=True
    )

__all__ = ["browser", "mermaid_js", "playwright", "tab"]  # the fixtures, used by name

SHOWN = """() => {
    const links = [...document.querySelectorAll("a.pagefind-ui__result-link")];
    return links.length === %d;
}"""


@pytest.fixture(scope="module")
def search_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    result = build_titles(tmp_path_factory.mktemp("titles") / "project")
    with serve(result.site) as base:
        yield base + "postmortems/browse/"


def test_result_titles_show_as_written_and_run_nothing(
    tab: Callable[..., Tab], search_url: str
) -> None:
    t = tab(mermaid=False)
    t.goto(search_url + "?q=quartz")
    t.page.wait_for_function(SHOWN % len(TITLES), timeout=15_000)
    links = t.page.locator("a.pagefind-ui__result-link")
    assert sorted(links.all_text_contents()) == sorted(TITLES.values())
    labels = t.page.locator("label.pagefind-ui__filter-label").all_text_contents()
    assert any(SERVICE in label for label in labels), labels
    ui = t.page.locator("[data-pm-search-ui]")
    assert ui.locator("img, script, b, svg, iframe").count() == 0
    assert t.page.evaluate("typeof window.__pwned") == "undefined"
    assert not t.problems(ignore_blocked=True)
