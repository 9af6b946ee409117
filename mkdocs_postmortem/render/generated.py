"""What rendering hands the front ends: pages (front matter for MkDocs, the body as HTML) and
the other files of the archive."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..core.model import Incident
from .outline import Document


@dataclass(frozen=True)
class GeneratedAsset:
    """A generated file that is not a page: schema, charts, exports."""

    src_uri: str
    content: str


@dataclass(frozen=True)
class GeneratedPage:
    """A page written as HTML: MkDocs converts only its front matter and never parses the
    body's structure; only the free text in it went through Markdown (``text_html``)."""

    src_uri: str
    content: str
    """What MkDocs converts: the page's front matter alone."""
    document: Document
    """The body, with its headings as the site's toc extension makes them."""
    in_nav: bool = False
    incident: Incident | None = None

    @property
    def text(self) -> str:
        """The page as one Markdown file, its HTML as raw HTML blocks: for builds that run no
        plugin (``mkdocs-postmortem render``)."""
        return self.content + "\n" + self.document.markdown()

    def html(self) -> str:
        """The body for the built page, in place of what MkDocs made of the front matter."""
        return self.document.html()

    def packed(self) -> GeneratedPage:
        """The page holding its HTML compressed until MkDocs asks for it (``Document.packed``):
        a build makes every page before MkDocs converts the first one."""
        if self.document.packed_html:
            return self
        return replace(self, document=self.document.packed())

    def detached(self) -> GeneratedPage:
        """What the build still needs once MkDocs has the page's file: its HTML, not the
        incident behind it (a large archive's postmortems are not held for the whole build)."""
        return replace(self.packed(), content="", incident=None)


def front_matter(meta: Mapping[str, Any]) -> str:
    """YAML front matter. Material prints title, description and tags unescaped: the renderer
    escapes them (``escape_attr``). Written as JSON, which is YAML too, and some hundred times
    faster to write than PyYAML's pure-Python dumper."""
    # ASCII only: YAML 1.1 would read a raw U+2028 or U+0085 inside a string as a line break.
    lines = [f"{json.dumps(key)}: {json.dumps(value)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def escape_attr(value: object) -> str:
    """A value on one line, escaped for HTML: what Material may print as it is."""
    return html.escape(" ".join(str(value).split()), quote=True)
