"""Pages rendered from an in-memory archive index, without MkDocs: which pages, in which
order, with their front matter and HTML; the template helpers; the template cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.core.schema import effective_schema
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.validate import SchemaValidator
from mkdocs_postmortem.insights.index import ArchiveIndex
from mkdocs_postmortem.render.generated import front_matter
from mkdocs_postmortem.render.pages import Renderer
from mkdocs_postmortem.render.site_setup import draws_diagrams
from mkdocs_postmortem.render.templating import environment, extensions, flatten, present


def renderer(s: Settings) -> Renderer:
    return Renderer.for_settings(s, SchemaValidator.compiled(effective_schema(s)))


def two_incidents(s: Settings) -> tuple[Incident, Incident, ArchiveIndex]:
    """INC-1 (SEV2, a draft with a title to escape) was caused by INC-2 (SEV1); both on db."""
    newer = incident(
        s,
        id="INC-1",
        title="Disk <full> & co",
        status="draft",
        services=["db", "api"],
        tags=["Data Loss"],
        related_incidents=[{"id": "INC-2", "type": "caused-by"}],
    )
    older = incident(
        s,
        id="INC-2",
        date="2025-12-01",
        severity="SEV1",
        services=["db"],
        environment="production",
        contributing_factors=[{"factor": "Too small.", "category": "capacity"}],
    )
    return newer, older, index([newer, older], s)


EXPECTED_PAGES = [
    ("postmortems/index.md", True),
    ("postmortems/browse.md", True),
    ("postmortems/severity/sev1.md", False),
    ("postmortems/severity/sev2.md", False),
    ("postmortems/severity/sev3.md", False),
    ("postmortems/severity/sev4.md", False),
    ("postmortems/related.md", True),
    ("postmortems/fields.md", False),
    ("postmortems/health.md", True),
    ("postmortems/patterns.md", True),
    ("postmortems/action-items.md", True),
    ("postmortems/similar.md", False),
    ("postmortems/services/index.md", False),
    ("postmortems/services/db.md", False),
    ("postmortems/services/api.md", False),
    ("postmortems/tags/index.md", False),
    ("postmortems/tags/data-loss.md", False),
    ("postmortems/categories/index.md", False),
    ("postmortems/categories/capacity-issue.md", False),
    ("postmortems/environments/index.md", False),
    ("postmortems/environments/production.md", False),
    ("postmortems/years/index.md", False),
    ("postmortems/years/2026.md", False),
    ("postmortems/years/2025.md", False),
    ("postmortems/organisations/index.md", False),
]


def test_index_pages_in_order_with_term_pages_out_of_the_nav() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    pages = renderer(s).index_pages(archive, in_nav=True)
    assert [(p.src_uri, p.in_nav) for p in pages] == EXPECTED_PAGES


def test_index_pages_out_of_the_nav_when_asked() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    pages = renderer(s).index_pages(archive, in_nav=False)
    assert [(p.src_uri, p.in_nav) for p in pages] == [(src, False) for src, _ in EXPECTED_PAGES]
    assert all(p.incident is None for p in pages)


def test_index_pages_of_an_empty_archive_under_a_custom_prefix() -> None:
    s = settings(prefix="ops/pm")
    pages = renderer(s).index_pages(index([], s), in_nav=True)
    assert [p.src_uri for p in pages] == [
        "ops/pm/index.md",
        "ops/pm/browse.md",
        "ops/pm/severity/sev1.md",
        "ops/pm/severity/sev2.md",
        "ops/pm/severity/sev3.md",
        "ops/pm/severity/sev4.md",
        "ops/pm/related.md",
        "ops/pm/fields.md",
        "ops/pm/health.md",
        "ops/pm/patterns.md",
        "ops/pm/action-items.md",
        "ops/pm/similar.md",
        "ops/pm/services/index.md",
        "ops/pm/tags/index.md",
        "ops/pm/categories/index.md",
        "ops/pm/environments/index.md",
        "ops/pm/years/index.md",
        "ops/pm/organisations/index.md",
    ]


def test_home_page_front_matter_and_html() -> None:
    """Every index page is front matter for MkDocs and a body of HTML: the front matter from
    the template's ``page_meta``, the headings from ``heading``, the rest escaped by Jinja."""
    s = settings()
    *_, archive = two_incidents(s)
    home = renderer(s).index_pages(archive, in_nav=True)[0]
    assert home.content == (
        '---\n"title": "Postmortems"\n"description": "Incident postmortem archive"\n---\n'
    )
    body = home.html()
    assert body.startswith(
        '<h1 id="postmortems">Postmortems</h1>\n<p>2 incidents in the archive.</p>\n'
        '<h2 id="by-severity">By severity</h2>\n<table>\n'
    )
    assert body.endswith(
        '<h2 id="newest-incidents">Newest incidents</h2>\n'
        '<ul class="pm-incidents">\n'
        '<li><a href="incidents/INC-1/">INC-1</a> · 2026-01-05 · SEV2 · '
        "Disk &lt;full&gt; &amp; co <em>(draft)</em></li>\n"
        '<li><a href="incidents/INC-2/">INC-2</a> · 2025-12-01 · SEV1 · Minimal incident</li>\n'
        "</ul>"
    )
    assert '<td><a href="severity/sev1/">Critical</a></td>' in body


def test_an_index_page_has_the_outline_of_its_headings() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    home = renderer(s).index_pages(archive, in_nav=True)[0]
    tokens = home.document.toc_tokens()
    assert [(t["level"], t["id"]) for t in tokens] == [(1, "postmortems")]
    assert [(t["id"], t["name"]) for t in tokens[0]["children"]] == [
        ("by-severity", "By severity"),
        ("newest-incidents", "Newest incidents"),
    ]
    assert {"postmortems", "by-severity", "newest-incidents"} <= home.document.anchors()


def test_an_index_page_as_a_markdown_file() -> None:
    """For builds without the plugin, as the incident page: headings as Markdown with their
    ids, the rest as raw HTML blocks without a blank line."""
    s = settings()
    *_, archive = two_incidents(s)
    home = renderer(s).index_pages(archive, in_nav=True)[0]
    assert home.text.startswith(
        '---\n"title": "Postmortems"\n"description": "Incident postmortem archive"\n---\n\n'
        "# Postmortems { #postmortems }\n\n<p>2 incidents in the archive.</p>\n\n"
        "## By severity { #by-severity }\n\n<table>\n"
    )
    for block in home.text.split("---\n", 2)[2].split("\n\n"):
        assert block.strip(), "no empty block"


@pytest.mark.parametrize(
    ("directory_urls", "link", "browse"),
    [
        (True, "../../incidents/INC-2/", "../../browse/"),
        (False, "../incidents/INC-2.html", "../browse.html"),
    ],
)
def test_index_page_links_follow_the_url_style(
    directory_urls: bool, link: str, browse: str
) -> None:
    """MkDocs rewrites no link in the HTML of a page: links are made with ``href``."""
    s = settings(directory_urls=directory_urls)
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    sev1 = pages["postmortems/severity/sev1.md"].html()
    assert sev1.endswith(
        f'<p>1 incident, newest first. <a href="{browse}#by-severity">All severities</a></p>\n'
        f'<ul class="pm-incidents">\n<li><a href="{link}">INC-2</a> · 2025-12-01 · '
        "Minimal incident</li>\n</ul>"
    )


def test_related_page_has_each_familys_diagram_relations_and_incidents() -> None:
    s = settings(family_diagrams="mermaid")
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    related = pages["postmortems/related.md"].html()
    assert (
        '<h2 id="family-inc-2">Family of INC-2</h2>\n<p>2 incidents, 1 relation.</p>\n' in related
    )
    assert (
        '<pre class="mermaid"><code>flowchart LR\n    n0[&#34;INC-2 · SEV1&#34;]\n'
        "    n1[&#34;INC-1 · SEV2&#34;]\n    n0 --&gt;|caused| n1</code></pre>\n"
    ) in related
    assert (
        "<table>\n<thead><tr><th>From</th><th>Relation</th><th>To</th></tr></thead>\n<tbody>\n"
        '<tr><td><a href="../incidents/INC-2/">INC-2</a></td><td>caused</td>'
        '<td><a href="../incidents/INC-1/">INC-1</a></td></tr>\n</tbody>\n</table>\n'
        '<ul class="pm-incidents">\n<li><a href="../incidents/INC-1/">'
    ) in related


def test_term_page_content() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    db = pages["postmortems/services/db.md"]
    assert db.content == (
        '---\n"title": "Service: db"\n"description": "2 incidents"\n"search": {"exclude": true}\n'
        "---\n"
    )
    assert db.html() == (
        '<h1 id="service-db">Service: db</h1>\n'
        '<p>2 incidents, newest first. <a href="../">All services</a></p>\n'
        '<ul class="pm-incidents">\n'
        '<li><a href="../../incidents/INC-1/">INC-1</a> · 2026-01-05 · SEV2 · '
        "Disk &lt;full&gt; &amp; co <em>(draft)</em></li>\n"
        '<li><a href="../../incidents/INC-2/">INC-2</a> · 2025-12-01 · SEV1 · Minimal incident</li>\n'
        "</ul>"
    )


def test_term_page_description_of_one_incident() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    assert '"description": "1 incident"\n' in pages["postmortems/services/api.md"].content


def test_incident_page_is_front_matter_and_an_html_document() -> None:
    """MkDocs converts the front matter alone; the body is HTML from the template, with the
    title as the page's heading and the escaping Jinja does."""
    s = settings()
    newer, _, archive = two_incidents(s)
    page = renderer(s).incident_page(archive, newer)
    assert page.src_uri == "postmortems/incidents/INC-1.md"
    assert page.in_nav is False
    assert page.incident is newer
    assert page.content == (
        "---\n"
        '"title": "INC-1: Disk &lt;full&gt; &amp; co"\n'
        '"description": "Something broke and was fixed."\n'
        '"tags": ["db", "api", "Data Loss"]\n'
        "---\n"
    )
    body = page.html()
    assert body.startswith('<h1 id="disk-full-co">Disk &lt;full&gt; &amp; co</h1>\n')
    assert '<div class="admonition note">\n<p class="admonition-title">Draft</p>' in body


@pytest.mark.parametrize(("directory_urls", "link"), [(True, "../INC-2/"), (False, "INC-2.html")])
def test_incident_page_recurrence_links(directory_urls: bool, link: str) -> None:
    s = settings(directory_urls=directory_urls)
    newer, _, archive = two_incidents(s)
    body = renderer(s).incident_page(archive, newer).html()
    assert (
        '<ul class="pm-recurrence">\n'
        f'<li><a href="{link}">INC-2</a> (2025-12-01): service db</li>\n</ul>'
    ) in body
    assert '<h2 id="recurrence" data-search-exclude>Recurrence</h2>' in body


def test_incident_page_table_of_contents_and_anchors() -> None:
    s = settings()
    made = incident(
        s,
        id="INC-1",
        timeline=[{"time": "23:50", "event": "Start"}, {"time": "00:12", "event": "Next"}],
        action_items=[{"action": "Fix it", "owner": "sre", "status": "open"}],
    )
    page = renderer(s).incident_page(index([made], s), made)
    tokens = page.document.toc_tokens()
    assert [(t["level"], t["id"]) for t in tokens] == [(1, "minimal-incident")]
    children = [(t["level"], t["id"], t["name"]) for t in tokens[0]["children"]]
    assert children[:3] == [
        (2, "summary", "Summary"),
        (2, "timeline", "Timeline"),
        (2, "action-items", "Action items"),
    ]
    days = [(t["id"], t["name"]) for t in tokens[0]["children"][1]["children"]]
    assert days == [
        ("day-2026-01-05", "Monday 5 January 2026"),
        ("day-2026-01-06", "Tuesday 6 January 2026"),
    ]
    anchors = page.document.anchors()
    assert {"summary", "timeline", "day-2026-01-06", "action-items"} <= anchors


def test_incident_page_as_a_markdown_file() -> None:
    """For builds without the plugin: headings as Markdown with their ids, the rest as raw
    HTML blocks without a blank line (CommonMark would end the block there), and a blank line
    in a code block kept as a character reference."""
    s = settings()
    made = incident(
        s,
        id="INC-1",
        resolution={"mitigation_steps": [{"action": "Restart", "command": "a\n\nb"}]},
    )
    text = renderer(s).incident_page(index([made], s), made).text
    assert text.startswith('---\n"title": "INC-1: Minimal incident"\n')
    assert "\n# Minimal incident { #minimal-incident }\n\n<div" in text
    assert "\n## Summary { #summary }\n\n<p>Something broke and was fixed.</p>\n" in text
    assert "\n### Mitigation steps { #mitigation-steps }\n" in text
    for block in text.split("\n\n")[1:]:
        assert block.strip(), "no empty block"
        assert "\n\n" not in block
    assert "a&#10;\nb" in text or "a</span>&#10;\n" in text


def test_front_matter_is_json_escaped_ascii() -> None:
    """Written as JSON (which YAML reads); ASCII so that U+2028 cannot break a YAML line."""
    meta = {"title": 'Ünï \u2028 "q" <b>', "n": 1, "search": {"exclude": True}, "tags": ["a"]}
    assert front_matter(meta) == (
        "---\n"
        '"title": "\\u00dcn\\u00ef \\u2028 \\"q\\" <b>"\n'
        '"n": 1\n'
        '"search": {"exclude": true}\n'
        '"tags": ["a"]\n'
        "---\n"
    )


def shown(value: Any, kind: str, rules: tuple[tuple[str, str], ...] = ()) -> str:
    """A value as the page templates show it (``shown(kind)``), with the team's ticket rules."""
    template = environment(None, (), rules).from_string("{{ value | shown(kind) }}")
    return template.render(value=value, kind=kind)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (True, "yes"),
        (False, "no"),
        (None, ""),
        (3, "3"),
        (1.5, "1.5"),
        ("2026-01-05", "2026-01-05"),
        ("plain words", "plain words"),
        ("a*b", "a*b"),
        ("1. x", "1. x"),
        ("<b>", "&lt;b&gt;"),
        ("{{ 7*7 }}", "{{ 7*7 }}"),
    ],
)
def test_values_are_shown_as_written(value: object, written: str) -> None:
    assert shown(value, "text") == written


@pytest.mark.parametrize(
    ("value", "rows"),
    [
        (5, [("", 5)]),
        ({}, [("", "{}")]),
        ([], [("", "[]")]),
        (
            {"a": {"b": 1, "c": [1, {"d": 2}]}, "e": [], "f": {}},
            [("a.b", 1), ("a.c[0]", 1), ("a.c[1].d", 2), ("e", "[]"), ("f", "{}")],
        ),
    ],
)
def test_flatten(value: Any, rows: list[tuple[str, Any]]) -> None:
    assert flatten(value) == rows


def test_extensions_flattens_only_x_fields() -> None:
    obj = {"x-team": {"owner": "a"}, "id": "x", "x-list": [1, 2], "x-s": "s"}
    assert extensions(obj) == [
        ("x-team.owner", "a"),
        ("x-list[0]", 1),
        ("x-list[1]", 2),
        ("x-s", "s"),
    ]
    assert extensions("x-string") == []
    assert extensions(["x-a"]) == []


def test_present_keeps_filled_columns_and_adds_x_keys() -> None:
    rows = [{"a": 1}, {"b": 2, "x-z": 3, "x-y": 1}, {"x-z": 4}]
    columns = [("a", "A", "md"), ("c", "C", "md"), ("b", "B", "code")]
    assert present(rows, columns) == [
        ("a", "A", "md"),
        ("b", "B", "code"),
        ("x-z", "x-z", "ext"),
        ("x-y", "x-y", "ext"),
    ]
    assert present([], columns) == []


@pytest.mark.parametrize(
    ("value", "kind", "html"),
    [
        (None, "text", ""),
        ("x`y  z", "code", "<code>x`y z</code>"),
        ("<b>", "code", "<code>&lt;b&gt;</code>"),
        ("https://e.org/a", "link", '<a href="https://e.org/a">https://e.org/a</a>'),
        ("javascript:x", "link", "javascript:x"),
        ([True, "a*b", None], "list", "yes, a*b, —"),
        ({"a": 1, "b": [True]}, "ext", "a: 1<br>b[0]: yes"),
        ("s", "ext", "s"),
        (False, "text", "no"),
    ],
)
def test_values_per_kind(value: Any, kind: str, html: str) -> None:
    assert shown(value, kind) == html


def test_the_environment_is_cached_per_folder_and_listing(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    s = settings(templates_dir=str(folder))
    first, second = renderer(s), renderer(s)
    assert first.env is second.env
    assert environment(str(folder), ()) is environment(str(folder), ())
    assert renderer(settings()).env is renderer(settings()).env
    assert renderer(settings()).env is not first.env


def test_a_template_added_to_the_team_folder_starts_a_new_environment(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    s = settings(templates_dir=str(folder))
    before = renderer(s)
    (folder / "term.html.j2").write_text("<p>Term {{ term.name }}</p>\n", encoding="utf-8")
    after = renderer(s)
    assert after.env is not before.env
    assert renderer(s).env is after.env


def test_a_team_template_replaces_the_bundled_one(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "sub").mkdir(parents=True)
    (folder / "term.html.j2").write_text(
        "<p>Term {{ term.name }}: {{ term.incidents | length }}</p>\n", encoding="utf-8"
    )
    (folder / "incident_list.html.j2").write_text(
        "<ol>{% for i in incidents %}<li>{{ i.title }}</li>{% endfor %}</ol>\n", encoding="utf-8"
    )
    (folder / "sub" / "unused.j2").write_text("", encoding="utf-8")
    s = settings(templates_dir=str(folder))
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    assert pages["postmortems/services/db.md"].html() == "<p>Term db: 2</p>"
    assert (
        pages["postmortems/index.md"]
        .html()
        .endswith(
            '<h2 id="newest-incidents">Newest incidents</h2>\n'
            "<ol><li>Disk &lt;full&gt; &amp; co</li><li>Minimal incident</li></ol>"
        )
    )


@pytest.mark.parametrize("name", ["home.md.j2", "incident.md.j2", "_macros.md.j2"])
def test_a_markdown_template_of_earlier_versions_is_refused(tmp_path: Path, name: str) -> None:
    """Its changes would be lost without a word: every page is HTML now."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / name).write_text("# Postmortems\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{name} is a Markdown page template") as caught:
        renderer(settings(templates_dir=str(folder)))
    page = name.replace(".md.j2", ".html.j2")
    if name.startswith("_"):
        assert f"its macros are in {page}" in str(caught.value)
    else:
        assert f'{{% extends "postmortem/{page}" %}}' in str(caught.value)


def test_assets() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    assets = renderer(s).assets(archive)
    assert [a.src_uri for a in assets] == [
        "postmortems/schema.json",
        "postmortems/charts/incidents-per-month.svg",
        "postmortems/charts/incidents-per-period.svg",
        "postmortems/charts/resolve-time.svg",
        "postmortems/charts/open-action-items.svg",
        "postmortems/charts/time-to-resolve-all-incidents.svg",
        "postmortems/action-items.csv",
        "postmortems/incidents.json",
        "postmortems/patterns.json",
        "postmortems/feed.xml",
        "postmortems/feeds/sev1.xml",
        "postmortems/feeds/sev2.xml",
        "postmortems/feeds/sev3.xml",
        "postmortems/feeds/sev4.xml",
        "postmortems/assets/postmortem.css",
    ]
    assert all(a.content.endswith("\n") for a in assets)


# --- values as written ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rules", "html"),
    [
        ("#1095", (), "#1095"),  # a ticket, never an anchor of the page
        ("JIRA-12", (), "JIRA-12"),
        (
            "https://t.example/i/9",
            (),
            '<a href="https://t.example/i/9">https://t.example/i/9</a>',
        ),
        (
            "JIRA-12",
            (("[A-Z]+-[0-9]+", "https://t.example/browse/{id}"),),
            '<a href="https://t.example/browse/JIRA-12">JIRA-12</a>',
        ),
        (
            "#1095",
            (("#(?P<number>[0-9]+)", "https://git.example/o/r/issues/{number}"),),
            '<a href="https://git.example/o/r/issues/1095">#1095</a>',
        ),
        ("#1095 and more", (("#(?P<number>[0-9]+)", "https://g/{number}"),), "#1095 and more"),
    ],
)
def test_ticket_references(value: str, rules: tuple[tuple[str, str], ...], html: str) -> None:
    assert shown(value, "ticket", rules) == html


def test_link_never_makes_an_anchor_of_a_value() -> None:
    assert shown("#1095", "link") == "#1095"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (12, "12"),
        ("about 80%", "about 80%"),
        ({"min": 40, "max": 50, "unit": "%"}, "40–50 %"),
        (
            {"value": 1200, "approximate": True, "note": "from the dashboard"},
            "~1,200 (from the dashboard)",
        ),
        ({"at_least": 5000000}, "at least 5,000,000"),
    ],
)
def test_figures_are_shown_as_written(value: Any, written: str) -> None:
    assert shown(value, "figure") == written


@pytest.mark.parametrize(
    ("value", "html"),
    [
        ("~07:15 PST", "~07:15 PST"),
        ({"at": "07:01", "until": "07:15", "zone": "PST"}, "07:01–07:15 PST"),
        ({"at": "07:01", "approximate": True}, "~07:01"),
        ({"precision": "none", "note": "x"}, 'unknown<br><span class="pm-note">x</span>'),
    ],
)
def test_moments_are_shown_as_written(value: Any, html: str) -> None:
    assert shown(value, "moment") == html


def test_an_unrated_exercise_page_says_what_it_is() -> None:
    s = settings()
    made = incident(
        s,
        severity="unrated",
        exercise={"kind": "drill", "note": "Failover drill."},
        timeline=[{"time": "23:50", "event": "Start"}, {"time": "00:12", "event": "Next day"}],
    )
    page = renderer(s).incident_page(index([made], s), made).html()
    assert '<p class="admonition-title">Exercise: Drill (drill)</p>' in page
    assert "<p>Failover drill.</p>" in page
    assert 'pm-sev-unrated"' in page and ">not rated</span>" in page
    assert "Not rated (written as <code>unrated</code>: no level was stated)" in page
    assert "Read as the next day: a time after midnight, written without a date." in page
    assert (
        '<time datetime="2026-01-06T00:12:00+00:00" title="Read as 2026-01-06 00:12 UTC; the next '
        'day: after midnight, no date written"'
    ) in page


def test_the_archive_home_groups_unrated_incidents_apart() -> None:
    s = settings()
    made = [incident(s, id="A", severity="unrated"), incident(s, id="B", severity="SEV1")]
    archive = index(made, s)
    assert [i.id for i in archive.unrated] == ["A"]
    assert "A" not in [i.id for group in archive.by_severity.values() for i in group]
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    assert '<td><a href="unrated/">Not rated</a></td>' in pages["postmortems/index.md"].html()
    assert '<h1 id="not-rated">Not rated</h1>' in pages["postmortems/unrated.md"].html()
    assert "\n# Not rated { #not-rated }\n" in pages["postmortems/unrated.md"].text
    assert "postmortems/severity/unrated.md" not in pages


# --- the navigation section and the Browse page -----------------------------------------------


def browse_archive(s: Settings) -> ArchiveIndex:
    """Two incidents in every taxonomy, one unrated, built as a preview (a changes page)."""
    from mkdocs_postmortem.insights.changes import ChangeSet

    made = [
        incident(
            s,
            id="A",
            severity="SEV1",
            services=["db", "api"],
            tags=["disk"],
            environment="production",
            contributing_factors=[{"factor": "Too small.", "category": "capacity"}],
            source={"organisation": "Acme"},
        ),
        incident(s, id="B", severity="unrated", date="2025-02-01", services=["db"]),
    ]
    archive = index(made, s)
    archive.changes = ChangeSet(ref="main", error="no git here")
    return archive


def test_only_the_six_pages_of_the_nav_section_are_in_the_nav() -> None:
    from mkdocs_postmortem.render.addresses import Paths

    s = settings()
    pages = renderer(s).index_pages(browse_archive(s), in_nav=True)
    in_nav = [p.src_uri for p in pages if p.in_nav]
    assert len(in_nav) == 6
    assert set(in_nav) == set(Paths("postmortems").in_nav)


def test_browse_links_every_index_page_out_of_the_nav() -> None:
    from mkdocs_postmortem.render.addresses import Paths, href

    s = settings()
    paths = Paths("postmortems")
    archive = browse_archive(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    terms = {
        paths.term(taxonomy.key, term)
        for taxonomy in archive.taxonomies.values()
        for term in taxonomy.terms
    }
    left_out = {src for src, p in pages.items() if not p.in_nav and src not in terms}
    assert left_out == {
        *(f"postmortems/severity/sev{n}.md" for n in range(1, 5)),
        "postmortems/unrated.md",
        *(f"postmortems/{key}/index.md" for key in paths.browse_taxonomies),
        "postmortems/similar.md",
        "postmortems/fields.md",
        "postmortems/changes.md",
    }
    browse = pages[paths.browse].html()
    for src in left_out:
        assert f'<a href="{href(paths.browse, src, True)}">' in browse, src
    assert 'class="pm-incidents"' not in browse  # the indexes, not the incidents


def test_browse_shows_labels_and_counts() -> None:
    from mkdocs_postmortem.render.addresses import Paths

    s = settings()
    pages = renderer(s).index_pages(browse_archive(s), in_nav=True)
    page = next(p for p in pages if p.src_uri == "postmortems/browse.md")
    assert page.content == (
        '---\n"title": "Browse"\n"description": "Every index of the postmortem archive"\n'
        '"search": {"exclude": true}\n---\n'
    )
    browse = page.html()
    assert browse.startswith('<h1 id="browse">Browse</h1>\n')
    assert '<td><a href="../severity/sev1/">Critical</a></td>\n<td>1</td>' in browse
    assert '<td><a href="../severity/sev2/">Major</a></td>\n<td>0</td>' in browse
    assert '<td><a href="../unrated/">Not rated</a></td>\n<td>1</td>' in browse
    services = (
        '<td><a href="../services/">Services</a></td>\n'
        "<td>Incidents by affected service.</td>\n<td>2 services</td>"
    )
    assert services in browse
    assert "<td>1 category</td>" in browse and "<td>1 organisation</td>" in browse
    assert "<td>2 years</td>" in browse
    order = [browse.index(f'<a href="../{key}/">') for key in Paths.browse_taxonomies]
    assert order == sorted(order)  # by service, contributing factor, tag, environment...
    assert '<li><a href="../changes/">Changes in this preview</a>' in browse


def test_browse_leaves_out_pages_the_archive_does_not_have() -> None:
    s = settings()
    *_, archive = two_incidents(s)  # every incident rated, no comparison
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    browse = pages["postmortems/browse.md"].html()
    assert "../unrated/" not in browse and "../changes/" not in browse
    assert "postmortems/unrated.md" not in pages and "postmortems/changes.md" not in pages
    assert '<li><a href="../similar/">Possible relations</a>' in browse
    assert '<li><a href="../fields/">Postmortem fields</a>' in browse


def test_the_archive_home_links_browse() -> None:
    s = settings(prefix="ops/pm")
    home = renderer(s).index_pages(index([], s), in_nav=True)[0]
    assert home.src_uri == "ops/pm/index.md"
    assert '<p><a href="browse/">Browse</a> the archive by service' in home.html()


# --- links, overdue marks and diagrams ---------------------------------------------------------


def test_an_incident_page_marks_overdue_items_as_the_ledger_does() -> None:
    """Against the same date (AS_OF), by the same rule: a whole due period past, still open."""
    s = settings()
    late = incident(
        s,
        action_items=[
            {"action": "Late fix", "status": "open", "due": "2026-01-31"},
            {"action": "Late quarter", "status": "in-progress", "due": "2026-Q1"},
            {"action": "Not yet", "status": "open", "due": "2026-06"},
            {"action": "Done late", "status": "done", "due": "2025-12-01"},
            {"action": "Status unknown", "due": "2025-12-01"},
        ],
    )
    archive = index([late], s)
    assert archive.ledger is not None
    overdue_on_ledger = {i.data["action"] for i in archive.ledger.overdue}
    assert overdue_on_ledger == {"Late fix", "Late quarter"}
    body = renderer(s).incident_page(archive, late).html()
    rows = body[body.index('<table class="pm-action-items">') :].split("</tr>")[1:-1]
    marked = {row.split("<td>")[1].split("<")[0] for row in rows if "pm-overdue-mark" in row}
    assert marked == overdue_on_ledger
    assert f'still open on {archive.ledger.as_of}">overdue</span>' in body
    assert body.count('<tr class="pm-overdue">') == 2


def test_the_ledger_links_an_actions_targets_for_its_own_page() -> None:
    """Written relative to the YAML file (docs/postmortems/), shown in the HTML table of
    ops/archive/action-items/: each link made for that page as the incident page makes it (a
    missing target is reported once, at the YAML line, by the core), code left as code."""
    s = settings(prefix="ops/archive")
    made = incident(
        s,
        action_items=[
            {
                "action": "Follow [the runbook](../runbooks/db.md#steps), see [INC-0](inc-0.yaml), "
                "fix [the typo](../runbooks/gone.md) and `keep [code](x.md)`",
                "status": "open",
            }
        ],
    )
    older = incident(s, id="INC-0", date="2025-01-01")
    archive = index([made, older], s)
    r = renderer(s)
    r.prepare(archive)
    ledger = {p.src_uri: p for p in r.index_pages(archive, in_nav=True)}[
        "ops/archive/action-items.md"
    ]
    action = ledger.html()
    assert (
        'Follow <a href="../../../runbooks/db/#steps">the runbook</a>, see '
        '<a href="../incidents/INC-0/">INC-0</a>, fix <a href="../../../runbooks/gone/">the '
        "typo</a> and <code>keep [code](x.md)</code>"
    ) in action, action


def test_links_on_markdown_pages_are_kept_when_the_site_is_not_known() -> None:
    s = settings()
    made = incident(s, action_items=[{"action": "[r](../r.md)", "status": "open"}])
    archive = index([made], s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    assert '<a href="../../r/">r</a>' in pages["postmortems/action-items.md"].html()


@pytest.mark.parametrize("diagrams", [True, False])
def test_mermaid_is_written_only_where_the_site_draws_it(diagrams: bool) -> None:
    """With ``family_diagrams: mermaid``; on a theme without Mermaid the table alone."""
    s = settings(diagrams=diagrams, family_diagrams="mermaid")
    *_, archive = two_incidents(s)
    related = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}[
        "postmortems/related.md"
    ]
    body = related.html()
    assert ('<pre class="mermaid">' in body) is diagrams
    assert ("flowchart LR" in body) is diagrams
    assert "<th>From</th><th>Relation</th><th>To</th>" in body  # the relations' table either way
    assert ("Arrows read" in body) is diagrams
    assert "<svg" not in body


@pytest.mark.parametrize("diagrams", [True, False])
def test_the_related_page_draws_each_family_as_svg_on_every_theme(diagrams: bool) -> None:
    """The default: drawn at build time whatever the theme, no Mermaid source, the table
    kept under the drawing."""
    s = settings(diagrams=diagrams)
    *_, archive = two_incidents(s)
    related = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}[
        "postmortems/related.md"
    ]
    body = related.html()
    assert body.count('<figure class="pm-family"><svg xmlns="http://www.w3.org/2000/svg"') == 1
    assert "mermaid" not in body and "flowchart" not in body
    assert body.index("</svg></figure>") < body.index("<th>From</th><th>Relation</th>")
    drawing = body.split("<svg", 1)[1].split("</svg>")[0]
    assert '<a style="color:inherit" xlink:href="../incidents/INC-1/">' in drawing
    assert "Arrows read" in body


@pytest.mark.parametrize(
    ("theme", "scripts", "draws"),
    [
        ("material", (), True),
        ({"name": "material", "features": []}, (), True),
        ("mkdocs", (), False),
        ({"name": "readthedocs"}, (), False),
        (None, (), False),
        ("mkdocs", ("js/mermaid.min.js",), True),
        ("readthedocs", ({"path": "assets/Mermaid.esm.mjs", "type": "module"},), True),
        ("mkdocs", ("js/extra.js",), False),
    ],
)
def test_which_sites_draw_diagrams(theme: object, scripts: tuple[object, ...], draws: bool) -> None:
    assert draws_diagrams(theme, scripts) is draws


def test_the_ledger_and_field_tables_convert_their_free_text() -> None:
    """Their rows grow with the archive and the schema: HTML that MkDocs copies, with only the
    free text in their cells converted (an action, a schema's description)."""
    s = settings()
    made = incident(s, action_items=[{"action": "Add `pool` metrics", "status": "open"}])
    pages = {p.src_uri: p for p in renderer(s).index_pages(index([made], s), in_nav=True)}
    for src, header in (
        ("postmortems/action-items.md", "<th>Incident</th><th>Action</th><th>Priority</th>"),
        ("postmortems/fields.md", "<th>Field</th><th>Title</th><th>Type</th>"),
    ):
        assert header in pages[src].html(), src
    assert "Add <code>pool</code> metrics" in pages["postmortems/action-items.md"].html()
    fields = pages["postmortems/fields.md"].html()
    assert "one of: <code>SEV1</code>, <code>SEV2</code>" in fields
