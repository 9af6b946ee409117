"""Python-Markdown for a stranger's text: the site's extensions, with every way to write HTML
turned off at the source, and bounded work.

A postmortem's free text is Markdown, converted with the site's own extensions so it reads
like the site's pages. But Python-Markdown passes raw HTML through, and some extensions write
attributes or whole elements from the text. Guessing in advance which characters Markdown will
treat as code, to escape the rest, was wrong in four ways at once (escapes, blank lines, fence
lengths, tabs); here the parts of the converter that would read HTML from the text are simply
not there, so nothing needs guessing:

* the ``html_block`` preprocessor and the ``html`` inline pattern are removed: ``<script>`` in
  the text is text (the serializer escapes it), in code or out of it;
* ``attr_list`` is removed (``{ onclick=... }`` stays text), and the ``pymdownx.blocks`` family
  (``/// html | div[onclick=...]``), ``pymdownx.snippets`` (files of the building machine) and
  ``toc`` (the page's headings are the archive's) are left out;
* custom fences and custom inline code (Mermaid, math renderers) are dropped: a ``mermaid``
  fence is shown as code, never handed to a script;
* links and images keep only http, https, mailto and relative targets.

The work is bounded by the text's length, whatever it holds. Python-Markdown looks for the end
of a link by scanning from each ``[`` and ``(``, and pymdownx's delimiter extensions (caret,
mark, tilde, betterem) for a closing mark from each opening one: on text full of them that is
quadratic (40 KB of ``[x] [y](`` took 38 s, 4 KB of ``x^1`` 2 s). Here the scans of one
conversion share a budget proportional to the text: real text never reaches it, and past it a
bracket or a mark is text. Block processors that cut a block into pieces one at a time
(``abbr``, ``def_list``) are charged the block they are given; a text that exceeds its share
is shown as written, unformatted (``unformatted``), never converted for minutes. What comes
out is still cleaned by ``sanitize`` (the second wall), for extensions this module does not
know.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping
from typing import Any

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..core.links import scheme_of

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""Link and image targets kept: these, and relative ones (no scheme)."""
BLOCKED_LINK = "#unsafe-link-removed"
"""Where a link with another scheme (``javascript:``, ``data:``) leads instead."""

LEFT_OUT = frozenset({"toc", "markdown.extensions.toc", "pymdownx.snippets"})
LEFT_OUT_FAMILIES = ("pymdownx.blocks",)
"""Extensions the free text is not converted with (see the module's text)."""

HTML_READERS = (("preprocessors", "html_block"), ("inlinePatterns", "html"))
"""The processors that read raw HTML in the text (``md_in_html`` registers its own under the
same name)."""
ATTRIBUTE_WRITERS = (("treeprocessors", "attr_list"),)
"""Processors that write attributes the text names."""

SCAN_PER_CHARACTER = 4
"""Characters the scans for the end of a link or of a mark may read in one conversion, per
character of the text: each is read once or twice in real text."""
SCAN_BASE = 4096
SCAN_WINDOW = 4096
"""The farthest one scan looks: a link's text or target, or an emphasised run, is shorter."""
BLOCK_CHARGE_PER_CHARACTER = 32
"""Characters the block processors of one conversion may be handed, per character of the
text: a block is handed over once per level it is nested at, so real text stays below 8."""
BLOCK_CHARGE_BASE = 65_536


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto URLs and for scheme-less (relative) references."""
    scheme = scheme_of(url)
    return scheme is None or scheme in SAFE_SCHEMES


def kept_extensions(names: Iterable[str]) -> list[str]:
    """The site's extensions that the free text is converted with."""
    return [
        name for name in names if name not in LEFT_OUT and not name.startswith(LEFT_OUT_FAMILIES)
    ]


def kept_configs(names: Iterable[str], configs: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The options of those extensions, without the custom fences and inline code that hand
    the text to a renderer of its own."""
    kept: dict[str, dict[str, Any]] = {}
    for name in names:
        options = dict(configs.get(name) or {})
        if name == "pymdownx.superfences":
            options["custom_fences"] = []
        elif name == "pymdownx.inlinehilite":
            options["custom_inline"] = []
        if options:
            kept[name] = options
    return kept


class TooComplex(Exception):
    """The text asked for more work than its length allows."""


class Work:
    """What the scans and block processors of one conversion may still do."""

    def __init__(self) -> None:
        self.scans = SCAN_BASE
        self.blocks = BLOCK_CHARGE_BASE

    def start(self, text: str) -> None:
        self.scans = SCAN_PER_CHARACTER * len(text) + SCAN_BASE
        self.blocks = BLOCK_CHARGE_PER_CHARACTER * len(text) + BLOCK_CHARGE_BASE

    def window(self, index: int, data: str) -> int:
        """The end of the next scan from ``index``, charged to the budget."""
        end = min(len(data), index + SCAN_WINDOW, index + self.scans)
        self.scans -= max(0, end - index)
        return end

    def charge_block(self, block: str) -> None:
        self.blocks -= len(block)
        if self.blocks < 0:
            raise TooComplex


_BRACKET = re.compile(r"[\[\]]")


def _bound_link(processor: LinkInlineProcessor, work: Work) -> None:
    """Make one link processor's scans bounded: ``getText`` finds the closing bracket in a
    window of the budget, ``getLink`` reads its target in one."""
    get_link = processor.getLink

    def get_text(data: str, index: int) -> tuple[str, int, bool]:
        depth = 1
        for match in _BRACKET.finditer(data, index, work.window(index, data)):
            depth += 1 if match.group() == "[" else -1
            if depth == 0:
                return data[index : match.start()], match.end(), True
        return "", index, False  # not a link: its text is not used

    def bounded_link(data: str, index: int) -> tuple[str, str | None, int, bool]:
        end = work.window(index, data)
        if end <= index:
            return "", None, index, False
        href, title, stop, handled = get_link(data[index:end], 0)
        return href, title, index + stop, handled

    # Instance attributes: the processor's class (Python-Markdown's, or an extension's
    # subclass) and its registration stay as they are.
    setattr(processor, "getText", get_text)  # noqa: B010 - overrides a method
    setattr(processor, "getLink", bounded_link)  # noqa: B010 - overrides a method


def _bound_marks(processor: InlineProcessor, work: Work) -> None:
    """Make a pymdownx delimiter processor's search for the next mark bounded: past its
    window or the budget, there is none (the opening mark is text)."""
    search = processor.search  # type: ignore[attr-defined]

    def bounded_search(data: str, start: int) -> re.Match[str] | None:
        end = work.window(start, data)
        if end <= start:
            return None
        found: re.Match[str] | None = search(data if end == len(data) else data[:end], start)
        return found

    setattr(processor, "search", bounded_search)  # noqa: B010 - overrides a method


def _charged(processor: BlockProcessor, work: Work) -> None:
    """Charge a block processor the block it is handed before it runs."""
    run = processor.run

    def charged_run(parent: etree.Element, blocks: list[str]) -> bool | None:
        if blocks:
            work.charge_block(blocks[0])
        result: bool | None = run(parent, blocks)
        return result

    setattr(processor, "run", charged_run)  # noqa: B010 - overrides a method


def _delimiter_processor() -> type[InlineProcessor] | None:
    """The class of pymdownx's caret, mark, tilde and betterem processors."""
    try:
        from pymdownx.delimiterprocessor import DelimiterProcessor
    except ImportError:  # pragma: no cover - pymdownx is a dependency; an older one lacks it
        return None
    found: type[InlineProcessor] = DelimiterProcessor
    return found


def unformatted(text: str) -> str:
    """A text shown as written, when converting it would take too long: its paragraphs, its
    line breaks, every character escaped."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text.strip("\n")) if p.strip()]
    body = "".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
    return (
        f'<div class="pm-unformatted">{body}<p class="pm-note">Shown as written: formatting this '
        "text would take too long.</p></div>"
    )


class _SafeLinks(Treeprocessor):
    """Links and images with a target of another scheme lead nowhere."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if attribute and value is not None and not is_safe_url(value):
                element.set(attribute, BLOCKED_LINK)


class _Safety(Extension):
    """Registered last: removes what reads HTML or attributes from the text, after every
    other extension has registered its processors."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        for registry, name in (*HTML_READERS, *ATTRIBUTE_WRITERS):
            getattr(md, registry).deregister(name, strict=False)
        marks = _delimiter_processor()
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                _bound_link(processor, self.work)
            elif marks is not None and isinstance(processor, marks):
                _bound_marks(processor, self.work)
        for block_processor in md.parser.blockprocessors:
            _charged(block_processor, self.work)
        md.treeprocessors.register(_SafeLinks(md), "postmortem_safe_links", -10)


class SafeMarkdown:
    """A Markdown converter for untrusted text with the site's extensions (see the module)."""

    def __init__(
        self,
        names: Iterable[str],
        configs: Mapping[str, Any],
        extra: Iterable[Extension] = (),
    ) -> None:
        kept = kept_extensions(names)
        self.work = Work()
        self.md = markdown.Markdown(
            extensions=[*kept, *extra, _Safety(self.work)],
            extension_configs=kept_configs(kept, configs),
        )

    def convert(self, text: str) -> str:
        """``text`` as HTML, or shown as written when it asks for more work than its length
        allows (see the module)."""
        self.md.reset()
        self.work.start(text)
        try:
            return self.md.convert(text)
        except TooComplex:
            return unformatted(text)
