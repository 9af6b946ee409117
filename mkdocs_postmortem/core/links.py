"""Relative links and images in a postmortem's Markdown, read as its author writes them: relative
to the YAML file, as in a Markdown page beside it (``../runbooks/db-failover.md`` in
``docs/postmortems/x.yaml`` is ``docs/runbooks/db-failover.md``).

They are found and checked here, before any page exists, so that ``mkdocs-postmortem
validate`` and the build report a missing target the same way, once, at the line of the field
that holds the link. The pages then rewrite each link for the URL of the page it lands on.
A URL field (``links[].url``, ``source.urls``, a graph's or a dashboard's ``url``) written as a
path (``../runbooks/db.md``, ``img/graph.png``) is such a link too: read, checked and rewritten
by the same rule. Which fields hold Markdown or a URL is read from the schema
(``$defs/markdown``, ``$defs/url``), not guessed."""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from .load import LoadedFile
from .places import SchemaPlaces

MARKDOWN_REF = "#/$defs/markdown"
"""The schema's type of free text: every field that refers to it is converted as Markdown."""
URL_REF = "#/$defs/url"
"""The schema's type of a URL field: a web address, a path into the docs or a reference shown
as text; the pages show it as a link (``is_path`` says which values are paths)."""

INLINE_DESTINATION = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
"""An inline link's or image's destination, in angle brackets or with balanced parentheses."""
REFERENCE_DEFINITION = re.compile(
    r"^[ ]{0,3}\[(?!\^)[^\]\n]*\]:[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE
)
"""A reference definition's destination (``[ref]: ../runbooks/db.md``); not a footnote's."""
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]+")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")


class LinkFields:
    """The fields of a schema that hold Markdown (``$defs/markdown``) or a URL
    (``$defs/url``); made once per effective schema."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self._places = SchemaPlaces(schema, _link_kind)

    def links(self, data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """(field path, link) of every link of ``data`` into the docs, in one walk: each
        relative destination of a Markdown field (once per field), and each URL field written
        as a path (``is_path``)."""
        for path, value, kind in self._places.found(data):
            if not isinstance(value, str):
                continue
            if kind == URL_REF:
                if is_path(value):
                    yield path, value
            elif "](" in value or "]:" in value:
                relative = (url for url in destinations(value) if is_relative(url))
                for url in dict.fromkeys(relative):
                    yield path, url


def _link_kind(schema: Mapping[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref if ref in (MARKDOWN_REF, URL_REF) else None


def destinations(text: str) -> list[str]:
    """The destinations of the text's links and images, as written, outside code."""
    return [_unbracketed(text[start:end]) for start, end in destination_spans(text)]


def destination_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of each link's or image's destination outside code, in order:
    for a front end that rewrites them where they stand."""
    words = _without_code(text)
    spans = [
        m.span(1) for p in (INLINE_DESTINATION, REFERENCE_DEFINITION) for m in p.finditer(words)
    ]
    return sorted(s for s in spans if s[0] < s[1])


def _unbracketed(destination: str) -> str:
    return (
        destination[1:-1]
        if destination.startswith("<") and destination.endswith(">")
        else destination
    )


def _without_code(text: str) -> str:
    """The text with fenced code and code spans blanked (same length, line breaks kept), so
    that positions found in it are positions in the text."""
    lines = text.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        if fence:
            closing = line.strip()
            if closing.startswith(fence) and set(closing) == {fence[0]}:
                fence = ""
            lines[index] = " " * len(line)
            continue
        opened = _FENCE.match(line)
        if opened and not (opened.group(1)[0] == "`" and "`" in line[opened.end() :]):
            fence = opened.group(1)
            lines[index] = " " * len(line)
    prose = "\n".join(lines)
    runs = list(_BACKTICKS.finditer(prose))
    blanked = list(prose)
    i = 0
    while i < len(runs):
        opening = runs[i]
        for j in range(i + 1, len(runs)):
            if len(runs[j].group()) == len(opening.group()):
                for k in range(opening.start(), runs[j].end()):
                    if blanked[k] != "\n":
                        blanked[k] = " "
                i = j
                break
        i += 1
    return "".join(blanked)


def scheme_of(url: str) -> str | None:
    """A link's scheme as a browser reads it (lower case): entities decoded and invisible
    characters dropped, so ``&#x6A;avascript:`` and ``java\tscript:`` are ``javascript``."""
    match = _SCHEME.match(_INVISIBLE.sub("", html.unescape(url)).lstrip("<"))
    return match.group(1).lower() if match else None


def is_relative(url: str) -> bool:
    """A link into the docs: no scheme, no host, not absolute, not only ``#anchor``. A scheme
    hidden by entities or invisible characters (``&#x6A;avascript:``) is a scheme: the pages
    remove such a link (``markdown_text.is_safe_url``), there is nothing to check."""
    if scheme_of(url) is not None:
        return False
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or not parts.path or url.startswith(("/", "\\")))


_FILE_NAME = re.compile(r"[^/]*\.[A-Za-z][A-Za-z0-9]{0,7}")
"""The last part of a path that names a file by its extension (``graph.png``, ``db.md``)."""


def is_path(value: str) -> bool:
    """Whether a URL field's value is a path into the docs, read relative to the YAML file as
    a link in the text is: relative (``is_relative``), without spaces, and written as a path,
    with a ``/`` (``img/graph.png``, ``../runbooks/``) or a file name's extension
    (``notes.md``). Anything else (``JIRA-123``, ``#incident-42``, ``Grafana: API latency``)
    is a reference, shown as text; a web address has its scheme (``https://``)."""
    if any(char.isspace() for char in value) or not is_relative(value):
        return False
    path = urlsplit(value).path
    return "/" in path or bool(_FILE_NAME.fullmatch(path))


def resolve(source: str, url: str) -> str | None:
    """The docs path a relative ``url`` written in the file ``source`` (docs-relative) points
    to; None when it leaves the docs folder."""
    written = unquote(urlsplit(url).path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), written))
    return None if target == ".." or target.startswith("../") else target


def page_of_folder(target: str, exists: Callable[[str], bool]) -> str | None:
    """The page a link to a folder opens, as MkDocs serves it (``index.md``, ``README.md``)."""
    for name in ("index.md", "README.md"):
        candidate = posixpath.join(target, name) if target != "." else name
        if exists(candidate):
            return candidate
    return None


def check_links(files: list[LoadedFile], fields: LinkFields, site_files: Collection[str]) -> None:
    """Reports, on its file and field, each relative link of the text and each URL field
    written as a path whose target is not a file of the site (``site_files``: the docs files,
    the postmortems and the archive's own pages): one rule for both, as the pages show both
    as links. A ``#anchor`` is not checked. The file is published all the same: a broken
    link is a warning."""
    for loaded in files:
        if loaded.data is not None:
            for path, url in fields.links(loaded.data):
                message = _problem(loaded.source.src_uri, url, site_files)
                if message:
                    loaded.add(path, message, blocking=False)


def _problem(source: str, url: str, site_files: Collection[str]) -> str | None:
    target = resolve(source, url)
    if target is None:
        return (
            f"the link '{url}' points outside the docs folder; a link is relative to this YAML "
            "file and must lead to a file of the docs (or be a full https:// URL)"
        )
    if target in site_files or page_of_folder(target, site_files.__contains__):
        return None
    return (
        f"the link '{url}' points to '{target}', which is not a file of the docs; a link is "
        "relative to this YAML file, as in a Markdown page beside it"
    )


def docs_listing(docs_dir: str, exclude: Callable[[str], bool] | None = None) -> set[str]:
    """The files of ``docs_dir`` a site is built from (docs-relative paths), for front ends that
    MkDocs gives no file list: dot files and the top ``templates/`` folder left out, as MkDocs
    leaves them out by default, and what ``exclude`` names (a site's ``exclude_docs``)."""
    found: set[str] = set()
    for root, dirs, names in os.walk(docs_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_root = os.path.relpath(root, docs_dir).replace(os.sep, "/")
        if rel_root == ".":
            dirs[:] = [d for d in dirs if d != "templates"]
        for name in names:
            rel = name if rel_root == "." else f"{rel_root}/{name}"
            if not name.startswith(".") and not (exclude and exclude(rel)):
                found.add(rel)
    return found
