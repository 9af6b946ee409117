"""A postmortem's free text as HTML, converted as the site converts its own pages.

Only the free text goes through Python-Markdown: the structure of a page comes from HTML
templates, which costs the converter nothing. The text is converted with the site's extensions
(those named in mkdocs.yml, with their options) by a converter that reads no HTML from it
(``safe_markdown``), and what comes out is cleaned by an allow-list (``sanitize``).

Under ``mkdocs serve`` conversions are kept by text for the process, so an edit converts only
the text that changed; a build keeps none (its memory is the pages'). Relative links in the
text are written relative to the postmortem's YAML file, as in a Markdown page beside it: each
is resolved from there and rewritten for the URL of the page the text lands on (a link to
another postmortem's YAML file leads to that incident's page). The core checks that their
targets exist (``core.links``), so nothing is reported here.
"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..core.links import is_relative, resolve
from ..core.site_markdown import SiteMarkdown
from .addresses import file_href, href
from .safe_markdown import SafeMarkdown, kept_extensions
from .sanitize import clean

PLAIN_SAFE = frozenset(
    {
        *(
            f"{prefix}{name}"
            for prefix in ("", "markdown.extensions.")
            for name in (
                "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes",
                "md_in_html", "tables", "toc", "sane_lists", "codehilite", "nl2br",
                "legacy_attrs", "legacy_em", "meta", "wikilinks",
            )
        ),
        *(
            f"pymdownx.{name}"
            for name in (
                "details", "superfences", "highlight", "inlinehilite", "tabbed", "tasklist",
                "keys", "mark", "tilde", "caret", "betterem", "critic", "saneheaders",
                "progressbar", "striphtml", "arithmatex", "escapeall", "emoji", "snippets",
                "blocks.admonition", "blocks.details", "blocks.tab", "blocks.html",
                "blocks.definition", "blocks.caption",
            )
        ),
    }
)  # fmt: skip
"""Extensions that leave a line of plain words as it is: with only these, such a line needs no
converter (``<p>`` and the words). Typographic ones (smarty, smartsymbols, magiclink) change
plain words and are not here; a test holds the shortcut equal to the converter."""

_PLAIN = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;?!%'\"()/-])*")
"""A line of words: starts with a letter, holds no character that Markdown or an extension
of ``PLAIN_SAFE`` reads (``*_`[]<>&#|:~=^+{}\\$@``), no line break."""
_PLAIN_WITH_COLON = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;?!%'\"()/:-])*")
"""The same with ``:`` (``14:02``, ``Note: ...``), where no emoji extension reads ``:name:``."""


@dataclass(frozen=True)
class Converted:
    html: str


@dataclass(frozen=True)
class Postmortems:
    """The pages of the archive's postmortems, by YAML file (docs-relative): a link to a
    postmortem's file leads to its page."""

    pages: Mapping[str, str] = field(default_factory=dict)


NO_POSTMORTEMS = Postmortems()


class TextConverter:
    """Converts free text for pages of one site; one per set of extensions, for the process."""

    def __init__(self, setup: SiteMarkdown) -> None:
        names = kept_extensions(setup.names)
        self._links = _RelativeLinks()
        self._md = SafeMarkdown(names, setup.configs, [_LinksExtension(self._links)])
        self._plain: re.Pattern[str] | None = None
        if set(names) <= PLAIN_SAFE:
            self._plain = _PLAIN if "pymdownx.emoji" in names else _PLAIN_WITH_COLON
        self._cache: dict[tuple[str, str, str, bool, str], Converted] = {}

    def convert(
        self,
        text: str,
        page: str,
        directory_urls: bool,
        keep: bool = False,
        source: str = "",
        postmortems: Postmortems | None = None,
        root: str = "",
    ) -> Converted:
        """``text`` (a postmortem's Markdown, as written) as safe HTML for the page ``page``,
        its relative links read from ``source`` (the YAML file; the page itself when not
        given); with ``keep``, kept for the next time the same text is converted there."""
        plain = self._plain
        if plain is not None and plain.fullmatch(text) and not text.endswith(" "):
            return Converted(f"<p>{text}</p>")
        key = (
            text,
            posixpath.dirname(page),
            posixpath.dirname(source or page),
            directory_urls,
            root,
        )
        found = self._cache.get(key)
        if found is not None:
            return found
        self._links.start(page, directory_urls, source or page, postmortems or NO_POSTMORTEMS, root)
        converted = Converted(clean(self._md.convert(text)))
        if not keep or self._links.to_postmortem:
            return converted  # a postmortem's page address may change from one build to the next
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()  # a long serve session: start again rather than grow forever
        self._cache[key] = converted
        return converted


_CACHE_LIMIT = 200_000


def inline(html: str) -> str:
    """One paragraph without its ``<p>``: for a table cell or a line of the page."""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


_CONVERTERS: dict[str, TextConverter] = {}


def converter_for(setup: SiteMarkdown) -> TextConverter:
    """The converter of a site's Markdown, kept for the process: setting up the extensions
    costs milliseconds, and under ``mkdocs serve`` every rebuild would pay it again."""
    key = json.dumps(
        [[e if isinstance(e, str) else repr(e) for e in setup.extensions], setup.configs],
        sort_keys=True,
        default=repr,
    )
    found = _CONVERTERS.get(key)
    if found is None:
        if len(_CONVERTERS) >= 8:
            _CONVERTERS.clear()
        found = _CONVERTERS[key] = TextConverter(setup)
    return found


class _RelativeLinks(Treeprocessor):
    """Links and images of the text that point into the docs: resolved from the postmortem's
    YAML file, as MkDocs resolves them from a Markdown page (``../runbooks/db.md`` becomes the
    built page's URL), and written for the page the text lands on."""

    def __init__(self) -> None:
        super().__init__()
        self.page = ""
        self.source = ""
        self.directory_urls = True
        self.root = ""
        self.postmortems = NO_POSTMORTEMS
        self.to_postmortem = False

    def start(
        self, page: str, directory_urls: bool, source: str, postmortems: Postmortems, root: str
    ) -> None:
        self.page, self.directory_urls, self.source, self.root = page, directory_urls, source, root
        self.postmortems, self.to_postmortem = postmortems, False

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if attribute and value:
                element.set(attribute, self._resolved(value))

    def _resolved(self, url: str) -> str:
        target = resolve(self.source, url) if is_relative(url) else None
        if target is None:
            return url  # outside the docs (reported by the core) or not relative: as written
        page = self.postmortems.pages.get(target)
        self.to_postmortem = self.to_postmortem or page is not None
        return page_href(self.page, target, url, self.directory_urls, self.postmortems, self.root)


def page_href(
    page: str,
    target: str,
    url: str,
    directory_urls: bool,
    postmortems: Postmortems,
    root: str = "",
) -> str:
    """A link to ``target`` (docs-relative, resolved from ``url`` as written) from the built
    ``page``, with the query and fragment ``url`` gives: a postmortem's file leads to its
    page, a Markdown page or a folder (``../runbooks/``, its index page) to its URL, any other
    file to itself."""
    parts = urlsplit(url)
    suffix = (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )
    if parts.path.endswith("/") or posixpath.basename(parts.path) in (".", ".."):
        target = "index.md" if target == "." else f"{target}/index.md"  # README.md is too
    found = postmortems.pages.get(target)
    if found is not None:
        return href(page, found, directory_urls, root) + suffix
    if target.endswith(".md"):
        return href(page, target, directory_urls, root) + suffix
    return file_href(page, target, directory_urls, root) + suffix


class _LinksExtension(Extension):
    def __init__(self, processor: _RelativeLinks) -> None:
        super().__init__()
        self.processor = processor

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.processor.md = md
        md.treeprocessors.register(self.processor, "postmortem_links", 0)


class PageText:
    """The free text of one page: converted for that page, its links read from ``source``."""

    def __init__(
        self,
        converter: TextConverter,
        page: str,
        directory_urls: bool,
        keep: bool = False,
        source: str = "",
        postmortems: Postmortems | None = None,
        root: str = "",
    ) -> None:
        self.converter = converter
        self.root = root
        self.page = page
        self.directory_urls = directory_urls
        self.keep = keep
        self.source = source
        self.postmortems = postmortems or NO_POSTMORTEMS

    def block(self, markdown_source: str, source: str = "") -> str:
        """Markdown (already made safe) as HTML blocks; ``source``: the file the text comes
        from, when not the page's own postmortem (a relation's note declared by the other)."""
        return self.converter.convert(
            markdown_source,
            self.page,
            self.directory_urls,
            self.keep,
            source or self.source,
            self.postmortems,
            self.root,
        ).html

    def inline(self, markdown_source: str, source: str = "") -> str:
        return inline(self.block(markdown_source, source))

    def path_href(self, url: str) -> str | None:
        """A URL field written as a path (``core.links.is_path``), read from the page's
        postmortem as a link in its text is and written for this page; None when it leaves
        the docs (the core reports it)."""
        target = resolve(self.source or self.page, url)
        if target is None:
            return None
        return page_href(self.page, target, url, self.directory_urls, self.postmortems, self.root)
