"""Incident and index pages as a reader sees them in the built site."""

from __future__ import annotations

import html
import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from sites import SiteBuilder, incident_yaml

from mkdocs_postmortem.plugin import holding

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
"""An SVG link's target, as the drawings write it (``family_drawing``)."""


def family(site: SiteBuilder) -> None:
    site.incident(
        "a",
        id="INC-A",
        title="Database failover",
        date="2026-03-01",
        severity="SEV1",
        services=["db"],
    )
    site.incident(
        "b",
        id="INC-B",
        title="Checkout errors",
        date="2026-03-02",
        related_incidents=[{"id": "INC-A", "type": "caused-by", "note": "failover lag"}],
    )
    site.incident(
        "c",
        id="INC-C",
        title="Failover again",
        date="2026-04-10",
        severity="SEV3",
        related_incidents=[{"id": "INC-A", "type": "recurrence-of"}, "INC-B"],
    )
    site.incident("d", id="INC-D", title="Unrelated", date="2025-12-24", severity="SEV4")


def test_page_per_incident_and_indexes(site: SiteBuilder) -> None:
    family(site)
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    for incident_id in ("a", "b", "c", "d"):
        assert result.exists(f"postmortems/incidents/INC-{incident_id.upper()}/")
    home = result.text("postmortems/")
    assert "4 incidents in the archive" in home
    # Newest first: C (April), B, A (March), D (December).
    order = [home.index(f"INC-{x} ") for x in "CBAD"]
    assert order == sorted(order)
    sev1 = result.text("postmortems/severity/sev1/")
    assert "INC-A" in sev1 and "INC-B" not in sev1 and "1 incident," in sev1
    sev2 = result.text("postmortems/severity/sev2/")
    assert sev2.index("INC-B") < sev2.index("Checkout errors")
    assert "0 incidents" in result.text("postmortems/severity/sev4/") or "INC-D" in result.text(
        "postmortems/severity/sev4/"
    )


def test_related_incidents_in_both_directions(site: SiteBuilder) -> None:
    family(site)
    result = site.build(strict=True)
    a = result.text("postmortems/incidents/INC-A/")
    # A declares nothing, yet shows who points at it, with the relation turned around.
    assert "caused INC-B" in a and "failover lag" in a
    assert "recurred as INC-C" in a
    b_html = result.html("postmortems/incidents/INC-B/")
    assert 'href="../INC-A/"' in b_html
    c = result.text("postmortems/incidents/INC-C/")
    assert "recurrence-of INC-A" in c and "related INC-B" in c
    assert "related to" not in result.text("postmortems/incidents/INC-D/")


def test_family_drawing_has_every_member_and_typed_edge(site: SiteBuilder) -> None:
    """The default: one SVG per family, each member a link to its page, each relation a line
    with its label (``related`` dashed, without an arrow)."""
    family(site)
    result = site.build(strict=True)
    related = result.html("postmortems/related/")
    drawings = re.findall(r'<figure class="pm-family">(<svg .*?</svg>)</figure>', related, re.S)
    assert len(drawings) == 1, "A, B and C form one family; D is alone"
    svg = ElementTree.fromstring(drawings[0])
    ns = "{http://www.w3.org/2000/svg}"
    links = {a.get(XLINK_HREF): [t.text for t in a.iter(f"{ns}text")] for a in svg.iter(f"{ns}a")}
    assert {href: texts[0] for href, texts in links.items()} == {
        "../incidents/INC-A/": "INC-A",
        "../incidents/INC-B/": "INC-B",
        "../incidents/INC-C/": "INC-C",
    }
    labels = sorted(t.text or "" for g in svg.iter(f"{ns}g") if g.get("font-style") for t in g)
    assert labels == ["caused", "recurrence of", "related"]
    lines = list(svg.iter(f"{ns}polyline"))
    assert len(lines) == 3 and sum(1 for p in lines if p.get("stroke-dasharray")) == 1
    assert len(list(svg.iter(f"{ns}polygon"))) == 2, "an arrowhead per directed relation"
    assert "mermaid" not in related.split("<article", 1)[1]
    assert "INC-D" not in result.text("postmortems/related/")


def test_family_diagram_has_typed_edges(site: SiteBuilder) -> None:
    """With ``family_diagrams: mermaid``: the diagram's source as Mermaid reads it."""
    site.plugin_options = {"family_diagrams": "mermaid"}
    family(site)
    result = site.build(strict=True)
    related = result.html("postmortems/related/")
    diagrams = re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', related, re.S)
    assert len(diagrams) == 1, "A, B and C form one family; D is alone"
    diagram = html.unescape(diagrams[0])  # the source as Mermaid reads it (the text)
    assert diagram.count('["INC-') == 3
    assert "-->|caused|" in diagram and "-->|recurrence of|" in diagram
    assert "---|related|" in diagram
    assert 'id="family-inc-a"' in related
    assert "INC-D" not in result.text("postmortems/related/")


def test_custom_severity_scale_with_aliases(site: SiteBuilder) -> None:
    site.plugin_options = {
        "severity_levels": [
            {
                "id": "P0",
                "label": "Critical",
                "description": "Everything is down.",
                "aliases": ["p0", "Sev0"],
            },
            {"id": "P1", "label": "Major", "aliases": ["p1"]},
            {"id": "P2", "label": "Minor"},
            {"id": "P3", "label": "Cosmetic"},
        ]
    }
    site.incident("x", id="INC-X", severity="Sev0")
    site.incident("y", id="INC-Y", severity="p1")
    site.incident("z", id="INC-Z", severity="P3")
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    assert "INC-X" in result.text("postmortems/severity/p0/")
    assert "INC-Y" in result.text("postmortems/severity/p1/")
    assert "INC-Z" in result.text("postmortems/severity/p3/")
    assert not result.exists("postmortems/severity/sev1/")
    page = result.text("postmortems/incidents/INC-X/")
    assert "P0 final" in page and "Severity Critical (written as Sev0)" in page
    home = result.text("postmortems/")
    assert "P0 Critical Everything is down." in home
    site.incident("w", id="INC-W", severity="SEV1")
    warnings = site.build().warnings
    assert any(
        "w.yaml:4:11: severity: 'SEV1' is not allowed; expected one of: P0 (or p0, Sev0)" in w
        for w in warnings
    ), warnings


def test_second_build_is_byte_identical(site: SiteBuilder) -> None:
    family(site)
    first = site.build(strict=True)
    snapshot = {
        p: p.read_bytes() for p in sorted(first.site.rglob("*.html")) if "postmortems" in p.parts
    }
    assert len(snapshot) >= 10
    second = site.build(strict=True)
    again = {
        p: p.read_bytes() for p in sorted(second.site.rglob("*.html")) if "postmortems" in p.parts
    }
    assert again == snapshot


class _Elements(HTMLParser):
    """Every element of the page's article with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "article":
            self.inside += 1
        if self.inside:
            self.elements.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.inside -= 1


def test_raw_html_is_escaped_not_passed_through(site: SiteBuilder) -> None:
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    site.incident(
        "x",
        id="INC-X",
        title='Title <img src=x onerror=alert(3)> "quoted"',
        summary=f"Summary {payload} [click](javascript:alert(4)) and `<b>code</b>` {{: onclick=alert(5) }}",
        one_line_summary='One line "><script>alert(6)</script>',
        services=['api"><script>alert(7)</script>'],
        timeline=[{"time": "10:00", "event": payload + " | pipe", "actor": "<b>bot</b>"}],
    )
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    page = result.html("postmortems/incidents/INC-X/")
    parser = _Elements()
    parser.feed(page)
    tags = {tag for tag, _ in parser.elements}
    assert "script" not in tags and "img" not in tags and "b" not in tags
    for tag, attrs in parser.elements:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not attrs.get("href", "").lower().startswith("javascript"), (tag, attrs)
    head = page[: page.index("<body")]
    assert "<script>alert" not in head and "<img" not in head
    assert '<meta name="description" content="One line &quot;&gt;&lt;script&gt;' in head
    text = result.text("postmortems/incidents/INC-X/")
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    assert "<b>code</b>" in text
    assert "{: onclick=alert(5) }" in text
    assert "| pipe" in text  # a pipe in a cell does not split the table
    assert "<b>bot</b>" in text


def test_page_meta_feeds_search_and_tags(site: SiteBuilder) -> None:
    site.extra_config = {"plugins": ["search", "tags", "postmortem"]}
    site.incident(
        "x",
        id="INC-X",
        title="Queue backlog",
        services=["queue"],
        tags=["capacity"],
        one_line_summary="Workers fell behind.",
    )
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    page = result.html("postmortems/incidents/INC-X/")
    assert '<meta name="description" content="Workers fell behind.">' in page
    assert "md-tag" in page and ">queue<" in page.replace("\n", "").replace(" ", "")
    index = json.loads((result.site / "search" / "search_index.json").read_text("utf-8"))
    entry = next(d for d in index["docs"] if d["location"] == "postmortems/incidents/INC-X/")
    assert entry["title"] == "Queue backlog" and "INC-X" in entry["text"]
    assert "<title>INC-X: Queue backlog - Test archive</title>" in page
    assert set(entry.get("tags", [])) >= {"queue", "capacity"}


def test_incidents_stay_out_of_the_nav_indexes_go_in(site: SiteBuilder) -> None:
    site.extra_config = {"nav": ["index.md"]}
    family(site)
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    home = result.html("index.html")
    nav = home[home.index('class="md-nav md-nav--primary"') :]
    assert "Postmortems" in nav and "Browse" in nav and "Related incidents" in nav
    assert "INC-A" not in nav and "Database failover" not in nav


def test_nav_can_be_left_to_the_team(site: SiteBuilder) -> None:
    site.plugin_options = {"nav": False}
    family(site)
    result = site.build(strict=True)
    home = result.html("index.html")
    assert "By severity" not in home and "Related incidents" not in home
    assert result.exists("postmortems/")


def test_edit_button_opens_the_yaml(site: SiteBuilder) -> None:
    site.extra_config = {
        "repo_url": "https://git.example.org/team/docs",
        "edit_uri": "edit/main/docs/",
        "theme": {"name": "material", "features": ["content.action.edit"]},
    }
    site.incident("x", id="INC-X")
    page = site.build(strict=True).html("postmortems/incidents/INC-X/")
    assert 'href="https://git.example.org/team/docs/edit/main/docs/postmortems/x.yaml"' in page


def test_team_template_override(site: SiteBuilder, tmp_path: Path) -> None:
    """The page is the team's HTML template: its headings make the table of contents."""
    templates = site.root / "pm-templates"
    templates.mkdir(parents=True)
    (templates / "incident.html.j2").write_text(
        '{{ heading(1, "Custom " ~ incident.id) }}\n{{ heading(2, "Story") }}\n'
        "{{ d.summary | md }}\n",
        encoding="utf-8",
    )
    site.plugin_options = {"templates": "pm-templates"}
    site.incident("x", id="INC-X", summary="Told *our* way.")
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    page = result.html("postmortems/incidents/INC-X/")
    assert '<h1 id="custom-inc-x">Custom INC-X' in page and "<em>our</em>" in page
    assert 'href="#story"' in page  # in the theme's table of contents


def test_a_team_markdown_template_stops_the_build_saying_why(site: SiteBuilder) -> None:
    """The Markdown pages of earlier versions put text into Markdown that MkDocs reads with raw
    HTML on, and are no longer used: a team's copy is refused, not silently ignored."""
    templates = site.root / "pm-templates"
    templates.mkdir(parents=True)
    (templates / "incident.md.j2").write_text(
        '{{ front_matter({"title": incident.title | attr}) }}\n# Custom {{ incident.id }}\n\n'
        "{{ d.summary | md }}\n",
        encoding="utf-8",
    )
    site.plugin_options = {"templates": "pm-templates"}
    site.incident("x", id="INC-X", summary="Told *our* way.")
    result = site.build()
    assert result.aborted
    assert any(
        "incident.md.j2 is a Markdown page template, which this version no longer uses" in w
        and '{% extends "postmortem/incident.html.j2" %}' in w
        for w in result.warnings
    ), result.warnings


def test_team_schema_extends_the_bundled_one(site: SiteBuilder) -> None:
    (site.root / "team.schema.json").write_text(
        json.dumps(
            {
                "required": ["x-cost-center", "services"],
                "properties": {"x-cost-center": {"type": "string", "pattern": "^CC-[0-9]{4}$"}},
            }
        ),
        encoding="utf-8",
    )
    site.plugin_options = {"schema": "team.schema.json"}
    site.incident("ok", id="INC-OK", services=["api"], **{"x-cost-center": "CC-1042"})
    site.incident("bad", id="INC-BAD", **{"x-cost-center": "marketing"})
    result = site.build()
    assert any(
        w.startswith("docs/postmortems/bad.yaml:1:1: services: required field is missing")
        for w in result.warnings
    ), result.warnings
    assert any(
        w.startswith("docs/postmortems/bad.yaml:7:16: x-cost-center: 'marketing' is not a valid")
        for w in result.warnings
    ), result.warnings
    assert "CC-1042" in result.text("postmortems/incidents/INC-OK/")
    assert "Not published" in result.text("postmortems/incidents/INC-BAD/")
    assert "INC-BAD" not in result.text("postmortems/severity/sev2/")


def test_broken_setup_is_a_clear_error(site: SiteBuilder) -> None:
    site.plugin_options = {"severity_levels": []}
    result = site.build()
    assert result.aborted
    assert any(
        "postmortem: the severity scale needs at least one level" in w for w in result.warnings
    )
    site.plugin_options = {"schema": "missing.json"}
    result = site.build()
    assert result.aborted
    assert any("missing.json' isn't an existing file" in w for w in result.warnings), (
        result.warnings
    )


def test_generated_page_never_replaces_a_team_page(site: SiteBuilder) -> None:
    site.add("postmortems/related.md", "# Our own page\n")
    site.incident("x", id="INC-X")
    result = site.build()
    assert any("postmortems/related.md: the archive needs this path" in w for w in result.warnings)
    assert "Our own page" in result.text("postmortems/related/")


def test_fields_reference_comes_from_the_schema(site: SiteBuilder) -> None:
    site.incident("x", id="INC-X")
    text = site.build(strict=True).text("postmortems/fields/")
    for field in (
        "id required",
        "timestamps.detected",
        "action_items[].horizon",
        "communication.regulatory.required",
        "related_incidents[].type",
    ):
        assert field in text, field
    assert "one of: SEV1, SEV2, SEV3, SEV4" in text


def test_three_line_config_works(site: SiteBuilder) -> None:
    """No markdown_extensions in mkdocs.yml: the plugin turns on what its pages need, and the
    free text is converted with them (a table, fenced code)."""
    summary = "Done.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```sh\nls\n```\n"
    site.incident("x", id="INC-X", summary=summary, status="draft")
    result = site.build(strict=True)
    assert not result.aborted
    page = result.html("postmortems/incidents/INC-X/")
    assert 'class="admonition note"' in page and "<table>" in page
    assert '<div class="highlight"><pre><span></span><code>ls' in page
    assert incident_yaml  # the helper stays importable for other tests


def test_a_page_that_fails_to_render_is_reported_not_fatal(site: SiteBuilder) -> None:
    templates = site.root / "pm-templates"
    templates.mkdir(parents=True)
    (templates / "incident.html.j2").write_text(
        "<h1>{{ d.title }}</h1>\n<p>Level: {{ d.impact.level }}</p>\n", "utf-8"
    )
    site.plugin_options = {"templates": "pm-templates"}
    site.incident("ok", id="INC-OK", impact={"level": "outage"})
    site.incident("bad", id="INC-BAD")
    result = site.build()
    assert not result.aborted
    assert any(
        w.startswith(
            "docs/postmortems/bad.yaml:1:1: (document): the page could not be rendered: "
            "UndefinedError"
        )
        for w in result.warnings
    ), result.warnings
    assert "Level: outage" in result.text("postmortems/incidents/INC-OK/")
    assert not result.exists("postmortems/incidents/INC-BAD/")
    assert "docs/postmortems/bad.yaml" in result.text("postmortems/")
    assert "INC-BAD" not in result.text("postmortems/severity/sev2/")
    assert site.build(strict=True).aborted


def test_draft_banner_and_preview_page(site: SiteBuilder) -> None:
    site.incident("draft", id="INC-DRAFT", status="draft")
    site.incident("final", id="INC-FINAL", status="final")
    site.add(
        "postmortems/broken.yaml",
        incident_yaml(
            id="INC-BROKEN",
            title="Half done",
            severity="SEV9",
            timeline=[{"time": "25:61"}],
            services=["api"],
        ),
    )
    result = site.build()
    assert "This postmortem is a draft" in result.text("postmortems/incidents/INC-DRAFT/")
    assert "This postmortem is a draft" not in result.text("postmortems/incidents/INC-FINAL/")
    page = result.html("postmortems/incidents/INC-BROKEN/")
    text = result.text("postmortems/incidents/INC-BROKEN/")
    top = text[: text.index("Incident id")]
    assert "Not published: this postmortem has 3 problems" in top
    assert "line 4, column 11, severity: 'SEV9' is not allowed" in top
    assert "timeline[0].event: required field is missing" in top
    assert "timeline[0].time: '25:61' is not a real time of day" in top
    assert "Half done" in text and "api" in text  # what could be rendered is there
    assert 'class="admonition failure"' in page
    health = result.text("postmortems/health/")
    assert "Preview: INC-BROKEN: Half done" in health
    assert "INC-BROKEN" not in result.text("postmortems/severity/sev2/")
    assert "preview" in result.text("postmortems/")


def _resolve(page: Path, site: Path, link: str) -> Path:
    """The file a relative link of ``page`` opens, as a static server would serve it."""
    path = link.split("#")[0]
    target = (page.parent / path).resolve()
    return target / "index.html" if path.endswith("/") else target


def test_every_incident_link_opens_a_page_in_both_url_styles(site: SiteBuilder) -> None:
    """The derived lists are HTML that MkDocs does not rewrite: their links must be right for
    both URL styles, from every kind of page (home, severity, term, family, incident)."""
    family(site)
    site.incident(
        "e", id="INC-E", title="Database failover again", services=["db"], date="2026-05-01"
    )
    for directory_urls in (True, False):
        site.extra_config["use_directory_urls"] = directory_urls
        result = site.build(strict=True)
        assert not result.aborted, result.warnings
        pages = sorted((result.site / "postmortems").rglob("*.html"))
        checked = 0
        kinds = set()
        for page in pages:
            text = page.read_text("utf-8")
            assert "postmortem:fragment" not in text, page  # every placeholder was filled
            article = re.search(r'<article class="md-content__inner.*?</article>', text, re.S)
            assert article, page
            for css, block in re.findall(
                r'<ul class="(pm-[a-z]+)">(.*?)</ul>', article.group(0), re.S
            ):
                kinds.add(css)
                for link in re.findall(r'href="([^"]+)"', block):
                    assert _resolve(page, result.site, link).is_file(), (page, link)
                    checked += 1
        assert {"pm-incidents", "pm-recurrence"} <= kinds, kinds
        assert checked > 20, checked


def test_large_exports_wait_on_disk_and_the_spool_is_removed(
    site: SiteBuilder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Files from a size up are held in a temporary folder, not in memory, until MkDocs copies
    them: the site gets the same bytes, and the folder is gone after the build."""
    family(site)
    built_in_memory = site.build(strict=True)
    assert not built_in_memory.aborted
    expected = (built_in_memory.site / "postmortems" / "incidents.json").read_bytes()
    monkeypatch.setattr(holding, "SPOOLED", 1)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    spooled = site.build(strict=True)
    assert not spooled.aborted, spooled.warnings
    assert (spooled.site / "postmortems" / "incidents.json").read_bytes() == expected
    assert (spooled.site / "postmortems" / "action-items.csv").exists()
    assert not list(tmp_path.glob("mkdocs-postmortem-*"))
