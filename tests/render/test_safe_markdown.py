"""A stranger's Markdown through the site's extensions: no HTML is read from it, whatever
construct it hides in, and what comes out is cleaned by the allow-list."""

from __future__ import annotations

import html
import re
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from types import FrameType

import pytest
from payloads import MARKDOWN_PAYLOADS, PAYLOADS, URLS

from mkdocs_postmortem.core.site_markdown import SiteMarkdown
from mkdocs_postmortem.render.safe_markdown import BLOCKED_LINK, is_safe_url
from mkdocs_postmortem.render.sanitize import clean
from mkdocs_postmortem.render.text_html import TextConverter

PAGE = "postmortems/incidents/INC-1.md"

MATERIAL = SiteMarkdown.from_site(
    [
        "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
        {"toc": {"permalink": True}},
        {"pymdownx.arithmatex": {"generic": False}},
        "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic", "pymdownx.details",
        {
            "pymdownx.emoji": {
                "emoji_index": __import__("material.extensions.emoji").extensions.emoji.twemoji,
                "emoji_generator": __import__("material.extensions.emoji").extensions.emoji.to_svg,
            }
        },
        "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.magiclink",
        "pymdownx.mark", "pymdownx.smartsymbols", "pymdownx.snippets",
        {
            "pymdownx.superfences": {
                "custom_fences": [
                    {
                        "name": "mermaid",
                        "class": "mermaid",
                        "format": __import__("pymdownx.superfences").superfences.fence_code_format,
                    }
                ]
            }
        },
        {"pymdownx.tabbed": {"alternate_style": True}},
        {"pymdownx.tasklist": {"custom_checkbox": True}},
        "pymdownx.tilde",
        "pymdownx.blocks.admonition", "pymdownx.blocks.details", "pymdownx.blocks.html",
        "pymdownx.blocks.tab",
    ]
)  # fmt: skip
"""Every extension Material's documentation sets up, with the options it gives: Mermaid as a
custom fence, emoji as inline SVG, math in script tags, the blocks family."""
PLAIN_SITE = SiteMarkdown()
SETUPS = {"material": MATERIAL, "mkdocs-defaults": PLAIN_SITE}

DANGEROUS_TAGS = frozenset(
    {"script", "style", "iframe", "object", "embed", "frame", "form", "button", "textarea",
     "link", "meta", "base", "math", "template", "use", "foreignobject", "animate", "set"}
)  # fmt: skip
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"})


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def threats(converted: str) -> list[str]:
    """What in ``converted`` could run script or leave the page: empty when nothing can."""
    parser = _Elements()
    parser.feed(converted)
    parser.close()
    found = []
    for tag, attributes in parser.found:
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in attributes:
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value is not None:
                probe = re.sub(r"[\x00-\x20]+", "", value).lower()
                if not is_safe_url(probe) and value != BLOCKED_LINK:
                    found.append(f"<{tag} {name}={value!r}>")
            if name == "class" and value and "mermaid" in value.split():
                found.append(f"<{tag} class=mermaid>")  # a diagram script would read it
            if name == "style" and value and not re.fullmatch(r"text-align:\s*\w+;?", value):
                found.append(f"<{tag} style={value!r}>")
            if name.startswith("data-"):
                found.append(f"<{tag} {name}>")  # the page's search filters are data-*
    return found


CONVERTERS = {name: TextConverter(setup) for name, setup in SETUPS.items()}


@pytest.mark.parametrize("setup", sorted(SETUPS))
@pytest.mark.parametrize(
    "text",
    [p.text for p in PAYLOADS] + list(URLS),
    ids=[p.name for p in PAYLOADS] + [f"url-{n}" for n in range(len(URLS))],
)
def test_no_payload_gives_html_that_can_run(setup: str, text: str) -> None:
    converted = CONVERTERS[setup].convert(text, PAGE, True).html
    assert threats(converted) == [], converted


@pytest.mark.parametrize("setup", sorted(SETUPS))
def test_all_payloads_in_one_text_give_nothing_that_can_run(setup: str) -> None:
    """One document, so that a construct left open by one payload swallows the next."""
    for joiner in ("\n\n", "\n", " ", "\n    "):
        text = joiner.join(p.text for p in PAYLOADS)
        converted = CONVERTERS[setup].convert(text, PAGE, True).html
        assert threats(converted) == [], (repr(joiner), converted)


@pytest.mark.parametrize(
    "payload", [p for p in MARKDOWN_PAYLOADS if p.name in {
        "escaped-backtick", "span-over-blank-line", "fence-closed-longer", "fence-tab-indented"
    }], ids=lambda p: p.name
)  # fmt: skip
def test_raw_html_is_shown_as_text_not_dropped(payload: object) -> None:
    """The four payloads of the report: their tags are on the page, as text a reader sees."""
    text = payload.text  # type: ignore[attr-defined]
    converted = CONVERTERS["material"].convert(text, PAGE, True).html
    visible = html.unescape(re.sub(r"<[^>]+>", "", converted))
    tag = re.search(r"<(img|svg)[^>]*>", text)
    assert tag is not None and tag.group() in visible, converted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**bold** and `a<b>`", "<p><strong>bold</strong> and <code>a&lt;b&gt;</code></p>"),
        ("<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>"),
        ("[docs](https://example.org/a_b)", '<p><a href="https://example.org/a_b">docs</a></p>'),
        ("[x](javascript:alert(1))", f'<p><a href="{BLOCKED_LINK}">x</a></p>'),
        ("![x](data:image/png;base64,AA)", f'<p><img alt="x" src="{BLOCKED_LINK}"></p>'),
        ("*a*{: onclick=alert(1) }", "<p><em>a</em>{: onclick=alert(1) }</p>"),
        ("a <!-- hidden --> b", "<p>a &lt;!-- hidden --&gt; b</p>"),
        ("/// html | div\nx\n///", "<p>/// html | div\nx\n///</p>"),
    ],
)
def test_markdown_is_kept_and_html_is_text(text: str, expected: str) -> None:
    assert CONVERTERS["mkdocs-defaults"].convert(text, PAGE, True).html == expected


def test_a_mermaid_fence_is_code_never_a_diagram() -> None:
    converted = CONVERTERS["material"].convert("```mermaid\ngraph LR\n  A-->B\n```", PAGE, True)
    assert "mermaid" not in converted.html and "A--&gt;B" in converted.html


def test_snippets_and_blocks_are_not_read() -> None:
    converted = (
        CONVERTERS["material"]
        .convert(
            '--8<-- "/etc/passwd"\n\n/// details | x\n    attrs: {onclick: alert(1)}\nbody\n///',
            PAGE,
            True,
        )
        .html
    )
    assert "root:" not in converted and "<details" not in converted
    assert '"/etc/passwd"' in html.unescape(converted)  # shown as written


def test_emoji_svg_and_task_lists_survive_the_cleaning() -> None:
    converted = (
        CONVERTERS["material"].convert("- [x] done :material-check:\n- [ ] todo", PAGE, True).html
    )
    assert '<span class="twemoji"><svg' in converted and "<path d=" in converted
    assert 'type="checkbox"' in converted and "task-list-item" in converted


def test_math_in_a_script_tag_is_dropped_not_run() -> None:
    converted = CONVERTERS["material"].convert("$x^2$ and $</script><b>x</b>$", PAGE, True).html
    assert "<script" not in converted and "<b>" not in converted


@pytest.mark.parametrize(
    ("dirty", "cleaned"),
    [
        ('<img src="x" onerror="alert(1)">', '<img src="x">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ("<script>alert(1)</script>text", "text"),
        ('<div style="position:fixed" data-pagefind-filter="x">y</div>', "<div>y</div>"),
        ('<td style="text-align: right">1</td>', "1"),  # a cell outside a table is no cell
        ('<svg onload="alert(1)"><path d="M0 0"/></svg>', '<svg><path d="M0 0"></path></svg>'),
    ],
)
def test_the_allow_list_cleans(dirty: str, cleaned: str) -> None:
    assert clean(dirty) == cleaned


ADVERSARIAL = (
    "words with `code` and *emphasis* and [a link](https://x.example/) here. ",
    "[x] [y](",
    "[",
    "![x](y ",
    "x^1 ",
    "[^1] ",
    "*a _b `c ",
    "__a",
    "`",
    "> ",
    "1. ",
    "  - ",
    "*[A]: b\n",
    "Term\n: ",
    '=== "t"\n    ',
    "!!! note\n    ",
    "```\n",
    "[x]: y\n",
    "<",
    "&",
)
"""Texts that made a converter scan, or re-read a block, from every opening mark to the end."""


def _work(converter: TextConverter, text: str) -> int:
    """The lines of Python a conversion runs: a count of its work that does not depend on
    what else the machine is doing (a scan is a loop of lines, wherever it is written)."""
    lines = 0

    def trace(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        nonlocal lines
        lines += event == "line"
        return trace

    previous = sys.gettrace()  # a coverage tracer, under pytest-cov
    sys.settrace(trace)
    try:
        converter.convert(text, PAGE, True)
    finally:
        sys.settrace(previous)
    return lines


@pytest.mark.parametrize("shape", ADVERSARIAL)
def test_conversion_work_grows_linearly_with_the_text(shape: str) -> None:
    """Four times the text may cost about four times the work, never sixteen (quadratic)."""
    converter = CONVERTERS["material"]
    small, large = (shape * (size // len(shape)) for size in (4_000, 16_000))
    ratio = _work(converter, large) / _work(converter, small)
    assert ratio < 6, ratio


@pytest.mark.parametrize("shape", ["*[A]: b\n", "Term\n: "])
def test_blocks_cut_one_piece_at_a_time_stay_linear_in_time(shape: str) -> None:
    """``abbr`` and ``def_list`` re-slice their block for each piece (string copies, not lines
    of Python): their time is measured, best of five, as a ratio."""
    converter = CONVERTERS["material"]

    def best(text: str) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            converter.convert(text, PAGE, True)
            times.append(time.perf_counter() - start)
        return min(times)

    small, large = (shape * (size // len(shape)) for size in (4_000, 16_000))
    assert best(large) / best(small) < 10


def test_a_text_that_asks_too_much_is_shown_as_written() -> None:
    text = "*[A]: <b>b</b>\n" * 2_000
    converted = CONVERTERS["material"].convert(text, PAGE, True).html
    assert converted.startswith('<div class="pm-unformatted"><p>*[A]: &lt;b&gt;b&lt;/b&gt;<br>')
    assert "formatting this text would take too long" in converted
    assert threats(converted) == []
