"""The second wall: the HTML made from a postmortem's text is cleaned by an allow-list.

``safe_markdown`` stops raw HTML at the source, but the site's Markdown extensions are the
team's choice, and any of them may write elements of its own (inline SVG emoji, math in a
``<script>``). Every piece of HTML converted from postmortem text therefore goes through nh3
(the Python binding of ammonia, the sanitizer of the Rust ecosystem, built on the html5ever
parser that browsers' parsing rules are specified by): tags and attributes not listed here are
dropped, ``<script>`` and ``<style>`` with their content, comments too, and links keep only
http, https, mailto and relative targets. The list holds what Python-Markdown and the
extensions of Material's documentation write, nothing that runs or styles the page.
"""

from __future__ import annotations

import nh3

from .safe_markdown import SAFE_SCHEMES

TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
        "label", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
        "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var", "wbr",
        "svg", "path", "g", "circle", "rect", "line", "polyline", "polygon", "ellipse",
    }
)  # fmt: skip
"""Text, lists, tables, code, footnotes, admonitions, details, tabs (``input``/``label``),
task lists, and inline SVG icons (Material's emoji)."""

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "li": {"value"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align", "scope"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "details": {"open"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "svg": {"xmlns", "viewbox", "viewBox", "width", "height", "fill", "aria-hidden"},
    **{
        shape: {"d", "fill", "fill-rule", "clip-rule", "cx", "cy", "r", "rx", "ry", "x", "y",
                "x1", "x2", "y1", "y2", "points", "width", "height", "transform"}
        for shape in ("path", "g", "circle", "rect", "line", "polyline", "polygon", "ellipse")
    },
}  # fmt: skip
"""No event handler, no ``style`` but a table cell's alignment, no ``data-`` attribute (the
page's search filters are ``data-pagefind-*``: text must not forge them)."""

STYLE_PROPERTIES = frozenset({"text-align"})
"""The one style a table of the text sets (its column alignment)."""

_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes=ATTRIBUTES,
    url_schemes=set(SAFE_SCHEMES),
    link_rel=None,
    strip_comments=True,
    clean_content_tags={"script", "style"},
    filter_style_properties=set(STYLE_PROPERTIES),
)


def clean(html: str) -> str:
    """``html`` with only the allowed tags, attributes and link targets."""
    return _CLEANER.clean(html)
