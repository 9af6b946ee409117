"""Pages rendered from an in-memory archive index, without MkDocs: which pages, in which
order, with front matter and HTML fragments; the template helpers; the template cache."""

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
from mkdocs_postmortem.render.fragments import FRAGMENT
from mkdocs_postmortem.render.pages import (
    GeneratedPage,
    Renderer,
    cell_value,
    display,
    environments,
    extensions,
    flatten,
    front_matter,
    present,
    ticket_link,
)

P0, P1 = FRAGMENT.format(0), FRAGMENT.format(1)


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
    ("postmortems/severity/sev1.md", True),
    ("postmortems/severity/sev2.md", True),
    ("postmortems/severity/sev3.md", True),
    ("postmortems/severity/sev4.md", True),
    ("postmortems/related.md", True),
    ("postmortems/fields.md", True),
    ("postmortems/health.md", True),
    ("postmortems/metrics.md", True),
    ("postmortems/action-items.md", True),
    ("postmortems/similar.md", True),
    ("postmortems/services/index.md", True),
    ("postmortems/services/db.md", False),
    ("postmortems/services/api.md", False),
    ("postmortems/tags/index.md", True),
    ("postmortems/tags/data-loss.md", False),
    ("postmortems/categories/index.md", True),
    ("postmortems/categories/capacity-issue.md", False),
    ("postmortems/environments/index.md", True),
    ("postmortems/environments/production.md", False),
    ("postmortems/years/index.md", True),
    ("postmortems/years/2026.md", False),
    ("postmortems/years/2025.md", False),
    ("postmortems/organisations/index.md", True),
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
        "ops/pm/severity/sev1.md",
        "ops/pm/severity/sev2.md",
        "ops/pm/severity/sev3.md",
        "ops/pm/severity/sev4.md",
        "ops/pm/related.md",
        "ops/pm/fields.md",
        "ops/pm/health.md",
        "ops/pm/metrics.md",
        "ops/pm/action-items.md",
        "ops/pm/similar.md",
        "ops/pm/services/index.md",
        "ops/pm/tags/index.md",
        "ops/pm/categories/index.md",
        "ops/pm/environments/index.md",
        "ops/pm/years/index.md",
        "ops/pm/organisations/index.md",
    ]


def test_home_page_front_matter_and_fragment() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    home = renderer(s).index_pages(archive, in_nav=True)[0]
    assert home.content.startswith(
        '---\n"title": "Postmortems"\n"description": "Incident postmortem archive"\n---\n'
        "\n# Postmortems\n\n2 incidents in the archive.\n"
    )
    assert home.content.endswith(f"## Newest incidents\n\n{P0}\n")
    assert home.fragments == (
        '<ul class="pm-incidents">\n'
        '<li><a href="incidents/inc-1/">INC-1</a> · 2026-01-05 · SEV2 · '
        "Disk &lt;full&gt; &amp; co <em>(draft)</em></li>\n"
        '<li><a href="incidents/inc-2/">INC-2</a> · 2025-12-01 · SEV1 · Minimal incident</li>\n'
        "</ul>",
    )


@pytest.mark.parametrize(
    ("directory_urls", "link"),
    [(True, "../../incidents/inc-2/"), (False, "../incidents/inc-2.html")],
)
def test_fragment_links_follow_the_url_style(directory_urls: bool, link: str) -> None:
    """Fragments are HTML that MkDocs leaves alone: links are made with ``href``."""
    s = settings(directory_urls=directory_urls)
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    sev1 = pages["postmortems/severity/sev1.md"]
    assert sev1.content.endswith(
        f"1 incident, newest first. [All severities](../index.md#by-severity)\n\n{P0}\n"
    )
    assert sev1.fragments == (
        f'<ul class="pm-incidents">\n<li><a href="{link}">INC-2</a> · 2025-12-01 · '
        "Minimal incident</li>\n</ul>",
    )


def test_related_page_has_two_fragments_in_order() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    related = pages["postmortems/related.md"]
    assert related.content.endswith(f"```\n\n{P0}\n\n{P1}\n")
    assert related.fragments[0] == (
        "<table>\n<thead><tr><th>From</th><th>Relation</th><th>To</th></tr></thead>\n<tbody>\n"
        '<tr><td><a href="../incidents/inc-2/">INC-2</a></td><td>caused</td>'
        '<td><a href="../incidents/inc-1/">INC-1</a></td></tr>\n</tbody>\n</table>'
    )
    assert related.fragments[1].startswith(
        '<ul class="pm-incidents">\n<li><a href="../incidents/inc-1/">'
    )


def test_term_page_content() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    assert pages["postmortems/services/db.md"].content == (
        '---\n"title": "Service: db"\n"description": "2 incidents"\n"search": {"exclude": true}\n'
        f"---\n\n# Service: db\n\n2 incidents, newest first. [All services](index.md)\n\n{P0}\n"
    )


def test_term_page_description_of_one_incident() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    assert '"description": "1 incident"\n' in pages["postmortems/services/api.md"].content


def test_incident_page_front_matter_and_recurrence_fragment() -> None:
    s = settings()
    newer, _, archive = two_incidents(s)
    page = renderer(s).incident_page(archive, newer)
    assert page.src_uri == "postmortems/incidents/inc-1.md"
    assert page.in_nav is False
    assert page.incident is newer
    assert page.content.startswith(
        "---\n"
        '"title": "INC-1: Disk &lt;full&gt; &amp; co"\n'
        '"description": "Something broke and was fixed."\n'
        '"tags": ["db", "api", "Data Loss"]\n'
        '---\n\n# Disk &lt;full&gt; &amp; co\n\n!!! note "Draft"\n'
    )
    assert f"newest first.\n\n{P0}\n" in page.content
    assert page.fragments == (
        '<ul class="pm-recurrence">\n'
        '<li><a href="../inc-2/">INC-2</a> (2025-12-01): service db</li>\n</ul>',
    )


def test_incident_page_fragment_links_without_directory_urls() -> None:
    s = settings(directory_urls=False)
    newer, _, archive = two_incidents(s)
    page = renderer(s).incident_page(archive, newer)
    assert page.fragments == (
        '<ul class="pm-recurrence">\n'
        '<li><a href="inc-2.html">INC-2</a> (2025-12-01): service db</li>\n</ul>',
    )


def test_incident_page_text_splices_after_a_code_span_at_line_start() -> None:
    s = settings()
    newer = incident(s, id="INC-1", services=["db"], summary="```x``` broke things")
    older = incident(s, id="INC-2", date="2025-12-01", services=["db"])
    page = renderer(s).incident_page(index([newer, older], s), newer)
    assert P0 not in page.text
    assert page.fragments[0] in page.text


def test_generated_page_text_and_html() -> None:
    page = GeneratedPage(
        "p/index.md",
        f"# T\n\n{P0}\n\n    {P1}\n",
        True,
        fragments=("<ul>\n<li>a</li>\n</ul>", "<b>x</b>"),
    )
    assert page.text == "# T\n\n<ul>\n<li>a</li>\n</ul>\n\n    <b>x</b>\n"
    converted = f"<h1>T</h1>\n{P0}\n<p>after</p>\n{P1}"
    assert page.html(converted) == "<h1>T</h1>\n<ul>\n<li>a</li>\n</ul>\n<p>after</p>\n<b>x</b>"


def test_generated_page_without_fragments_is_its_content() -> None:
    page = GeneratedPage("p/x.md", f"a\n{P0}\n", False)
    assert page.text == f"a\n{P0}\n"
    assert page.html(f"<p>a</p>\n{P0}") == f"<p>a</p>\n{P0}"


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


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "yes"),
        (False, "no"),
        (None, "—"),
        (3, "3"),
        (1.5, "1.5"),
        ("2026-01-05", "2026-01-05"),
        ("plain words", "plain words"),
        ("a*b", "a\\*b"),
        ("1. x", "1\\. x"),
        ("<b>", "&lt;b&gt;"),
    ],
)
def test_display(value: object, shown: str) -> None:
    assert display(value) == shown


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
    ("value", "kind", "shown"),
    [
        (None, "md", ""),
        (None, "text", ""),
        ("a|b\nc", "md", "a\\|b<br>c"),
        (0, "md", "0"),
        ("x`y", "code", "``x`y``"),
        ("https://e.org/a", "link", "[https://e.org/a](https://e.org/a)"),
        ("javascript:x", "link", "javascript:x"),
        ([True, "a*b", None], "list", "yes, a\\*b, —"),
        ({"a": 1, "b": [True]}, "ext", "a: 1<br>b\\[0\\]: yes"),
        ("s", "ext", "s"),
        (False, "text", "no"),
        ("x*y", "text", "x\\*y"),
    ],
)
def test_cell_value_per_kind(value: Any, kind: str, shown: str) -> None:
    assert cell_value(value, kind) == shown


def test_environments_are_cached_per_folder_and_listing(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    s = settings(templates_dir=str(folder))
    first, second = renderer(s), renderer(s)
    assert first.env is second.env and first.html_env is second.html_env
    assert environments(str(folder), ()) is environments(str(folder), ())
    assert renderer(settings()).env is renderer(settings()).env
    assert renderer(settings()).env is not first.env


def test_a_template_added_to_the_team_folder_starts_new_environments(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    s = settings(templates_dir=str(folder))
    before = renderer(s)
    (folder / "term.md.j2").write_text("Term {{ term.name }}\n", encoding="utf-8")
    after = renderer(s)
    assert after.env is not before.env and after.html_env is not before.html_env
    assert renderer(s).env is after.env


def test_a_team_template_overrides_the_bundled_one(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "sub").mkdir(parents=True)
    (folder / "term.md.j2").write_text(
        "Term {{ term.name | text }}: {{ term.incidents | length }}\n", encoding="utf-8"
    )
    (folder / "incident_list.html.j2").write_text(
        "<ol>{% for i in incidents %}<li>{{ i.title }}</li>{% endfor %}</ol>\n", encoding="utf-8"
    )
    (folder / "sub" / "unused.j2").write_text("", encoding="utf-8")
    s = settings(templates_dir=str(folder))
    *_, archive = two_incidents(s)
    pages = {p.src_uri: p for p in renderer(s).index_pages(archive, in_nav=True)}
    assert pages["postmortems/services/db.md"].content == "Term db: 2\n"
    assert pages["postmortems/index.md"].fragments == (
        "<ol><li>Disk &lt;full&gt; &amp; co</li><li>Minimal incident</li></ol>",
    )


def test_assets() -> None:
    s = settings()
    *_, archive = two_incidents(s)
    assets = renderer(s).assets(archive)
    assert [a.src_uri for a in assets] == [
        "postmortems/schema.json",
        "postmortems/charts/incidents-per-month.svg",
        "postmortems/charts/resolve-time.svg",
        "postmortems/charts/open-action-items.svg",
        "postmortems/action-items.csv",
        "postmortems/incidents.json",
        "postmortems/assets/postmortem.css",
    ]
    assert all(a.content.endswith("\n") for a in assets)


# --- values as written ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rules", "shown"),
    [
        ("#1095", (), "\\#1095"),  # a ticket, never an anchor of the page
        ("JIRA-12", (), "JIRA-12"),
        ("https://t.example/i/9", (), "[https://t.example/i/9](https://t.example/i/9)"),
        (
            "JIRA-12",
            (("[A-Z]+-[0-9]+", "https://t.example/browse/{id}"),),
            "[JIRA-12](https://t.example/browse/JIRA-12)",
        ),
        (
            "#1095",
            (("#(?P<number>[0-9]+)", "https://git.example/o/r/issues/{number}"),),
            "[\\#1095](https://git.example/o/r/issues/1095)",
        ),
        ("#1095 and more", (("#(?P<number>[0-9]+)", "https://g/{number}"),), "\\#1095 and more"),
    ],
)
def test_ticket_references(value: str, rules: tuple[tuple[str, str], ...], shown: str) -> None:
    assert ticket_link(value, rules) == shown
    assert cell_value(value, "ticket", rules) == shown


def test_link_never_makes_an_anchor_of_a_value() -> None:
    assert cell_value("#1095", "link") == "\\#1095"


@pytest.mark.parametrize(
    ("value", "shown"),
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
def test_figures_are_shown_as_written(value: Any, shown: str) -> None:
    assert cell_value(value, "figure") == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("~07:15 PST", "~07:15 PST"),
        ({"at": "07:01", "until": "07:15", "zone": "PST"}, "07:01–07:15 PST"),
        ({"at": "07:01", "approximate": True}, "~07:01"),
        ({"precision": "none", "note": "x"}, "unknown<br>x"),
    ],
)
def test_moments_are_shown_as_written(value: Any, shown: str) -> None:
    assert cell_value(value, "moment") == shown


def test_an_unrated_exercise_page_says_what_it_is() -> None:
    s = settings()
    made = incident(
        s,
        severity="unrated",
        exercise={"kind": "drill", "note": "Failover drill."},
        timeline=[{"time": "23:50", "event": "Start"}, {"time": "00:12", "event": "Next day"}],
    )
    page = renderer(s).incident_page(index([made], s), made).text
    assert '!!! info "Exercise: Drill (drill)"' in page
    assert "Failover drill." in page
    assert 'pm-sev-unrated"' in page and ">not rated</span>" in page
    assert "Not rated (written as `unrated`: no level was stated)" in page
    assert "| 00:12 *(2026-01-06, inferred)* | Next day |" in page


def test_the_archive_home_groups_unrated_incidents_apart() -> None:
    s = settings()
    made = [incident(s, id="A", severity="unrated"), incident(s, id="B", severity="SEV1")]
    archive = index(made, s)
    assert [i.id for i in archive.unrated] == ["A"]
    assert "A" not in [i.id for group in archive.by_severity.values() for i in group]
    pages = {p.src_uri: p.text for p in renderer(s).index_pages(archive, in_nav=True)}
    assert "[Not rated](unrated.md)" in pages["postmortems/index.md"]
    assert "# Not rated" in pages["postmortems/unrated.md"]
    assert "postmortems/severity/unrated.md" not in pages
