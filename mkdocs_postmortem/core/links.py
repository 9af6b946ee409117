"""Relative links and images in a postmortem's Markdown, read as its author writes them: relative
to the YAML file, as in a Markdown page beside it (``../runbooks/db-failover.md`` in
``docs/postmortems/x.yaml`` is ``docs/runbooks/db-failover.md``).

They are found and checked here, before any page exists, so that ``mkdocs-postmortem
validate`` and the build report a missing target the same way, once, at the line of the field
that holds the link. The pages then rewrite each link for the URL of the page it lands on.
Which fields hold Markdown is read from the schema (``$defs/markdown``), not guessed."""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from .load import LoadedFile

MARKDOWN_REF = "#/$defs/markdown"
"""The schema's type of free text: every field that refers to it is converted as Markdown."""

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


@dataclass
class _Node:
    """Where a schema puts Markdown, for one place of a document and what it holds."""

    markdown: bool = False
    properties: dict[str, _Node] = field(default_factory=dict)
    items: _Node | None = None
    other: _Node | None = None
    """Properties the schema names by pattern or leaves open (``additionalProperties``)."""


class MarkdownFields:
    """The fields of a schema that hold Markdown; made once per effective schema."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self._defs: dict[str, Any] = {}
        for part in (schema, *schema.get("allOf", [])):
            if isinstance(part, Mapping):
                self._defs.update(part.get("$defs", {}))
        self._root = _Node()
        self._into(self._root, schema, frozenset())

    def _into(self, node: _Node, schema: Any, refs: frozenset[str]) -> None:
        """Adds what ``schema`` says of a place to ``node``: every alternative counts, so a field
        that is Markdown in one branch (text, or a mapping with a note) is read as Markdown."""
        if not isinstance(schema, Mapping):
            return
        ref = schema.get("$ref")
        if ref == MARKDOWN_REF:
            node.markdown = True
        elif isinstance(ref, str) and ref.startswith("#/$defs/") and ref not in refs:
            self._into(node, self._defs.get(ref.removeprefix("#/$defs/")), refs | {ref})
        for name, sub in (schema.get("properties") or {}).items():
            self._into(node.properties.setdefault(name, _Node()), sub, refs)
        for sub in (schema.get("items"), *(schema.get("prefixItems") or ())):
            if isinstance(sub, Mapping):
                node.items = node.items or _Node()
                self._into(node.items, sub, refs)
        patterns = (schema.get("patternProperties") or {}).values()
        for sub in (schema.get("additionalProperties"), *patterns):
            if isinstance(sub, Mapping):
                node.other = node.other or _Node()
                self._into(node.other, sub, refs)
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key) or ():
                self._into(node, sub, refs)
        for key in ("then", "else"):
            self._into(node, schema.get(key), refs)

    def linking(self, data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """(field path, text) of every Markdown field of ``data`` that may hold a link."""
        yield from _linking(self._root, data, ())


def _linking(
    node: _Node, value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        if node.markdown and ("](" in value or "]:" in value):
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            child = node.properties.get(key) or node.other
            if child is not None and isinstance(key, str):
                yield from _linking(child, item, (*path, key))
    elif isinstance(value, list) and node.items is not None:
        for index, item in enumerate(value):
            yield from _linking(node.items, item, (*path, index))


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


def check_links(
    files: list[LoadedFile], fields: MarkdownFields, site_files: Collection[str]
) -> None:
    """Reports, on its file and field, each relative link whose target is not a file of the
    site (``site_files``: the docs files, the postmortems and the archive's own pages). A
    ``#anchor`` is not checked. The file is published all the same: a broken link is a warning."""
    for loaded in files:
        if loaded.data is None:
            continue
        for path, text in fields.linking(loaded.data):
            reported: set[str] = set()
            for url in destinations(text):
                if url in reported or not is_relative(url):
                    continue
                reported.add(url)
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
