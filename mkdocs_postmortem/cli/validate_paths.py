"""The paths given to ``validate``: which archive checks each (the nearest mkdocs.yml above it,
or ``-f``'s), the problems of those files alone, and a file that no archive checks but looks like
a postmortem, reported: the hook never says "no problems" of a postmortem it did not check."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..core.discover import SourceFile, is_yaml, repository_root, scan
from ..core.problems import DOCUMENT, Problem
from .project import Project, ProjectError, find_config, load_project
from .usage import UsageFailure, _pipeline, _project


@dataclass
class _Plan:
    """The archives to check, with the paths to report of each (None: all of it), and what
    each file path was given to: a project, or why none (``_unchecked``)."""

    projects: list[tuple[Project, list[str] | None]] = field(default_factory=list)
    owner: dict[str, Project | str] = field(default_factory=dict)


def _plan(paths: Sequence[str], config_file: str | None, options_file: str | None) -> _Plan:
    """A mkdocs.yml without the postmortem plugin (a site Zensical builds from ``render``'s
    files) is an archive too, with the options of ``options_file`` or the defaults: its
    postmortems are checked, never skipped."""
    if config_file is not None or not paths:
        project = _project(config_file, require_plugin=False, options_file=options_file)
        return _Plan([(project, list(paths) if paths else None)], dict.fromkeys(paths, project))
    plan = _Plan()
    by_config: dict[str, list[str]] = {}
    for path in paths:
        folder_arg = os.path.isdir(path)
        config = find_config(path if folder_arg else os.path.dirname(os.path.abspath(path)))
        if config is None:
            if folder_arg:
                raise UsageFailure(
                    f"no mkdocs.yml in {path} or a folder above it (use -f to point at mkdocs.yml)"
                )
            plan.owner[path] = "there is no mkdocs.yml in its folder or a folder above it"
            continue
        by_config.setdefault(config, []).append(path)
    for config, wanted in sorted(by_config.items()):
        try:
            project = load_project(config, require_plugin=False, options_file=options_file)
        except ProjectError as exc:
            raise UsageFailure(str(exc)) from None
        plan.projects.append((project, wanted))
        plan.owner.update(dict.fromkeys(wanted, project))
    return plan


def _unchecked(path: str, plan: _Plan) -> Problem | None:
    """A problem for a file given to validate that no archive checked, when it looks like a
    postmortem: the hook never says "no problems" of a postmortem it did not check."""
    if not is_yaml(path):
        return None
    owner = plan.owner.get(path, "")
    absolute = os.path.abspath(path)
    source = SourceFile(os.path.basename(path), absolute, _shown(absolute))
    limit = owner.settings.max_file_size if isinstance(owner, Project) else _SCAN_LIMIT
    look_alike = scan(source, limit, None)
    if look_alike is None:
        return None
    why = owner if isinstance(owner, str) else _left_out(owner, absolute)
    return Problem(
        source.display,
        look_alike.line,
        1,
        DOCUMENT,
        f"looks like a postmortem (top-level id and severity) but no archive checks it: {why}; "
        "move it into an archive's postmortems, or leave it out of the files given to validate",
    )


_SCAN_LIMIT = 1024 * 1024
"""Bytes read of a file that belongs to no archive, to see whether it looks like a postmortem."""


def _left_out(project: Project, path: str) -> str:
    """Why the archive of ``project`` does not hold the file at ``path``."""
    config = os.path.relpath(project.config_file)
    docs = os.path.realpath(project.settings.docs_dir)
    if not os.path.realpath(path).startswith(os.path.join(docs, "")):
        return f"it is outside the docs_dir of {config} ({os.path.relpath(docs)})"
    return f"{config} leaves it out of the site (exclude_docs, or a name starting with a dot)"


def _shown(path: str) -> str:
    """A path as reports name files: from the top of its git work tree, else as given."""
    top = repository_root(os.path.dirname(path))
    shown = os.path.relpath(path, top) if top else os.path.relpath(path)
    return shown.replace(os.sep, "/")


def _check(project: Project, wanted: list[str] | None) -> tuple[list[Problem], int, set[str]]:
    """The problems of one archive's files (of those ``wanted`` only, when given), how many
    files were checked, and their real paths."""
    settings = project.settings
    discovery = project.discovery()
    files = _pipeline(settings).check(discovery.sources, site_files=project.site_files())
    strays = project.look_alikes(discovery)
    if wanted is not None:
        keep = _selection(wanted)
        files = [f for f in files if keep(f.source.abs_path)]
        strays = [s for s in strays if keep(s.source.abs_path)]
    problems = [p for f in files for p in f.problems]
    problems += [stray.problem(settings) for stray in strays]
    seen = {os.path.realpath(f.source.abs_path) for f in files}
    seen |= {os.path.realpath(s.source.abs_path) for s in strays}
    return problems, len(files) + len(strays), seen


def _selection(paths: Sequence[str]) -> Callable[[str], bool]:
    """Whether a file is one of ``paths`` or under one of them (folders)."""
    files = {os.path.realpath(p) for p in paths if not os.path.isdir(p)}
    folders = tuple(os.path.join(os.path.realpath(p), "") for p in paths if os.path.isdir(p))

    def keep(path: str) -> bool:
        real = os.path.realpath(path)
        return real in files or real.startswith(folders)

    return keep
