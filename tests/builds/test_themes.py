"""The archive in the themes that ship with MkDocs (``mkdocs``, ``readthedocs``): badges drawn
by the plugin's stylesheet, which needs no Material class, and incident families drawn at build
time as on Material; with ``family_diagrams: mermaid``, tables, never Mermaid source shown as
text (only Material, or a site that loads Mermaid itself, draws the diagrams)."""

from __future__ import annotations

import re

import pytest
from sites import Result, SiteBuilder


def family(site: SiteBuilder) -> None:
    site.incident("a", id="INC-A", title="Cache stampede", severity="SEV1", services=["api"])
    site.incident(
        "b",
        id="INC-B",
        title="Retry storm",
        date="2026-01-09",
        related_incidents=[{"id": "INC-A", "type": "caused-by"}],
    )


def main_html(result: Result, url: str) -> str:
    """The page's content, as each theme wraps it (``role="main"``), without the nav."""
    page = result.html(url)
    start = page.index('role="main"')
    return page[start : page.index("<footer", start)] if "<footer" in page[start:] else page[start:]


def css_rules(css: str) -> list[tuple[str, str]]:
    """(selector, body) of every rule, at-rules' inner rules included."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [(m.group(1).strip(), m.group(2)) for m in re.finditer(r"([^{}@]+)\{([^{}]*)\}", css)]


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs", "material"])
def test_every_theme_shows_the_family_drawn_at_build_time(site: SiteBuilder, theme: str) -> None:
    family(site)
    site.extra_config = {"theme": {"name": theme}}
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    related = result.html("postmortems/related/")
    assert related.count('<figure class="pm-family"><svg xmlns="http://www.w3.org/2000/svg"') == 1
    drawing = related.split('<figure class="pm-family">')[1].split("</figure>")[0]
    assert 'href="../incidents/INC-A/"' in drawing and 'href="../incidents/INC-B/"' in drawing
    assert "flowchart" not in related and 'class="mermaid"' not in related
    assert "<th>Relation</th>" in related  # the table stays, for every reader


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_pages_read_in_mkdocs_own_themes(site: SiteBuilder, theme: str) -> None:
    """With ``family_diagrams: mermaid``, a theme without Mermaid shows the table alone."""
    family(site)
    site.plugin_options = {"family_diagrams": "mermaid"}
    site.extra_config = {"theme": {"name": theme}}
    result = site.build(strict=True)
    assert not result.aborted, result.warnings

    incident = main_html(result, "postmortems/incidents/INC-A/")
    assert 'class="pm-badge pm-sev pm-sev-0"' in incident and ">SEV1</span>" in incident
    assert 'class="pm-badge pm-status pm-status-final">final</span>' in incident
    # The stylesheet is on every page, and what draws a badge asks for no Material class.
    home = result.html("postmortems/")
    assert re.search(r'<link href="[./]*assets/postmortem\.css" rel="stylesheet"', home)
    css = (result.site / "postmortems" / "assets" / "postmortem.css").read_text("utf-8")
    unscoped = {
        selector.strip()
        for selectors, body in css_rules(css)
        if "background" in body
        for selector in selectors.split(",")
    }
    for badge in (".pm-badge", ".pm-sev-0", ".pm-sev-2", ".pm-status-final", ".pm-item-open",
                  ".pm-overdue-mark"):  # fmt: skip
        assert badge in unscoped, badge  # a rule of its own, not under .md-typeset

    related = main_html(result, "postmortems/related/")
    assert "flowchart" not in related and 'class="mermaid"' not in related
    text = re.sub(r"<[^>]+>", " ", related)
    assert " ".join(text.split()).count("INC-A caused INC-B") == 1  # the relation, as a row
    assert "Each row reads as the relation" in " ".join(text.split())


def test_a_site_that_loads_mermaid_itself_keeps_the_diagram(site: SiteBuilder) -> None:
    family(site)
    site.plugin_options = {"family_diagrams": "mermaid"}
    site.add("js/mermaid.min.js", "/* the team's copy of Mermaid */\n")
    site.extra_config = {"theme": {"name": "mkdocs"}, "extra_javascript": ["js/mermaid.min.js"]}
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    related = main_html(result, "postmortems/related/")
    assert 'class="mermaid"' in related and "flowchart LR" in related


def test_material_draws_the_diagram(site: SiteBuilder) -> None:
    family(site)
    site.plugin_options = {"family_diagrams": "mermaid"}
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    related = result.html("postmortems/related/")
    assert '<pre class="mermaid"><code>flowchart LR' in related
