"""The filters of the HTML page templates. Jinja escapes every value; free text is converted
as the site converts its pages, by a converter that reads no HTML, and cleaned by an
allow-list (``text_html``); a value becomes a link only when it is a safe URL or a ticket a
team rule names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from ..core.links import is_path
from ..core.moments import written as moment_written
from ..core.spans import Span
from . import markdown_text as mdtext
from .incident_view import figure_written, flatten, written_value
from .text_html import PageText


def ticket_target(value: object, rules: Iterable[tuple[str, str]]) -> tuple[str, str | None]:
    """(text, URL) of a ticket reference: a link when a team rule matches it whole
    (``JIRA-123`` with ``https://tracker/browse/{id}``) or when it is an http(s) URL; no URL
    for anything else, never an anchor of the page (``#1095`` is a ticket, not a heading)."""
    text = " ".join(str(value).split())
    for pattern, template in rules:
        match = re.fullmatch(pattern, text)
        if match is not None:
            url = template.format(
                id=quote(text, safe=""),
                **{k: quote(v or "", safe="") for k, v in match.groupdict().items()},
            )
            return text, url
    if re.match(r"(?i)https?://", text):
        return text, text
    return text, None


CURRENT_PAGE: ContextVar[PageText | None] = ContextVar("CURRENT_PAGE", default=None)
"""The page being rendered: its free text is converted for it. Set around a render, so that
macros imported without the page's context (and so compiled once) convert text too."""


def _text(context: jinja2.runtime.Context) -> PageText:
    found = context.get("page_text") or CURRENT_PAGE.get()
    if not isinstance(found, PageText):
        raise RuntimeError("this filter needs the page_text of an HTML page")
    return found


@jinja2.pass_context
def md(context: jinja2.runtime.Context, value: Any, source: str = "") -> Markup:
    """Free text as blocks (paragraphs, lists, code); its relative links are read from the
    page's postmortem, or from ``source`` (the YAML file the text was written in)."""
    return Markup(_text(context).block(str(value), source))  # noqa: S704 - cleaned HTML


@jinja2.pass_context
def md_inline(context: jinja2.runtime.Context, value: Any, source: str = "") -> Markup:
    """Free text in a line or a table cell: one paragraph loses its ``<p>``."""
    return Markup(_text(context).inline(str(value), source))  # noqa: S704 - cleaned HTML


@jinja2.pass_context
def code(
    context: jinja2.runtime.Context, value: Any, language: str = "", caption: Any = ""
) -> Markup:
    """A code block, highlighted as the site highlights its own."""
    source = mdtext.code_block(value, language, caption)
    return Markup(_text(context).block(source))  # noqa: S704 - cleaned HTML


@jinja2.pass_context
def link(context: jinja2.runtime.Context, url: Any, title: Any = None) -> Markup:
    """A link when ``url`` is a safe URL, or a path into the docs read from the page's
    postmortem as a link in its text is (``../runbooks/db.md``, written for this page); the
    text otherwise."""
    target = " ".join(str(url).split())
    page = context.get("page_text") or CURRENT_PAGE.get()
    if isinstance(page, PageText) and is_path(target):
        found = page.path_href(target)
        href = None if found is None else quote(found, safe=mdtext.HREF_SAFE)
    else:
        href = mdtext.safe_href(target)
    return _anchor(href, target, title)


def _anchor(href: str | None, target: str, title: Any) -> Markup:
    label = escape(title if title else target)
    if href is None:
        return label if not title else Markup("{} ({})").format(label, target)
    return Markup('<a href="{}">{}</a>').format(href, label)


@jinja2.pass_context
def ticket(context: jinja2.runtime.Context, value: Any) -> Markup:
    text, url = ticket_target(value, context.get("ticket_links", ()))
    return escape(text) if url is None else _anchor(mdtext.safe_href(url), url, text)


def duration(value: Span | None) -> str:
    return "—" if value is None else value.text


@jinja2.pass_context
def shown(context: jinja2.runtime.Context, value: Any, kind: str) -> Markup | str:
    """A value shown as ``kind``: md, inline, code, link, ticket, list, moment, figure, or
    plain text as written."""
    if value is None:
        return ""
    if kind == "md":
        return md(context, value)
    if kind == "inline":
        return md_inline(context, value)
    if kind == "code":
        return Markup("<code>{}</code>").format(" ".join(str(value).split()))
    if kind == "link":
        return link(context, value)
    if kind == "ticket":
        return ticket(context, value)
    if kind == "list":
        return ", ".join(written_value(v) for v in _items(value))
    if kind == "ext":
        return Markup("<br>").join(
            (f"{path}: " if path else "") + written_value(item) for path, item in flatten(value)
        )
    if kind == "moment":  # as written, with the note of the structured form
        note = value.get("note") if isinstance(value, dict) else None
        if note:
            return Markup('{}<br><span class="pm-note">{}</span>').format(
                moment_written(value), note
            )
        return moment_written(value)
    if kind == "figure":
        return figure_written(value)
    return written_value(value)


def _items(value: Any) -> Iterable[Any]:
    return value if isinstance(value, list) else [value]


FILTERS = {
    "md": md,
    "md_inline": md_inline,
    "code": code,
    "link": link,
    "ticket": ticket,
    "duration": duration,
    "shown": shown,
    "written": written_value,
    "figure": figure_written,
    "moment": moment_written,
}
