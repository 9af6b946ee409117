"""HTML fragments in Markdown pages: a page holds a placeholder line where a derived list goes,
and the list's HTML replaces it, in the converted page (the plugin, after Python-Markdown) or
in the Markdown itself (``render``'s files). Also the tidying of the Markdown the templates
leave, which must keep code blocks as written."""

from __future__ import annotations

import re
from collections.abc import Sequence

FRAGMENT = "<!-- postmortem:fragment {} -->"
_FRAGMENT = re.compile(r"^<!-- postmortem:fragment (\d+) -->$", re.MULTILINE)


def splice(html: str, fragments: Sequence[str]) -> str:
    """The HTML MkDocs made of a page, with each placeholder line replaced by its fragment.
    Postmortem text cannot add one: MkDocs' HTML escapes every ``<`` it holds, code included."""
    if not fragments:
        return html
    return _FRAGMENT.sub(lambda m: _fragment(fragments, m), html)


def splice_markdown(markdown: str, fragments: Sequence[str]) -> str:
    """The page's Markdown with each placeholder line replaced by its fragment. A code block
    of a postmortem may hold a line that reads like a placeholder: lines in code stay as
    they are."""
    if not fragments:
        return markdown
    out: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        placeholder = None if fence else _FRAGMENT.fullmatch(line.lstrip(" "))
        fence = _fence_after(line, fence)
        if placeholder is None:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]  # inside an admonition, say
        out.extend(indent + part for part in _fragment(fragments, placeholder).split("\n"))
    return "\n".join(out)


def _fragment(fragments: Sequence[str], match: re.Match[str]) -> str:
    index = int(match.group(1))
    return fragments[index] if index < len(fragments) else ""


_FENCE = re.compile(r"^\s*(`{3,}(?!.*`)|~{3,})")
"""A fence opener; a backtick fence's info string holds no backtick (CommonMark), so a line
that starts with a code span (```x``` broke) is text, as ``markdown_text`` reads it."""


def _fence_after(line: str, fence: str) -> str:
    """The fence open after ``line`` ("" outside code), given the one open before it."""
    match = _FENCE.match(line)
    if not fence:
        return match.group(1) if match else ""
    if (
        match
        and match.group(1)[0] == fence[0]
        and len(match.group(1)) >= len(fence)
        and not line.strip()[len(match.group(1)) :]
    ):
        return ""
    return fence


def tidy(markdown: str) -> str:
    """Collapse the blank lines that optional sections leave behind, except inside code."""
    out: list[str] = []
    fence = ""
    blank = 0
    for line in markdown.split("\n"):
        if fence:
            out.append(line)
            fence = _fence_after(line, fence)
            continue
        fence = _fence_after(line, fence)
        if not line.strip():
            blank += 1
            if blank > 1:
                continue
        else:
            blank = 0
        out.append(line.rstrip() if not line.strip() else line)
    return "\n".join(out).strip("\n") + "\n"
