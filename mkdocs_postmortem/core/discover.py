"""Which files of ``docs_dir`` are postmortems: the ``paths`` globs, where ``**`` spans folders
and ``*`` does not, as every front end matches them."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .settings import Settings


@dataclass(frozen=True)
class SourceFile:
    src_uri: str
    """Path relative to docs_dir, with forward slashes."""
    abs_path: str
    display: str
    """Path shown in messages: relative to the project folder (where mkdocs.yml is)."""


def glob_matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Match docs-relative paths against globs where ``**`` spans folders and ``*`` does not."""
    regexes = [re.compile(_glob_to_regex(p)) for p in patterns]
    return lambda path: any(r.fullmatch(path) for r in regexes)


@lru_cache(maxsize=32)
def _glob_to_regex(pattern: str) -> str:
    out, i = [], 0
    pattern = pattern.strip().lstrip("/")
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


def source_for(settings: Settings, src_uri: str, abs_path: str) -> SourceFile:
    display = os.path.relpath(abs_path, settings.project_dir).replace(os.sep, "/")
    if display.startswith("../"):
        display = abs_path.replace(os.sep, "/")
    return SourceFile(src_uri=src_uri, abs_path=abs_path, display=display)


def discover(settings: Settings, exclude: Callable[[str], bool] | None = None) -> list[SourceFile]:
    """Walk docs_dir for files matching the configured globs, less those ``exclude`` names (a
    site's ``exclude_docs``): for front ends that MkDocs gives no file list."""
    match = glob_matcher(settings.paths)
    found = []
    for root, dirs, files in os.walk(settings.docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            abs_path = os.path.join(root, name)
            rel = os.path.relpath(abs_path, settings.docs_dir).replace(os.sep, "/")
            if match(rel) and not (exclude and exclude(rel)):
                found.append(source_for(settings, rel, abs_path))
    return sorted(found, key=lambda f: f.src_uri)
