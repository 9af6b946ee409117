"""Text written into Markdown that a converter reads, so that it reads it exactly as it is: a
heading's text in the files ``render`` writes, escaped character by character; a code block
in a fence longer than any backtick run in it; a link target only when it is safe. Nothing
here guesses how Markdown reads a stranger's text: free text is converted by ``text_html``,
and everything else on a page is HTML from an autoescaped template.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from .safe_markdown import is_safe_url

_BACKTICKS = re.compile(r"`+")
_SNIPPET = re.compile(r"-8<-")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_BLOCK_START = re.compile(r"^(?:([#>]|[+\-](?=\s))|(\d+)([.)])(?=\s|$))")


HREF_SAFE = ":/?#[]@!$&'*+,;=%~-._"
"""What a link target keeps as it is; anything else is percent-encoded."""

_PLAIN_SAFE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.:;()'/@+=?!%-]*")


def plain(value: object) -> str:
    """A plain value (name, id, label) shown exactly as written."""
    text = str(value)
    if _PLAIN_SAFE.fullmatch(text) and "  " not in text and not text.endswith(" "):
        return text  # the common case: nothing that Markdown or HTML would read
    text = html.escape(text, quote=False)
    text = re.sub(r"([\\`*_\[\]|])", r"\\\1", text)
    text = text.replace("{", "&#123;")
    text = re.sub(r"\s*\n\s*", " ", text.strip())
    # Characters that start a block (heading, quote, list) are escaped when they lead.
    return _BLOCK_START.sub(
        lambda m: "\\" + m.group(0) if m.group(1) else m.group(2) + "\\" + m.group(3), text
    )


def code_block(text: object, language: str = "", caption: object = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside; the caption
    (shown above the code by Material) is reduced to characters that cannot end the title."""
    body = _SNIPPET.sub("-8\u200b<-", str(text).rstrip("\n"))
    longest = max((len(m) for m in _BACKTICKS.findall(body)), default=0)
    fence = "`" * max(3, longest + 1)
    lang = language if re.fullmatch(r"[A-Za-z0-9_+#.-]{1,32}", language or "") else "text"
    title = re.sub(r"[\"<>&\\\s]+", " ", str(caption)).strip()
    attrs = f' title="{title}"' if title else ""
    return f"{fence}{lang}{attrs}\n{body}\n{fence}"


def safe_href(url: object) -> str | None:
    """The link target for a value that is a URL and safe to follow (http, https, mailto, or
    a path); None for anything else. Never ``#...``: a value such as the ticket #1095 is not an
    anchor of the page."""
    target = str(url).strip()
    looks_like_url = bool(_SCHEME.match(target)) or target.startswith(("/", "./", "../"))
    if not looks_like_url or not is_safe_url(target) or any(c.isspace() for c in target):
        return None
    return quote(target, safe=HREF_SAFE)
