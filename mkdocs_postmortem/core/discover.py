"""Which files of ``docs_dir`` are postmortems: the ``paths`` globs, where ``**`` spans folders,
``*`` does not and a file extension matches in any case, as every front end matches them; and
the YAML files outside those globs that look like postmortems, so that none is left out
silently; and how every front end reads a file of ``docs_dir`` (``read_regular``): a stranger's
pull request may make one a symbolic link or a named pipe."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .problems import DOCUMENT, Problem
from .settings import Settings


@dataclass(frozen=True)
class SourceFile:
    src_uri: str
    """Path relative to docs_dir, with forward slashes."""
    abs_path: str
    display: str
    """Path shown in messages: relative to the repository's top folder when the project is in
    a git work tree (what GitHub annotations and a monorepo's reviewers need), else to the
    project folder (where mkdocs.yml is)."""


def glob_matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Match docs-relative paths against globs where ``**`` spans folders and ``*`` does not."""
    regexes = [re.compile(_glob_to_regex(p)) for p in patterns]
    return lambda path: any(r.fullmatch(path) for r in regexes)


@lru_cache(maxsize=32)
def _glob_to_regex(pattern: str) -> str:
    out, i = [], 0
    pattern = pattern.strip().lstrip("/")
    # A literal extension matches in any case: `.YAML` and `.Yml` are YAML files too.
    extension = re.search(r"\.[A-Za-z0-9]+$", pattern)
    suffix = ""
    if extension:
        suffix = f"(?i:{re.escape(extension.group())})"
        pattern = pattern[: extension.start()]
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
    return "".join(out) + suffix


@lru_cache(maxsize=16)
def repository_root(folder: str) -> str | None:
    """The top folder of the git work tree holding ``folder`` (the nearest one with a ``.git``
    folder or file, as git finds it), or None outside git."""
    here = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def source_for(settings: Settings, src_uri: str, abs_path: str) -> SourceFile:
    for base in (repository_root(settings.project_dir), settings.project_dir):
        if base is None:
            continue
        display = os.path.relpath(abs_path, base).replace(os.sep, "/")
        if not display.startswith("../"):
            break
    else:
        display = abs_path.replace(os.sep, "/")
    return SourceFile(src_uri=src_uri, abs_path=abs_path, display=display)


def is_yaml(path: str) -> bool:
    """A YAML file by its extension, in any case."""
    return path.lower().endswith((".yaml", ".yml"))


@dataclass(frozen=True)
class Discovery:
    sources: list[SourceFile]
    """The postmortems: files the ``paths`` globs match."""
    other_yaml: list[SourceFile]
    """Every other YAML file of docs_dir, for ``look_alikes``."""


def walk(settings: Settings, exclude: Callable[[str], bool] | None = None) -> Discovery:
    """Walk docs_dir once for the files matching the configured globs and the other YAML
    files, less those ``exclude`` names (a site's ``exclude_docs``) and hidden folders: for
    front ends that MkDocs gives no file list."""
    match = glob_matcher(settings.paths)
    found: list[SourceFile] = []
    other: list[SourceFile] = []
    for root, dirs, files in os.walk(settings.docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            abs_path = os.path.join(root, name)
            rel = os.path.relpath(abs_path, settings.docs_dir).replace(os.sep, "/")
            if exclude and exclude(rel):
                continue
            if match(rel):
                found.append(source_for(settings, rel, abs_path))
            elif is_yaml(rel):
                other.append(source_for(settings, rel, abs_path))
    return Discovery(sorted(found, key=lambda f: f.src_uri), sorted(other, key=lambda f: f.src_uri))


def discover(settings: Settings, exclude: Callable[[str], bool] | None = None) -> list[SourceFile]:
    """The postmortems of docs_dir (see ``walk``)."""
    return walk(settings, exclude).sources


_TOP_LEVEL_KEY = re.compile(
    r"""^(?:(id|severity)|"(id|severity)"|'(id|severity)')[ \t]*:(?=[ \t\r]|$)(.*)$""", re.M
)


@dataclass(frozen=True)
class LookAlike:
    """A YAML file outside the ``paths`` globs with the top-level keys of a postmortem."""

    source: SourceFile
    line: int
    """Line of its ``id`` key."""
    declared_id: str
    """Its id as written (for ``new``, which must not hand it out again); may be empty."""

    def problem(self, settings: Settings) -> Problem:
        globs = ", ".join(settings.paths)
        return Problem(
            self.source.display,
            self.line,
            1,
            DOCUMENT,
            "looks like a postmortem (top-level id and severity) but is outside the plugin's "
            f"paths option ({globs}), so it is neither checked nor published as an incident "
            "page; move it to a folder those globs match, or add a glob for it to paths",
        )


def look_alikes(settings: Settings, candidates: Iterable[SourceFile]) -> list[LookAlike]:
    """The ``candidates`` (YAML files the globs do not match) that look like postmortems: a
    line scan for top-level ``id`` and ``severity`` keys in at most ``max_file_size`` bytes,
    without parsing, so a stranger's file costs no more than reading it. What ``read_regular``
    refuses (a FIFO, a link out of docs_dir) is not read, so not scanned."""
    found = []
    for source in candidates:
        look_alike = scan(source, settings.max_file_size, settings.docs_dir)
        if look_alike is not None:
            found.append(look_alike)
    return found


def scan(source: SourceFile, limit: int, docs_dir: str | None) -> LookAlike | None:
    """``source`` as a look-alike, if its first ``limit`` bytes have a postmortem's top-level
    keys (see ``look_alikes``); None for any other file, and one that cannot be read."""
    try:
        head, _size = read_regular(source.abs_path, limit, docs_dir)
    except (NotAFile, OSError):
        return None
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    keys: dict[str, tuple[int, str]] = {}
    for match in _TOP_LEVEL_KEY.finditer(text):
        key = next(k for k in match.groups()[:3] if k)
        if key not in keys:
            keys[key] = (text.count("\n", 0, match.start()) + 1, match.group(4))
            if len(keys) == 2:
                break
    if "id" in keys and "severity" in keys:
        line, value = keys["id"]
        return LookAlike(source, line, _scalar_text(value))
    return None


def _scalar_text(value: str) -> str:
    """The text of a one-line scalar as written after a key: quotes and a comment removed."""
    value = value.strip()
    if value[:1] in ("'", '"'):
        end = value.find(value[0], 1)
        return value[1:end] if end > 0 else ""
    return re.split(r"\s#", value, maxsplit=1)[0].strip()


class NotAFile(Exception):
    """A path that is refused unread: not a regular file, or a file of docs_dir whose real
    location is outside it. The message says which, for ``path:1:1: (document): ...``."""


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""O_NONBLOCK: should a FIFO take the file's place between the check and the open, opening
it returns at once instead of waiting for a writer (the fstat after the open then refuses it)."""


def read_regular(path: str, limit: int, docs_dir: str | None = None) -> tuple[bytes, int]:
    """At most ``limit`` bytes of the regular file at ``path``, and its size; NotAFile, unread,
    for what ``refusal`` refuses; OSError when the file cannot be read."""
    why = refusal(path, docs_dir)
    if why:
        raise NotAFile(why)
    with open(os.open(path, _OPEN_FLAGS), "rb") as fh:
        info = os.fstat(fh.fileno())
        kind = _kind(info.st_mode)
        if kind:  # replaced since the check above
            raise NotAFile(f"refused: {kind}, not a regular file (not read, not published)")
        return fh.read(limit), info.st_size


def refusal(path: str, docs_dir: str | None = None) -> str:
    """Why the file at ``path`` must not be read, or "": found without opening it.

    A file of ``docs_dir`` may come from a stranger: a path under ``docs_dir`` whose real
    location is not (a symbolic link to a secret file, or through a linked folder) would
    publish that file; a FIFO or a device (``/dev/stdin``, ``/dev/zero``) would block the
    build or feed it without end. A path outside ``docs_dir`` (a file another plugin adds) is
    read where it is. OSError when it cannot be looked at (a missing file)."""
    if docs_dir is not None and _leaves(path, docs_dir):
        return (
            "refused: a symbolic link to a file outside docs_dir; a postmortem must be a file "
            "inside docs_dir (not read, not published)"
        )
    kind = _kind(os.stat(path).st_mode)
    if kind:
        return (
            f"refused: {kind}, not a regular file; a postmortem must be a regular file "
            "(not read, not published)"
        )
    return ""


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, or "" for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def _leaves(path: str, docs_dir: str) -> bool:
    """Whether ``path`` lies under ``docs_dir`` as written but its real location does not."""
    if not _under(os.path.abspath(path), os.path.abspath(docs_dir)):
        return False
    return not _under(os.path.realpath(path), os.path.realpath(docs_dir))


def _under(path: str, folder: str) -> bool:
    return os.path.normcase(path).startswith(os.path.join(os.path.normcase(folder), ""))
