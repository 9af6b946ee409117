"""Untrusted text into Markdown: formatting survives, HTML and script do not.

Postmortem text may come from a stranger's pull request, and MkDocs passes raw HTML in Markdown
straight to the page. Escaping is done here, in the Markdown we generate (not in the HTML after
the build), so that the same pages stay safe when they are built without the plugin.

* Free text keeps its Markdown. Outside code, ``<`` becomes ``&lt;`` (no raw HTML, no autolinks,
  no snippet includes), ``{`` becomes ``&#123;`` (no attribute lists such as ``{onclick=...}``),
  ``///`` block openers are broken, and link or image targets with a scheme other than
  http, https or mailto are replaced. Code spans and fenced code keep their text; Markdown
  escapes that itself.
* Plain values (names, ids, labels) show exactly as written.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from ..core.links import scheme_of

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
BLOCKED_LINK = "#unsafe-link-removed"

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_BACKTICKS = re.compile(r"`+")
_INLINE_DEST = re.compile(r"(\]\(\s*)(&lt;[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
"""An inline link's destination: in angle brackets (already escaped), or with balanced
parentheses, as CommonMark reads ``[x](javascript:alert(1))``."""
_REF_DEFINITION = re.compile(r"^([ ]{0,3}\[[^\]\n]*\]:[ \t]*)(\S*)", re.MULTILINE)
_BLOCK_OPENER = re.compile(r"^([ \t]*)/(?=//)", re.MULTILINE)
_SNIPPET = re.compile(r"-8<-")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_BLOCK_START = re.compile(r"^(?:([#>]|[+\-](?=\s))|(\d+)([.)])(?=\s|$))")


def markdown(text: object) -> str:
    """Free text: Markdown kept, raw HTML and unsafe links neutralised."""
    return _escape(str(text), table_cell=False)


def cell(text: object) -> str:
    """Free text inside a table cell: one line, with pipes that do not split the row."""
    escaped = _escape(str(text).strip(), table_cell=True)
    return re.sub(r"\s*\n\s*", "<br>", escaped)


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


def title(value: object) -> str:
    """Text inside a quoted admonition title: one line, no double quote, no raw HTML."""
    return _escape(" ".join(str(value).split()).replace('"', "'"), table_cell=False)


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


def inline_code(value: object) -> str:
    text = _SNIPPET.sub("-8\u200b<-", " ".join(str(value).split()))
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto URLs and for scheme-less (relative) references."""
    scheme = scheme_of(url)
    return scheme is None or scheme in SAFE_SCHEMES


def safe_href(url: object) -> str | None:
    """The link target for a value that is a URL and safe to follow (http, https, mailto, or
    a path); None for anything else. Never ``#...``: a value such as the ticket #1095 is not an
    anchor of the page."""
    target = str(url).strip()
    looks_like_url = bool(_SCHEME.match(target)) or target.startswith(("/", "./", "../"))
    if not looks_like_url or not is_safe_url(target) or any(c.isspace() for c in target):
        return None
    return quote(target, safe=":/?#[]@!$&'*+,;=%~-._")


def link(url: object, title: object = None) -> str:
    """A Markdown link when the URL is safe and looks like one; otherwise the text as it is."""
    target = str(url).strip()
    label = plain(title) if title else plain(target)
    href = safe_href(target)
    if href is None:
        return label if title is None else f"{label} ({plain(target)})"
    return f"[{label}]({href})"


def _escape(text: str, *, table_cell: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SNIPPET.sub("-8\u200b<-", text)
    out: list[str] = []
    prose: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        opened = _FENCE_OPEN.match(lines[i])
        if opened is None:
            prose.append(lines[i])
            i += 1
            continue
        fence = opened.group("fence")
        info = opened.group("info").strip()
        if fence[0] == "`" and "`" in info:  # not a fence: a code span at line start
            prose.append(lines[i])
            i += 1
            continue
        if prose:
            out.append(_escape_prose("\n".join(prose), table_cell))
            prose = []
        block = [_safe_fence_line(opened)]
        i += 1
        while i < len(lines):
            closing = lines[i].strip()
            block.append(lines[i])
            i += 1
            if closing.startswith(fence[0] * len(fence)) and set(closing) == {fence[0]}:
                break
        else:
            block.append(opened.group("indent") + fence)  # an unclosed fence ends with the text
        if table_cell:  # a table cell holds one line: the code becomes a code span
            out.append(inline_code(" ".join(block[1:-1])))
        else:
            out.append("\n".join(block))
    if prose:
        out.append(_escape_prose("\n".join(prose), table_cell))
    return "\n".join(out)


def _safe_fence_line(opened: re.Match[str]) -> str:
    """Keep the language of a fence, but never hand untrusted text to a diagram renderer."""
    info = opened.group("info").strip()
    language = info.split()[0].lstrip(".{") if info else ""
    if not re.fullmatch(r"[A-Za-z0-9_+#.-]{1,32}", language) or language.lower() == "mermaid":
        language = "text" if info else ""
    return f"{opened.group('indent')}{opened.group('fence')}{language}"


def _escape_prose(text: str, table_cell: bool) -> str:
    """Escape everything outside code spans; code spans are kept byte for byte."""
    parts: list[str] = []
    pos = 0
    for start, end in _code_spans(text):
        parts.append(_escape_text(text[pos:start], table_cell))
        parts.append(text[start:end])
        pos = end
    parts.append(_escape_text(text[pos:], table_cell))
    return "".join(parts)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of backtick code spans: a run of n backticks closed by a run of exactly n."""
    spans = []
    runs = list(_BACKTICKS.finditer(text))
    i = 0
    while i < len(runs):
        opening = runs[i]
        for j in range(i + 1, len(runs)):
            if len(runs[j].group()) == len(opening.group()):
                spans.append((opening.start(), runs[j].end()))
                i = j
                break
        i += 1
    return spans


def _escape_text(text: str, table_cell: bool) -> str:
    text = text.replace("<", "&lt;").replace("{", "&#123;")
    text = _BLOCK_OPENER.sub(r"\1&#47;", text)
    text = _INLINE_DEST.sub(_checked_destination, text)
    text = _REF_DEFINITION.sub(_checked_destination, text)
    if table_cell:
        text = re.sub(r"(?<!\\)\|", r"\\|", text)
    return text


def _checked_destination(match: re.Match[str]) -> str:
    before, destination = match.group(1), match.group(2)
    if is_safe_url(destination):
        return match.group(0)
    return before + BLOCKED_LINK
