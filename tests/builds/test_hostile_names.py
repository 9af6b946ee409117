"""Names and labels that read like markup or template code, on every kind of page of a real
build: a title, service, tag, environment, organisation and owner, a severity level's id,
label, description and response target, a file's name and problem and the compared git ref,
each holding a script tag, an attribute breakout and Jinja syntax. Every page shows them as text,
escaped once; no page holds them as markup, and no template evaluates them."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from sites import Result, SiteBuilder, article_text, incident_yaml

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
JINJA = "{{ 7*7 }}"
HOSTILE = f"{SCRIPT} {BREAKOUT} {JINJA}"
LEVEL = BREAKOUT
"""A severity level's id: shown on the Patterns page, the field reference, every badge."""

SUMMARY = "The payment queue stalled while the ledger worker replayed duplicate settlement files."


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Result:
    site = SiteBuilder(tmp_path_factory.mktemp("hostile-names") / "project")
    site.plugin_options = {
        "severity_levels": [
            {
                "id": "SEV1",
                "label": f"Critical {HOSTILE}",
                "description": HOSTILE,
                "response_target": HOSTILE,
            },
            {"id": LEVEL, "label": "Major", "description": "Less."},
        ],
        "similar_threshold": 0.05,
        "compare_ref": HOSTILE,  # no git here: the changes page says so, naming the ref
    }
    site.incident(
        "a",
        id="INC-A",
        title=f"A {HOSTILE}",
        severity="SEV1",
        summary=SUMMARY,
        services=[HOSTILE],
        tags=[HOSTILE],
        environment=HOSTILE,
        source={"organisation": HOSTILE, "title": HOSTILE},
        related_incidents=[{"id": "INC-B", "type": "caused-by"}],
        action_items=[{"action": HOSTILE, "owner": HOSTILE, "status": "open"}],
    )
    site.incident("b", id="INC-B", title=f"B {HOSTILE}", severity=LEVEL, summary="A disk filled.")
    site.incident(
        "c", id="INC-C", title=f"C {HOSTILE}", severity="SEV1", date="2026-01-04", summary=SUMMARY
    )
    # A file named like template code, whose severity reads like markup (quoted in its problem).
    site.add(f"postmortems/{JINJA}.yaml", incident_yaml(id="INC-BAD", severity=HOSTILE))
    return site.build()


def term_page(build: Result, taxonomy: str) -> str:
    """The page of the one term of ``taxonomy`` (its slug is made from the hostile name)."""
    folder = build.site / "postmortems" / taxonomy
    (term,) = [p.name for p in folder.iterdir() if p.is_dir()]
    return f"postmortems/{taxonomy}/{term}/"


PAGES = [
    ("postmortems/", (HOSTILE,)),
    ("postmortems/browse/", (HOSTILE,)),
    ("postmortems/severity/sev1/", (HOSTILE,)),
    ("postmortems/services/", (HOSTILE,)),
    ("services", (HOSTILE,)),
    ("tags", (HOSTILE,)),
    ("environments", (HOSTILE,)),
    ("organisations", (HOSTILE,)),
    ("postmortems/related/", (HOSTILE,)),
    ("postmortems/similar/", (HOSTILE,)),
    ("postmortems/patterns/", (LEVEL,)),
    ("postmortems/action-items/", (HOSTILE,)),
    ("postmortems/health/", (SCRIPT, BREAKOUT, f"docs/postmortems/{JINJA}.yaml")),
    ("postmortems/changes/", (HOSTILE,)),
    ("postmortems/fields/", (LEVEL,)),
    ("postmortems/incidents/INC-A/", (HOSTILE,)),
]
"""Every kind of page (a term page by its taxonomy), and what hostile text it shows."""

MARKUP = re.compile(r"<script>alert|<img src=x")
"""The payloads as markup: never in a page's HTML. (Evaluated, Jinja syntax would not be
in the text.)"""


@pytest.mark.parametrize(("page", "shown"), PAGES, ids=[p for p, _ in PAGES])
def test_every_page_kind_shows_hostile_text_escaped(
    build: Result, page: str, shown: tuple[str, ...]
) -> None:
    assert not build.aborted, build.warnings
    url = page if page.startswith("postmortems/") else term_page(build, page)
    markup = build.html(url)
    assert not MARKUP.findall(markup), url
    text = article_text(markup)
    for value in shown:
        assert value in text, (url, value, text[:2000])
    # Escaped once: the text never shows an entity (the template escaped what was escaped).
    assert "&lt;" not in text and "&#34;" not in text and "&quot;" not in text, url


def test_titles_and_descriptions_are_text_in_the_head(build: Result) -> None:
    """Material prints the front matter's title and description as they are: the renderer
    escaped them, once."""
    for url in ("postmortems/severity/sev1/", term_page(build, "services")):
        head = build.html(url).split("</head>")[0]
        assert not MARKUP.findall(head), url
        title = re.search(r"<title>(.*?)</title>", head, re.S)
        assert title is not None and "&lt;script&gt;alert(1)&lt;/script&gt;" in title.group(1)


def test_the_family_drawing_holds_no_markup_of_a_name(build: Result) -> None:
    """The drawing is SVG of the writer's elements only: a hostile title is text in its
    ``<title>``, escaped."""
    related = build.html("postmortems/related/")
    drawing = related.split('<figure class="pm-family">')[1].split("</figure>")[0]
    svg = ElementTree.fromstring(drawing)
    tags = {element.tag.rpartition("}")[2] for element in svg.iter()}
    assert tags <= {"svg", "g", "polyline", "polygon", "text", "a", "title", "rect"}, tags
    assert not [k for e in svg.iter() for k in e.attrib if k.lower().startswith("on")]
    assert "<script" not in drawing and "&lt;" in drawing


def test_nothing_is_written_for_a_hostile_name_outside_its_folder(build: Result) -> None:
    site = build.site.resolve()
    for path in site.rglob("*"):
        assert path.resolve().is_relative_to(site)
    assert not any("<" in p.name or '"' in p.name for p in Path(site).rglob("*"))
