"""A team overrides one block of a page with a small template that extends the bundled one,
named through the ``postmortem/`` prefix: the block's new content is on the page and the rest
of the page is as the bundled template makes it, for every page kind."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.schema import effective_schema
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.validate import SchemaValidator
from mkdocs_postmortem.insights.changes import ChangeSet
from mkdocs_postmortem.insights.index import ArchiveIndex
from mkdocs_postmortem.insights.patterns import build_patterns
from mkdocs_postmortem.render.addresses import Paths
from mkdocs_postmortem.render.generated import GeneratedPage
from mkdocs_postmortem.render.index_pages import index_pages
from mkdocs_postmortem.render.pages import Renderer
from mkdocs_postmortem.render.templating import BUNDLED

INCIDENT = "postmortems/incidents/A.md"

BLOCKS = [
    ("incident.html.j2", INCIDENT, "summary"),
    ("incident.html.j2", INCIDENT, "key_facts"),
    ("incident.html.j2", INCIDENT, "action_items"),
    ("incident.html.j2", INCIDENT, "relations"),
    ("incident.html.j2", INCIDENT, "record"),
    ("home.html.j2", "postmortems/index.md", "newest"),
    ("browse.html.j2", "postmortems/browse.md", "by_topic"),
    ("severity.html.j2", "postmortems/severity/sev1.md", "incidents"),
    ("taxonomy.html.j2", "postmortems/services/index.md", "terms"),
    ("term.html.j2", "postmortems/services/db.md", "incidents"),
    ("related.html.j2", "postmortems/related.md", "families"),
    ("similar.html.j2", "postmortems/similar.md", "intro"),
    ("patterns.html.j2", "postmortems/patterns.md", "changed"),
    ("action_items.html.j2", "postmortems/action-items.md", "by_owner"),
    ("health.html.j2", "postmortems/health.md", "summary"),
    ("changes.html.j2", "postmortems/changes.md", "changes"),
    ("fields.html.j2", "postmortems/fields.md", "intro"),
]
"""(template, page, block): a block of every page kind, one that has content here."""


def archive(s: Settings) -> ArchiveIndex:
    """Two related incidents in every taxonomy, one unrated, with an action item, built as a
    preview (a changes page)."""
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
            related_incidents=[{"id": "B", "type": "caused-by"}],
            action_items=[{"action": "Grow the disk", "owner": "sre", "status": "open"}],
        ),
        incident(s, id="B", severity="unrated", date="2025-02-01", services=["db"]),
    ]
    built = index(made, s)
    built.changes = ChangeSet(ref="main", error="no git here")
    return built


@functools.cache
def validator() -> SchemaValidator:
    """The bundled schema, compiled once for the module."""
    return SchemaValidator.compiled(effective_schema(settings()))


def rendered(folder: Path | None) -> dict[str, GeneratedPage]:
    """Every page of the archive, with the team's templates of ``folder``."""
    s = settings(templates_dir=str(folder) if folder else None)
    renderer = Renderer.for_settings(s, validator())
    built = archive(s)
    renderer.prepare(built)
    pages = renderer.index_pages(built, in_nav=True)
    pages.append(renderer.incident_page(built, built.by_slug["a"]))
    return {p.src_uri: p for p in pages}


@functools.cache
def bundled_pages() -> dict[str, GeneratedPage]:
    return rendered(None)


def templates_of_pages() -> dict[str, str]:
    """The template of each page."""
    s = settings()
    built = archive(s)
    found = index_pages(
        Paths("postmortems"), built, validator().schema, None, build_patterns(built), {}
    )
    kinds = {p.src: p.template for p in found}
    return {**kinds, INCIDENT: "incident.html.j2"}


def team(tmp_path: Path, name: str, body: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    return folder


def override(template: str, block: str, content: str) -> str:
    """A team template overriding one block of the bundled one."""
    return (
        f'{{% extends "{BUNDLED}/{template}" %}}\n'
        f"{{% block {block} %}}\n{content}\n{{% endblock %}}\n"
    )


@pytest.mark.parametrize(("template", "src", "block"), BLOCKS)
def test_a_team_overrides_one_block_and_keeps_the_rest(
    tmp_path: Path, template: str, src: str, block: str
) -> None:
    bundled = bundled_pages()[src]
    # The block as the bundled template makes it, marked: super() is the bundled block.
    marked_folder = team(tmp_path / "marked", template, override(template, block, MARKED))
    marked = rendered(marked_folder)[src]
    assert "<!--start-->" in marked.html(), "the block is on the page"
    assert unmarked(marked.html()) == bundled.html()
    assert marked.content == bundled.content
    # The block replaced: its new content in its place, the rest of the page unchanged.
    ours = team(tmp_path / "ours", template, override(template, block, "<p>Ours &amp; only</p>"))
    pages = rendered(ours)
    page = pages[src]
    before, rest = marked.html().split("<!--start-->")
    _, after = rest.split("<!--end-->")
    assert lines(page.html()) == lines(before + "\n<p>Ours &amp; only</p>\n" + after)
    assert page.content == bundled.content
    # Pages of other kinds are as the bundled templates make them.
    kinds = templates_of_pages()
    others = {k: p.html() for k, p in pages.items() if kinds[k] != template}
    assert others == {k: p.html() for k, p in bundled_pages().items() if kinds[k] != template}
    assert len(others) < len(kinds)


MARKED = "<!--start-->\n{{ super() }}\n<!--end-->"


def unmarked(body: str) -> str:
    return body.replace("<!--start-->\n", "").replace("\n<!--end-->", "")


def lines(body: str) -> list[str]:
    """The page's lines: a page leaves no blank line between its elements."""
    return [line for line in body.split("\n") if line]


def test_a_block_override_adds_headings_to_the_outline(tmp_path: Path) -> None:
    folder = team(
        tmp_path,
        "incident.html.j2",
        override(
            "incident.html.j2",
            "summary",
            '{{ heading(2, "What happened") }}\n{{ d.summary | md }}\n<p>{{ d.title }}</p>',
        ),
    )
    page = rendered(folder)[INCIDENT]
    body = page.html()
    assert (
        '<h2 id="what-happened">What happened</h2>\n<p>Something broke and was fixed.</p>' in body
    )
    assert '<h2 id="summary">' not in body
    children = [t["id"] for t in page.document.toc_tokens()[0]["children"]]
    assert children[0] == "what-happened"
    assert "what-happened" in page.document.anchors()


def test_the_meta_block_sets_the_front_matter(tmp_path: Path) -> None:
    folder = team(
        tmp_path,
        "home.html.j2",
        override(
            "home.html.j2",
            "meta",
            '{{ page_meta(title="Our <incidents>", description="Ours", search={"exclude": true}) }}',
        ),
    )
    home = rendered(folder)["postmortems/index.md"]
    assert home.content == (
        '---\n"title": "Our &lt;incidents&gt;"\n"description": "Ours"\n'
        '"search": {"exclude": true}\n---\n'
    )


def test_the_prefix_always_names_the_bundled_template(tmp_path: Path) -> None:
    """A team file under a folder named like the prefix never shadows the bundled template."""
    folder = team(tmp_path, "home.html.j2", override("home.html.j2", "title", "<p>Ours</p>"))
    (folder / BUNDLED).mkdir()
    (folder / BUNDLED / "home.html.j2").write_text("<p>never read</p>\n", encoding="utf-8")
    home = rendered(folder)["postmortems/index.md"].html()
    assert home.startswith("<p>Ours</p>\n<p>2 incidents in the archive.</p>")
    assert "never read" not in home


def test_macros_of_the_bundled_template_serve_a_block_override(tmp_path: Path) -> None:
    """A block override calls the bundled template's macros (`m`, `term_chips`) and sees its
    values, as the block it replaces does."""
    folder = team(
        tmp_path,
        "incident.html.j2",
        override(
            "incident.html.j2",
            "key_facts",
            '<p class="ours">{{ m.severity_badge(incident.severity) }} '
            '{{ term_chips("services", d.services) }}</p>',
        ),
    )
    body = rendered(folder)[INCIDENT].html()
    assert '<p class="ours"><span class="pm-badge pm-sev pm-sev-0"' in body
    assert '<a class="pm-chip" href="../../services/db/">db</a>' in body


def test_the_example_of_the_configuration_reference_works(tmp_path: Path) -> None:
    """docs/configuration.md shows a templates folder of two block overrides: it does what
    the page says."""
    from sites import ROOT

    page = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    found = re.findall(r'```jinja title="overrides/postmortem/([^"]+)"\n(.*?)```', page, re.S)
    assert sorted(name for name, _ in found) == ["home.html.j2", "incident.html.j2"]
    folder = tmp_path / "overrides" / "postmortem"
    folder.mkdir(parents=True)
    for name, body in found:
        (folder / name).write_text(body, encoding="utf-8")
    pages = rendered(folder)
    bundled = bundled_pages()
    incident_body = pages[INCIDENT].html()
    assert "the team's runbooks</a>" in incident_body
    summary = incident_body.split('<h2 id="summary">Summary</h2>\n')[1]
    assert summary.startswith('<p>Something broke and was fixed.</p>\n<p class="pm-note">')
    home = pages["postmortems/index.md"]
    assert home.html().startswith('<h1 id="payments-incidents">Payments incidents</h1>\n')
    assert home.content.startswith('---\n"title": "Payments incidents"\n')
    assert lines(home.html())[1:] == lines(bundled["postmortems/index.md"].html())[1:]


def test_a_heading_left_out_of_the_page_is_left_out_of_its_outline(tmp_path: Path) -> None:
    """A block that captures the bundled block and drops it places none of its headings."""
    folder = team(
        tmp_path,
        "incident.html.j2",
        override("incident.html.j2", "summary", "{% set dropped = super() %}<p>Ours</p>"),
    )
    page = rendered(folder)[INCIDENT]
    ids = [t["id"] for t in page.document.toc_tokens()[0]["children"]]
    bundled = [t["id"] for t in bundled_pages()[INCIDENT].document.toc_tokens()[0]["children"]]
    assert "summary" in bundled and ids == [i for i in bundled if i != "summary"]
    assert "summary" not in page.document.anchors()
    assert lines(page.html()) == [
        "<p>Ours</p>" if line == '<h2 id="summary">Summary</h2>' else line
        for line in lines(bundled_pages()[INCIDENT].html())
        if line != "<p>Something broke and was fixed.</p>"
    ]
