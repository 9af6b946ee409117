"""Script injection through postmortem text: a site built from postmortems that carry a payload in
every text field (tests/payloads.py) is compared, page by page, with the same site built from
harmless text. Nothing a postmortem says may add a script, an event handler, a script URL or
embedded content to any page, search index entry or export; every payload is shown as text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from payloads import (
    FIRST,
    FORMULAS,
    PAYLOADS,
    SECOND,
    SECOND_TITLE,
    TABLE_CELL,
    TITLE,
    Archive,
    filled_paths,
    payload_archive,
    payload_incident,
    validator,
)
from sites import PLAIN_CONFIG, Result, SiteBuilder, nodes

FIRST_URL, SECOND_URL = (
    "postmortems/incidents/INC-PAYLOAD-1/",
    "postmortems/incidents/INC-PAYLOAD-2/",
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOID = _words("area base br col embed hr img input link meta param source track wbr")
URL_ATTRIBUTES = _words(
    "href src action formaction xlink:href data poster background cite srcset ping"
)
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202f\u2060\ufeff]+")
BLOCK = _words(
    "p div li ul ol table thead tbody tr td th h1 h2 h3 h4 h5 h6 pre br hr blockquote "
    "details summary article nav header footer section"
)
MARKDOWN_TAGS = _words(
    "a p em strong code pre span div ul ol li table thead tbody tr th td img br hr "
    "blockquote h1 h2 h3 h4 h5 h6 details summary"
)
"""What Markdown text may add to a page; anything else must come from the theme."""
WATCHED = _words(
    "script style svg iframe frame frameset object embed applet form input button "
    "textarea select base link meta math template video audio source portal noscript"
)
"""Elements compared with the harmless build: the same ones, with the same content, per page type."""
ACTIVE_TAG = re.compile(r"<\s*/?\s*(script|img|svg|iframe|object|embed|style|form)\b", re.I)
"""Tags that must not appear, even as text, in the search index (Material renders it as HTML)."""


# A small DOM over html.parser (which decodes entities in text and attributes).


@dataclass(repr=False, eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag]

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag in BLOCK:
                parts.append(" " + child.text() + " ")
            elif child.tag not in ("script", "style"):
                parts.append(child.text())
        return squash("".join(parts))

    def markup(self) -> str:
        """The subtree as a canonical string (tags, attributes, text), for comparisons."""
        inner = "".join(c if isinstance(c, str) else c.markup() for c in self.children)
        return f"<{self.tag} {sorted(self.attrs.items())}>{inner}</{self.tag}>"

    def inside(self, tag: str, css_class: str = "") -> bool:
        node = self.parent
        while node is not None:
            if node.tag == tag and css_class in ["", *node.attrs.get("class", "").split()]:
                return True
            node = node.parent
        return False


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(markup: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.replace("\u200b", "").split())


def article(page: Node) -> Node:
    return next(
        n
        for n in page.iter()
        if n.tag == "article" and "md-content__inner" in n.attrs.get("class", "")
    )


def unsafe_url(value: str) -> bool:
    probe = INVISIBLE.sub("", value).lower()
    return probe.startswith(UNSAFE_SCHEMES)


def violations(root: Node) -> list[str]:
    """Event handlers, script URLs and inline documents anywhere under root."""
    found = []
    for node in root.iter():
        for name, value in node.attrs.items():
            if name.startswith("on"):
                found.append(f"<{node.tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and any(unsafe_url(v) for v in value.split(",")):
                found.append(f"<{node.tag} {name}={value!r}>")
            if name == "srcdoc" or (name == "http-equiv" and value.lower() == "refresh"):
                found.append(f"<{node.tag} {name}={value!r}>")
            if name == "style" and ("javascript" in value.lower() or "expression(" in value):
                found.append(f"<{node.tag} {name}={value!r}>")
    return found


def page_type(relpath: str) -> str:
    """Pages of the same kind share their scripts: postmortems/<section>/<anything>/ are one kind."""
    parts = relpath.split("/")
    if len(parts) == 4 and parts[0] == "postmortems":
        return f"postmortems/{parts[1]}/*"
    return relpath


# The two builds.


@dataclass(repr=False)
class Build:
    result: Result
    data: dict[str, dict[str, Any]]
    pages: dict[str, Node]

    def page(self, url: str) -> Node:
        return self.pages[url + "index.html"]

    def watched(self) -> dict[str, set[str]]:
        """Per page type: every script, style, svg, embed... element as canonical markup."""
        out: dict[str, set[str]] = {}
        for rel, page in self.pages.items():
            found = out.setdefault(page_type(rel), set())
            for node in page.iter():
                if node.tag in WATCHED and not (node.parent and node.parent.tag in WATCHED):
                    found.add(_comparable(node))
        return out


def _comparable(node: Node) -> str:
    if node.tag == "meta":  # a page's description and title differ by design; other meta not
        attrs = {k: v for k, v in node.attrs.items() if k != "content"}
        return Node("meta", attrs).markup()
    if node.tag == "link" and node.attrs.get("rel") == "canonical":
        return "<link canonical>"
    if node.tag == "svg" and node.inside("figure", "pm-family"):
        # A family's drawing differs only by its incidents' titles, the text of each box's
        # <title> (its tooltip; test_family_drawing.py escapes a payload there): the rest,
        # every element and attribute, is compared.
        return _untitled(node)
    return node.markup()


def _untitled(node: Node) -> str:
    """``markup``, with every ``<title>``'s text left out."""
    if node.tag == "title":
        return "<title []></title>"
    inner = "".join(c if isinstance(c, str) else _untitled(c) for c in node.children)
    return f"<{node.tag} {sorted(node.attrs.items())}>{inner}</{node.tag}>"


def _build(archive: Archive) -> Build:
    pages = {
        p.relative_to(archive.result.site).as_posix(): parse(p.read_text("utf-8"))
        for p in sorted(archive.result.site.rglob("*.html"))
    }
    return Build(archive.result, archive.data, pages)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(payload_archive(tmp_path_factory))


@pytest.fixture(scope="module")
def harmless(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(payload_archive(tmp_path_factory, harmless=True))


# The payload document itself.


def _strings(value: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    return ((where, item) for where, item in nodes(value) if isinstance(item, str))


def test_payload_incident_is_valid_deterministic_and_fills_every_text_field() -> None:
    data = payload_incident(FIRST, related=[SECOND])
    assert data == payload_incident(FIRST, related=[SECOND])
    assert validator().issues(data) == []
    paths = {".".join(str(p) for p in path) for path in filled_paths()}
    assert len(paths) > 300, len(paths)
    for nested in (
        "title",
        "summary",
        "timeline.0.event",
        "timeline.1.actor",
        "action_items.0.action",
        "action_items.1.notes",
        "contributing_factors.0",
        "contributing_factors.1.factor",
        "root_cause.five_whys.0.question",
        "communication.log.0.message",
        "lessons.learned.0",
        "lessons.documentation_updates.1.description",
        "glossary.0.term",
        "glossary.1.definition",
        "links.0.url",
        "supporting_data.queries.0.query",
        "impact.user.metrics.0.value",
        "x-note",
        "timeline.0.x-note",
        "impact.business.revenue.x-note",
    ):
        assert nested in paths, nested
    # Every string in the document is a payload, except values of a fixed format or list.
    texts = {p.text for p in PAYLOADS} | {TITLE, FIRST, SECOND, "Europe/Berlin", "EUR", "mermaid"}
    texts.add("\n\n".join(p.text for p in PAYLOADS))  # pattern_notes
    fixed = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?|\d{2}:\d{2}")
    enums = _enum_values()
    for path, value in _strings(data):
        assert value in texts or value in enums or fixed.fullmatch(value), (path, value)


def _enum_values() -> set[str]:
    values: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            values.update(str(v) for v in node.get("enum", []))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(validator().schema)
    return values


# Pages.


def test_builds_publish_both_incidents(hostile: Build, harmless: Build) -> None:
    for build in (hostile, harmless):
        assert build.result.exists(FIRST_URL) and build.result.exists(SECOND_URL)
        assert not build.result.warnings
    assert set(hostile.watched()) == set(harmless.watched()), "the same kinds of pages"
    assert len(hostile.pages) >= 25


def test_no_event_handler_or_script_url_on_any_page(hostile: Build) -> None:
    found = {rel: violations(page) for rel, page in hostile.pages.items()}
    assert not {rel: v for rel, v in found.items() if v}


def embedded_in_article(rel: str, inner: Node) -> None:
    """No embedded document in an article; a style only inside a chart of the Patterns page,
    each of its rules scoped to the chart's id (a style in inline SVG applies to the page)."""
    for tag in ("iframe", "frame", "object", "embed", "applet", "form", "math"):
        assert not inner.find_all(tag), (rel, tag)
    for style in inner.find_all("style"):
        assert style.inside("svg") and style.inside("figure", "pm-chart"), rel
        rules = re.sub(r"@media[^{]*\{", "", style.text()).replace("}", "}\n")
        selectors = [rule.split("{")[0] for rule in rules.split("\n") if "{" in rule]
        assert selectors, rel
        for selector in (part.strip() for chosen in selectors for part in chosen.split(",")):
            assert selector.startswith("#chart-pm-"), (rel, selector)


def test_scripts_and_embedded_content_are_only_the_themes(hostile: Build, harmless: Build) -> None:
    """Per kind of page, every script, style, svg, iframe, object, form, meta... element of the
    payload site also exists, identical, in the harmless site."""
    theirs = harmless.watched()
    for kind, elements in hostile.watched().items():
        extra = elements - theirs[kind]
        assert not extra, (kind, sorted(extra)[:5])
    for rel, page in hostile.pages.items():
        for node in page.find_all("script"):
            assert "alert(" not in node.markup() and "pwned" not in node.markup(), rel
        assert not page.find_all("base"), rel
        for svg in page.find_all("svg"):
            # Material's icons sit in the header and nav; in the article, only the Patterns
            # page's charts and the related page's families, drawn at build time.
            assert (
                not svg.inside("article")
                or svg.inside("figure", "pm-chart")
                or (rel.startswith("postmortems/related") and svg.inside("figure", "pm-family"))
            ), rel
            assert not svg.find_all("script") and not svg.find_all("foreignObject"), rel
            assert not violations(svg), rel
        embedded_in_article(rel, article(page))


def test_article_holds_only_markdown_elements(hostile: Build, harmless: Build) -> None:
    for rel, page in hostile.pages.items():
        plain = harmless.pages.get(rel)
        allowed = MARKDOWN_TAGS | ({n.tag for n in article(plain).iter()} if plain else set())
        if not rel.startswith("postmortems/"):
            continue
        tags = {n.tag for n in article(page).iter()} - {"article"}
        assert tags <= allowed, (rel, tags - allowed)
    incident = article(hostile.page(FIRST_URL))
    for img in incident.find_all("img"):  # from ![img-js](javascript:...): the target is gone
        assert img.attrs.get("src") == "#unsafe-link-removed", img.attrs
    assert not [n for n in incident.iter() if "mermaid" in n.attrs.get("class", "")]
    blocked = [a for a in incident.find_all("a") if a.attrs.get("href") == "#unsafe-link-removed"]
    assert len(blocked) >= 10


def test_chart_files_hold_no_script(hostile: Build) -> None:
    charts = sorted((hostile.result.site / "postmortems" / "charts").glob("*.svg"))
    assert len(charts) >= 3
    for chart in charts:
        markup = chart.read_text("utf-8")
        tree = parse(markup)
        assert "<script" not in markup.lower() and not tree.find_all("script"), chart.name
        assert not violations(tree) and "alert(" not in markup, chart.name
        assert not tree.find_all("foreignobject") and not tree.find_all("iframe"), chart.name


def test_template_syntax_stays_text(hostile: Build) -> None:
    for url in (FIRST_URL, "postmortems/", "postmortems/severity/sev1/"):
        text = article(hostile.page(url)).text()
        assert "{{ 7*7 }}" in text, url
        assert not re.search(r"(?<![\w.])49(?![\w.])", text), url
    text = article(hostile.page(FIRST_URL)).text()
    assert "{% raw %}" in text and "{% for x in range(3) %}loop{% endfor %}" in text
    assert "looploop" not in text
    assert "{{ 7*7 }}" in _head_title(hostile.page(FIRST_URL))


def _head_title(page: Node) -> str:
    return page.find_all("title")[0].text()


def test_titles_are_text_everywhere(hostile: Build) -> None:
    title = squash(TITLE)
    first = hostile.page(FIRST_URL)
    assert article(first).find_all("h1")[0].text() == title
    assert _head_title(first).startswith(f"{FIRST}: {title}")
    for url in ("postmortems/", "postmortems/severity/sev1/", "postmortems/related/"):
        text = article(hostile.page(url)).text()
        assert title in text and squash(SECOND_TITLE) in text, url
    services = [rel for rel in hostile.pages if rel.startswith("postmortems/services/")]
    assert any(title in article(hostile.pages[rel]).text() for rel in services)


def _in_order(text: str) -> None:
    """Each payload shows, in order, as the text it is (Markdown formatting aside)."""
    position = 0
    for payload in PAYLOADS:
        if payload.shown is not None:
            found = text.find(squash(payload.shown), position)
            assert found >= 0, (payload.name, text[position : position + 300])
            position = found


def test_every_payload_is_shown_as_a_markdown_list_item(hostile: Build) -> None:
    """lessons.learned lists every payload; none is dropped as markup or comment."""
    label = next(
        p
        for p in article(hostile.page(FIRST_URL)).find_all("p")
        if p.attrs.get("class") == "pm-label" and p.text() == "What we learned"
    )
    assert label.parent is not None
    siblings = [c for c in label.parent.children if isinstance(c, Node)]
    listing = siblings[siblings.index(label) + 1]
    assert listing.tag == "ul"
    _in_order(listing.text())


def test_every_payload_is_shown_in_markdown_prose(hostile: Build) -> None:
    """pattern_notes holds every payload, a paragraph each, in one Markdown text."""
    notes = [
        div
        for div in article(hostile.page(FIRST_URL)).find_all("div")
        if div.attrs.get("class") == "admonition info" and div.text().startswith("Pattern")
    ]
    assert len(notes) == 1
    _in_order(notes[0].text())


def test_a_multi_paragraph_list_item_keeps_its_neighbours(site: SiteBuilder) -> None:
    site.incident(
        "x",
        id="INC-X",
        lessons={"learned": ["First paragraph.\n\nSecond paragraph.", "Another lesson.", "Third."]},
    )
    page = parse(site.build(strict=True).html("postmortems/incidents/INC-X/"))
    lists = [ul for ul in article(page).find_all("ul") if "Another lesson." in ul.text()]
    items = [c.text() for c in lists[-1].children if isinstance(c, Node) and c.tag == "li"]
    assert items == ["First paragraph. Second paragraph.", "Another lesson.", "Third."]


def _tables(root: Node) -> list[tuple[list[str], list[list[Node]]]]:
    out = []
    for table in root.find_all("table"):
        header = [th.text() for th in table.find_all("th")]
        rows = [
            [c for c in tr.children if isinstance(c, Node) and c.tag == "td"]
            for tr in table.find_all("tr")
            if any(isinstance(c, Node) and c.tag == "td" for c in tr.children)
        ]
        out.append((header, rows))
    return out


def test_every_payload_is_shown_as_plain_text(hostile: Build) -> None:
    """x-payloads shows every payload as a plain value: exactly as written."""
    cells = {}
    for listing in article(hostile.page(FIRST_URL)).find_all("dl"):
        if "pm-team-fields" not in listing.attrs.get("class", "").split():
            continue
        items = [c for c in listing.children if isinstance(c, Node)]
        cells.update({dt.text(): dd.text() for dt, dd in zip(items[::2], items[1::2], strict=True)})
    for n, payload in enumerate(PAYLOADS):
        assert cells.get(f"x-payloads.p{n:02d}") == squash(payload.text), payload.name


def test_table_cell_payload_stays_in_its_row(hostile: Build) -> None:
    """Pipes and line breaks that would end a Markdown table cell stay in their cell (the
    alerts table) and in their timeline event."""
    page = article(hostile.page(FIRST_URL))
    alerts = [(h, rows) for h, rows in _tables(page) if h[:2] == ["Time", "Alert"]]
    assert len(alerts) == 1
    header, rows = alerts[0]
    assert len(rows) == len(hostile.data[FIRST]["detection"]["alerts"])
    assert rows[0][header.index("Note")].text() == squash(TABLE_CELL)
    events = [
        li
        for ol in page.find_all("ol")
        if ol.attrs.get("class") == "pm-timeline"
        for li in ol.children
        if isinstance(li, Node) and li.tag == "li"
    ]
    assert len(events) == len(hostile.data[FIRST]["timeline"])
    assert squash(TABLE_CELL) in events[0].text()
    for header, rows in _tables(page):
        assert all(len(row) == len(header) for row in rows), header
        for row in rows:
            assert not any(cell.text() == "forged row" for cell in row), header


def markup_problems(value: str) -> list[str]:
    """What a search result (rendered as HTML by Material) must not hold."""
    found = [m.group(0) for m in ACTIVE_TAG.finditer(value)]
    tree = parse(value)
    found += violations(tree)
    found += sorted({n.tag for n in tree.iter()} - MARKDOWN_TAGS - {"#document"})
    return found


def test_search_index_holds_no_markup(hostile: Build) -> None:
    index = json.loads((hostile.result.site / "search" / "search_index.json").read_text("utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith(FIRST_URL)]
    assert entries and any("alert(1)" in d["text"] for d in entries)
    for doc in index["docs"]:
        for key in ("title", "text"):
            assert not markup_problems(doc.get(key, "")), (doc["location"], doc[key][:300])


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVa&#x09;Script&colon;alert(1)">x</a>',
        "<a href='&#x6A;avascript:alert(1)'>x</a>",
        "<img src=x onerror=alert(1)>",
        '<form><button formaction="data:text/html,x">go</button></form>',
        '<svg><a xlink:href="vbscript:x"></a></svg>',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        '<object data="javascript:alert(1)"></object>',
        "<p>text</p><script>alert(1)</script>",
    ],
)
def test_the_checks_see_what_they_look_for(markup: str) -> None:
    assert markup_problems(markup)


def test_incidents_json_keeps_the_text_as_data(hostile: Build) -> None:
    export = json.loads((hostile.result.site / "postmortems" / "incidents.json").read_text("utf-8"))
    by_id = {i["id"]: i for i in export["incidents"]}
    for incident_id, data in hostile.data.items():
        assert by_id[incident_id]["data"] == data  # as written: not escaped, not lost
        assert not unsafe_url(by_id[incident_id]["url"])
        assert by_id[incident_id]["url"].startswith("postmortems/incidents/")


def test_action_items_csv_guards_formulas(hostile: Build) -> None:
    text = (hostile.result.site / "postmortems" / "action-items.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    ours = [r for r in rows if r["incident_id"] in hostile.data]
    assert len(ours) == sum(len(d["action_items"]) for d in hostile.data.values())
    for row in rows:
        for column, cell in row.items():
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (column, cell)
    cells = {cell for row in ours for cell in row.values()}
    for formula in FORMULAS[:5]:
        assert "'" + formula in cells, formula
    assert "'" + SECOND_TITLE in {r["incident_title"] for r in ours}


# The same postmortems through `mkdocs-postmortem render`, built by MkDocs without the plugin.


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, hostile: Build) -> Build:
    """The payload archive's docs rendered to files and built by MkDocs alone: what a build
    that runs no plugin (Zensical, plain MkDocs) publishes."""
    root = tmp_path_factory.mktemp("rendered-payloads")
    shutil.copytree(hostile.result.site.parent / "docs", root / "docs")
    (root / "mkdocs.yml").write_text(PLAIN_CONFIG.format(site_dir="site"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for args in (
        (sys.executable, "-m", "mkdocs_postmortem.cli", "render"),
        (sys.executable, "-m", "mkdocs", "build"),
    ):
        done = subprocess.run(
            args, cwd=root, capture_output=True, text=True, timeout=600, env=env, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    site = root / "site"
    pages = {
        p.relative_to(site).as_posix(): parse(p.read_text("utf-8"))
        for p in sorted(site.rglob("*.html"))
    }
    return Build(hostile.result, hostile.data, pages)


def test_rendered_files_publish_no_event_handler_or_script_url(rendered: Build) -> None:
    assert rendered.pages.get(FIRST_URL + "index.html") is not None
    assert rendered.pages.get("postmortems/action-items/index.html") is not None
    found = {rel: violations(page) for rel, page in rendered.pages.items()}
    assert not {rel: v for rel, v in found.items() if v}
    for rel, page in rendered.pages.items():
        for node in page.find_all("script"):
            assert "alert(" not in node.markup() and "pwned" not in node.markup(), rel
        embedded_in_article(rel, article(page))
