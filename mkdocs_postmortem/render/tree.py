"""The archive as plain files in ``docs_dir``, for site generators that run no MkDocs plugin.

The files are written under one folder with a manifest (the marker), so that a second run
removes the pages of incidents that no longer exist and nothing else: a file that the
manifest does not list is never overwritten or deleted, and no path leaves the folder.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..core.discover import refusal

MARKER = ".postmortem-render.json"
"""Dot file: MkDocs and Zensical leave it out of the site. The plugin reads it to know that the
pages exist as files and must not be generated a second time."""


@dataclass
class Manifest:
    prefix: str
    files: list[str]
    """Paths relative to the output folder, as written by the last run."""
    as_of: str = ""
    """The date the pages counted overdue action items against: a build that checks them
    later compares with the same date, so a render is not stale for being a day old."""

    def dump(self) -> str:
        data: dict[str, object] = {
            "generator": "mkdocs-postmortem render",
            "prefix": self.prefix,
        }
        if self.as_of:
            data["as_of"] = self.as_of
        data["files"] = sorted(self.files)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_manifest(path: str) -> Manifest | None:
    """The manifest at ``path``; None when missing. Entries that would leave the folder are
    dropped: a hand-edited manifest cannot make a run delete anything outside it."""
    try:
        if refusal(path):  # a named pipe in its place would block the build
            return None
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    files = [f for f in data.get("files", []) if isinstance(f, str) and _is_inside(f)]
    as_of = data.get("as_of")
    as_of = (
        as_of
        if isinstance(as_of, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", as_of)
        else ""
    )
    return Manifest(prefix=str(data.get("prefix", "")), files=files, as_of=as_of)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """Files that exist but were not written by an earlier run: left as they are."""


def write_tree(out_dir: str, prefix: str, files: Mapping[str, str], as_of: str = "") -> WriteReport:
    """Write ``files`` (relative path -> text) under ``out_dir`` and update the manifest;
    ``as_of``: the date the pages count overdue action items against."""
    report = WriteReport()
    marker = os.path.join(out_dir, MARKER)
    previous = read_manifest(marker)
    owned = set(previous.files) if previous else set()
    folded = {rel.casefold(): rel for rel in owned}
    kept: list[str] = []
    for rel in sorted(files):
        if not _is_inside(rel) or rel == MARKER:
            raise ValueError(f"refusing to write {rel!r} outside {out_dir}")
        target = os.path.join(out_dir, *rel.split("/"))
        if not _resolves_inside(target, out_dir):
            report.refused.append(rel)  # a linked folder must not carry files elsewhere
            continue
        content = files[rel].encode("utf-8")
        if os.path.lexists(target):
            if rel not in owned and not _same_file(out_dir, folded.get(rel.casefold()), rel):
                report.refused.append(rel)
                continue
            if os.path.isfile(target) and not os.path.islink(target):
                with open(target, "rb") as fh:
                    if fh.read() == content:
                        report.unchanged.append(rel)
                        kept.append(rel)
                        continue
        _write_atomically(target, content)
        report.written.append(rel)
        kept.append(rel)
    now = {rel.casefold(): rel for rel in kept}
    for rel in sorted(owned - set(files)):
        target = os.path.join(out_dir, *rel.split("/"))
        if not _resolves_inside(target, out_dir) or _same_file(
            out_dir, now.get(rel.casefold()), rel
        ):
            continue  # where names ignore case, the page under its new name is this very file
        if os.path.isfile(target) or os.path.islink(target):
            os.remove(target)
            report.removed.append(rel)
            _remove_empty_parents(os.path.dirname(target), out_dir)
    manifest = Manifest(prefix, kept, as_of)
    _write_atomically(marker, manifest.dump().encode("utf-8"))
    return report


def _same_file(out_dir: str, one: str | None, other: str) -> bool:
    """Whether two names of the folder are one file: a page renamed only in case (an id's URL
    as written, after its lower-case slug) on a file system that ignores case."""
    if one is None or one == other:
        return False
    first, second = (os.path.join(out_dir, *rel.split("/")) for rel in (one, other))
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _is_inside(rel: str) -> bool:
    """A relative POSIX path that stays in its folder (no absolute path, no '..', no '\\')."""
    if not rel or "\\" in rel or rel.startswith("/") or ":" in rel.split("/")[0]:
        return False
    normal = posixpath.normpath(rel)
    return normal == rel and normal not in (".", "..") and not normal.startswith("../")


def _resolves_inside(target: str, out_dir: str) -> bool:
    root = os.path.realpath(out_dir)
    parent = os.path.realpath(os.path.dirname(target))
    return parent == root or parent.startswith(root + os.sep)


def _write_atomically(target: str, content: bytes) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.islink(target):
        os.remove(target)  # never write through a link to somewhere else
    temporary = target + ".tmp"
    with open(temporary, "wb") as fh:
        fh.write(content)
    os.replace(temporary, target)


def _remove_empty_parents(folder: str, stop: str) -> None:
    stop = os.path.abspath(stop)
    folder = os.path.abspath(folder)
    while folder != stop and folder.startswith(stop + os.sep):
        try:
            os.rmdir(folder)  # only succeeds when empty
        except OSError:
            return
        folder = os.path.dirname(folder)


@dataclass
class TreeDifference:
    """How the files under an output folder differ from what a run would write there."""

    stale: list[str] = field(default_factory=list)
    """Files a run would write with other content (or that are no regular file)."""
    missing: list[str] = field(default_factory=list)
    """Files a run would write that are not there (the manifest among them)."""
    extra: list[str] = field(default_factory=list)
    """Files an earlier run wrote that a run now would remove."""

    def __bool__(self) -> bool:
        return bool(self.stale or self.missing or self.extra)

    def lines(self) -> list[str]:
        return [
            *(f"stale: {rel}" for rel in self.stale),
            *(f"missing: {rel}" for rel in self.missing),
            *(f"extra: {rel}" for rel in self.extra),
        ]


def compare_tree(out_dir: str, files: Mapping[str, str]) -> TreeDifference:
    """What ``write_tree`` would change under ``out_dir``, reading only: the files it would
    write, compared byte for byte, and those of the last run's manifest it would remove."""
    difference = TreeDifference()
    marker = os.path.join(out_dir, MARKER)
    previous = read_manifest(marker)
    if previous is None:
        difference.missing.append(MARKER)
    for rel in sorted(files):
        target = os.path.join(out_dir, *rel.split("/"))
        if not os.path.lexists(target):
            difference.missing.append(rel)
        elif not _holds(target, files[rel].encode("utf-8")):
            difference.stale.append(rel)
    for rel in sorted(set(previous.files if previous else []) - set(files)):
        target = os.path.join(out_dir, *rel.split("/"))
        if _resolves_inside(target, out_dir) and os.path.lexists(target):
            difference.extra.append(rel)
    return difference


def _holds(target: str, content: bytes) -> bool:
    """Whether ``target`` is a regular file (not a link) with exactly ``content``."""
    if os.path.islink(target) or not os.path.isfile(target):  # a pipe is never opened
        return False
    if os.path.getsize(target) != len(content):
        return False
    with open(target, "rb") as fh:
        return fh.read() == content
