"""Pages written as HTML: their headings made as the site's ``toc`` extension makes them (ids,
permalinks, the table of contents), so such a page links, reads and searches like any other.

A template places a heading with ``heading(level, text)``; the page keeps a placeholder there.
The plugin's page takes the headings as HTML, with the table of contents beside them; the file
that ``render`` writes takes them as Markdown headings between raw HTML blocks, so MkDocs without
the plugin, and Zensical, build the same table of contents from it.
"""

from __future__ import annotations

import html
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from markupsafe import Markup

from ..core.site_markdown import SiteMarkdown
from . import markdown_text as mdtext

_MARK = "\x1e"
"""Brackets a heading's number in the body. YAML cannot hold this character, nor can the
text of a postmortem."""
_PLACEHOLDER = re.compile(f"{_MARK}([0-9]+){_MARK}")

SEARCH_BODY = "data-pagefind-body"
"""Marks what Pagefind indexes of a page; a site where some page has it skips pages without."""


@dataclass(frozen=True)
class HeadingStyle:
    """The site's ``toc`` options that decide how a heading looks."""

    permalink: bool | str = False
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    permalink_leading: bool = False
    slugify: Callable[[str, str], str] = slugify
    separator: str = "-"
    toc_top: int = 1
    toc_bottom: int = 6

    @classmethod
    def of_site(cls, setup: SiteMarkdown) -> HeadingStyle:
        config = setup.config("toc", "markdown.extensions.toc")
        permalink = config.get("permalink", False)
        if isinstance(permalink, str) and permalink.lower() in ("true", "false", "yes", "no"):
            permalink = permalink.lower() in ("true", "yes")
        depth = str(config.get("toc_depth", 6))
        top, _, bottom = depth.partition("-")
        return cls(
            permalink=permalink if isinstance(permalink, (bool, str)) else bool(permalink),
            permalink_class=str(config.get("permalink_class", "headerlink")),
            permalink_title=str(config.get("permalink_title", "Permanent link")),
            permalink_leading=bool(config.get("permalink_leading", False)),
            slugify=config.get("slugify") or slugify,
            separator=str(config.get("separator", "-")),
            toc_top=int(top) if bottom else 1,
            toc_bottom=int(bottom or top),
        )


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    text: str
    """As written (plain text)."""
    searched: bool = True
    """False: the section stays out of the search index (``data-search-exclude``)."""

    def html(self, style: HeadingStyle, body: bool = False) -> str:
        """``body``: the page is indexed by Pagefind, and a searched heading is part of it."""
        inner = html.escape(self.text, quote=False)
        if style.permalink:
            text = "&para;" if style.permalink is True else html.escape(str(style.permalink))
            title = (
                f' title="{html.escape(style.permalink_title)}"' if style.permalink_title else ""
            )
            link = (
                f'<a class="{html.escape(style.permalink_class)}" href="#{self.id}"{title}>'
                f"{text}</a>"
            )
            inner = link + inner if style.permalink_leading else inner + link
        exclude = " data-search-exclude" if not self.searched else ""
        if body and self.searched:
            exclude = f" {SEARCH_BODY}"
        return f'<h{self.level} id="{self.id}"{exclude}>{inner}</h{self.level}>'

    def markdown(self, body: bool = False) -> str:
        exclude = " data-search-exclude" if not self.searched else ""
        if body and self.searched:
            exclude = f" {SEARCH_BODY}"
        return f"{'#' * self.level} {mdtext.plain(self.text)} {{ #{self.id}{exclude} }}"


@dataclass
class Outline:
    """The headings of one page, in order, with ids unique on the page."""

    style: HeadingStyle
    headings: list[Heading] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def add(self, level: int, text: Any, id: str | None = None, searched: bool = True) -> Markup:
        """Place a heading (for templates: ``{{ heading(2, "Timeline") }}``)."""
        text = " ".join(str(text).split())
        wanted = id or self.style.slugify(text, self.style.separator)
        # Interned: the same few ids and titles are on every incident page of the archive.
        ids = self._ids
        heading = Heading(level, sys.intern(unique(wanted, ids)), sys.intern(text), searched)
        self.headings.append(heading)
        return Markup(f"\n{_MARK}{len(self.headings) - 1}{_MARK}\n")  # noqa: S704 - no text in it

    def document(self, body: str, search_body: bool = False) -> Document:
        """The page of ``body``, with the headings placed in it: a heading made but left out of
        the body (a team's block that captures ``super()`` and drops it) is in no table of
        contents either."""
        placed = [int(number) for number in _PLACEHOLDER.findall(body)]
        headings = self.headings
        if placed != list(range(len(headings))):
            kept = {old: new for new, old in enumerate(dict.fromkeys(placed))}
            headings = [headings[old] for old in kept]
            body = _PLACEHOLDER.sub(lambda m: f"{_MARK}{kept[int(m.group(1))]}{_MARK}", body)
        return Document(body, tuple(headings), self.style, search_body=search_body)


@dataclass(frozen=True)
class Document:
    """A page's body as HTML, with placeholders where its headings go."""

    body: str
    headings: tuple[Heading, ...]
    style: HeadingStyle
    packed_html: bytes = b""
    ids: frozenset[str] | None = None
    """The finished HTML, compressed (``packed``): what a build holds between making the page
    and MkDocs asking for it."""
    search_body: bool = False
    """Pagefind indexes the page: each searched heading and the HTML after it carry
    ``data-pagefind-body`` (the sections after a heading left out of search do not). Marked
    part by part, as the Markdown file of ``render`` has its headings between HTML blocks."""

    def html(self) -> str:
        """The body for the built page: headings in place, as the toc extension writes them."""
        if self.packed_html:
            return zlib.decompress(self.packed_html).decode("utf-8")
        headings, style = self.headings, self.style
        body = _squeezed(self.body)
        if not self.search_body:
            return _PLACEHOLDER.sub(lambda m: headings[int(m.group(1))].html(style), body)
        out: list[str] = []
        searched = True
        for index, part in enumerate(_PLACEHOLDER.split(body)):
            if index % 2:
                heading = headings[int(part)]
                searched = heading.searched
                out.append(heading.html(style, body=True))
            elif part.strip("\n"):
                out.append(_body_part(part.strip("\n")) if searched else part)
        return "\n".join(out)

    def packed(self) -> Document:
        """The same page holding its HTML compressed, a few times smaller: a build makes every
        page before MkDocs converts the first one. Its ids stay readable for the anchors."""
        html = self.html().encode("utf-8")
        ids = frozenset(self.anchors())
        return replace(self, body="", packed_html=zlib.compress(html, 1), ids=ids)

    def markdown(self) -> str:
        """The body as a Markdown file: headings as Markdown (with their ids), the rest as raw
        HTML blocks without a blank line inside, which CommonMark would end a block at."""
        parts = _PLACEHOLDER.split(self.body)
        out: list[str] = []
        body = self.search_body
        searched = True
        for index, part in enumerate(parts):
            if index % 2:
                heading = self.headings[int(part)]
                searched = heading.searched
                out.append(heading.markdown(body))
            elif part.strip():
                block = html_block(part)
                out.append(_body_part(block) if body and searched else block)
        return "\n\n".join(out) + "\n"

    def toc_tokens(self) -> list[Any]:
        """The table of contents in the shape of the toc extension's ``toc_tokens``."""
        flat: list[Any] = [
            {
                "level": h.level,
                "id": h.id,
                "name": html.escape(h.text, quote=False),
                "html": html.escape(h.text, quote=False),
                "data-toc-label": "",
                "children": [],
            }
            for h in self.headings
            if self.style.toc_top <= h.level <= self.style.toc_bottom
        ]
        return list(nest_toc_tokens(flat))

    def anchors(self) -> set[str]:
        """Every id on the page, for MkDocs' check of links to anchors."""
        if self.ids is not None:
            return set(self.ids)
        return {h.id for h in self.headings} | set(_ID.findall(self.body))


_ID = re.compile(r'\sid="([^"]+)"')
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
_BLANK = re.compile(r"\n(?=[ \t]*\n)")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


def _squeezed(body: str) -> str:
    """Without the blank lines a template leaves (outside ``<pre>``, where they show)."""
    pieces = _PRE.split(body.strip("\n"))
    for index in range(0, len(pieces), 2):
        pieces[index] = _BLANK_LINE.sub("", pieces[index])
    return "".join(pieces)


def _body_part(part: str) -> str:
    return f"<div {SEARCH_BODY}>\n{part}\n</div>"


def html_block(part: str) -> str:
    """HTML with no blank line: removed between elements; inside ``<pre>``, where a line break
    shows, written as ``&#10;`` (the same character to a browser)."""
    pieces = _PRE.split(part.strip("\n"))
    for index, piece in enumerate(pieces):
        if index % 2:
            pieces[index] = _BLANK.sub("&#10;", piece)
        else:
            pieces[index] = _BLANK_LINE.sub("", piece)
    return "".join(pieces).strip("\n")
