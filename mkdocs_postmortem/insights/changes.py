"""Which postmortems a pull request adds, changes or removes, asked of git.

The comparison is against the merge base of the ref and HEAD (what a pull request shows), and
includes uncommitted and untracked files, so a local preview shows the work in progress too.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.read import DocumentError, parse

GIT_TIMEOUT = 30


@dataclass(frozen=True)
class Change:
    kind: str
    """added, changed or removed"""
    src_uri: str
    old_id: str = ""
    old_title: str = ""


@dataclass
class ChangeSet:
    ref: str
    base: str = ""
    changes: list[Change] = field(default_factory=list)
    error: str = ""
    """Why no comparison could be made (no git, unknown ref); empty when it worked."""
    by_src: dict[str, Change] = field(default_factory=dict)

    def of(self, src_uri: str) -> Change | None:
        return self.by_src.get(src_uri)

    def kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


class GitError(Exception):
    pass


def _git(cwd: str, *args: str) -> str:
    if not os.path.isdir(cwd):
        raise GitError(f"{cwd} is not a folder")
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        raise GitError(
            done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git failed"
        )
    return done.stdout


def compare(ref: str, docs_dir: str, matches: Callable[[str], bool], max_size: int) -> ChangeSet:
    """The postmortem files (docs-relative paths that ``matches``) that differ from ``ref``."""
    result = ChangeSet(ref=ref)
    try:
        top = _git(docs_dir, "rev-parse", "--show-toplevel").strip()
        try:
            base = _git(top, "merge-base", ref, "HEAD").strip()
        except GitError:
            base = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
        result.base = base
        docs_rel = os.path.relpath(os.path.realpath(docs_dir), os.path.realpath(top))
        docs_rel = "" if docs_rel == "." else docs_rel.replace(os.sep, "/") + "/"
        scope = docs_rel or "."
        entries = _git(top, "diff", "--name-status", "--no-renames", "-z", base, "--", scope)
        untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z", "--", scope)
    except GitError as exc:
        result.error = f"cannot compare with {ref!r}: {exc}"
        return result
    fields = entries.split("\0")
    statuses = dict(zip(fields[1::2], fields[0::2], strict=False))
    for path in untracked.split("\0"):
        if path:
            statuses[path] = "A"
    for path, status in sorted(statuses.items()):
        if not path.startswith(docs_rel):
            continue
        src_uri = path[len(docs_rel) :]
        if not matches(src_uri):
            continue
        if status.startswith("A"):
            result.changes.append(Change("added", src_uri))
        elif status.startswith("D"):
            old_id, old_title = _old_identity(top, base, path, max_size)
            result.changes.append(Change("removed", src_uri, old_id, old_title))
        else:
            result.changes.append(Change("changed", src_uri))
    result.by_src = {c.src_uri: c for c in result.changes}
    return result


def _old_identity(top: str, base: str, path: str, max_size: int) -> tuple[str, str]:
    """Id and title of a removed postmortem, read (safely, size-limited) from the base commit."""
    try:
        size = int(_git(top, "cat-file", "-s", f"{base}:{path}").strip())
        if size > max_size:
            return "", ""
        data = parse(_git(top, "show", f"{base}:{path}")).data
    except (GitError, DocumentError, ValueError):
        return "", ""
    return str(data.get("id", "")), str(data.get("title", ""))
