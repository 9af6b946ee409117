"""Searching the incidents with Pagefind: whether a build uses it (the ``pagefind`` option, the
archive's size, whether the binary runs here) and the indexing of a built site folder, which
the plugin runs after MkDocs has written the site and ``mkdocs-postmortem index`` runs on any
site built from ``render``'s files. Pagefind indexes only the pages marked
``data-pagefind-body``, the incident pages, and writes a chunked index that a browser fetches
a few small files of per query, where Material's search fetches its whole index first.

The index is made by Pagefind's command over the incident pages of the written site. Pagefind's
Python API runs the same indexer behind a message loop that reads one answer every 0.1 s (0.1 s
a page when pages are fed one by one, and more CPU for the same pages), and the archive's other
pages carry nothing to index but cost their reading (``benchmarks/search_index.py`` measures
each way)."""

from __future__ import annotations

import ctypes
import json
import os
import posixpath
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.settings import Settings
from .addresses import Paths

BUNDLE = "pagefind"
"""The folder of Pagefind's files in the archive's folder of the site (``<prefix>/pagefind/``)."""

SEARCH_PAGE_MARK = "data-pm-search"
"""The attribute of the search page's UI element: a site folder whose search page lacks it was
built with Pagefind off, and indexing it would index every page whole."""

EXCLUDED = ("[data-search-exclude]", ".headerlink")
"""What Pagefind leaves out of a page's text, as Material's search does."""

BINARY_ENV = "PAGEFIND_BINARY_PATH"
"""Pagefind's own variable for the binary to run (instead of the ``pagefind-bin`` package's)."""

ALLOCATOR_ENV = "_RJEM_MALLOC_CONF"
"""The variable that configures the allocator (jemalloc) built into the ``pagefind-bin``
binary; another build of Pagefind ignores it."""

LEAN_ALLOCATOR = "narenas:1"
"""One allocator arena, where jemalloc keeps four per core: Pagefind's peak memory is 13-14%
lower (1,000 and 5,000 incident pages), at no measured cost in time
(``benchmarks/search_index.py``). Set unless the variable is set already."""

_GLOB_SPECIAL = set("*?[]{}()<>!\\,")


class SearchIndexError(Exception):
    """Indexing failed; the message says why, for a person."""


@dataclass(frozen=True)
class SearchPlan:
    """Whether this build searches the incidents with Pagefind, and what to tell the reader of
    the build log when the option asked for it and it cannot be."""

    on: bool
    note: str = ""
    """Why it is off although asked for; said once per process."""
    warn: bool = False
    """The note is a warning (``pagefind: required``): ``--strict`` fails on it."""


OFF = SearchPlan(False)

_checked: dict[str, str | None] = {}
"""Binary path -> why it cannot run (None: it runs); a process checks each binary once."""


def plan(settings: Settings, incidents: int) -> SearchPlan:
    """The plan for an archive of ``incidents`` published incidents."""
    mode = settings.pagefind
    if mode == "false" or (mode == "auto" and incidents < settings.pagefind_threshold):
        return OFF
    if settings.techdocs:  # Backstage's reader runs no script of the page
        return SearchPlan(
            False,
            f"pagefind: {mode} is left off for Backstage TechDocs, whose reader runs no script "
            "of the page: Backstage's search finds the incidents (its index is the theme's)",
            warn=mode == "required",
        )
    problem = binary_problem()
    if problem is None:
        return SearchPlan(True)
    if mode == "required":
        return SearchPlan(
            False,
            f"pagefind is required, but {problem}; the incidents are searched with the theme's "
            "search instead (install the pagefind[bin] package, or set PAGEFIND_BINARY_PATH)",
            warn=True,
        )
    why = f"{incidents} incidents, pagefind: auto" if mode == "auto" else "pagefind: true"
    return SearchPlan(
        False,
        f"the archive would be searched with Pagefind ({why}), but {problem}; the incidents "
        "are searched with the theme's search instead",
    )


def executable() -> Path | None:
    """The binary Pagefind's Python package would run: ``$PAGEFIND_BINARY_PATH``, the
    ``pagefind-bin`` package's, or one on ``PATH``."""
    from pagefind.service import get_executable

    try:
        return get_executable()
    except OSError:  # pagefind-bin raises when its wheel holds no binary for this platform
        return None


def binary_problem() -> str | None:
    """Why the Pagefind binary cannot run here (None: it can). Asked of the binary itself
    (``--version``), once per process and path: a wheel for another platform fails there."""
    path = executable()
    if path is None:
        return "no Pagefind binary was found (the pagefind-bin package has none for this platform)"
    key = str(path)
    if key in _checked:
        return _checked[key]
    problem: str | None = None
    if not path.is_file():
        where = f" (from ${BINARY_ENV})" if os.environ.get(BINARY_ENV) else ""
        problem = f"the Pagefind binary {path}{where} does not exist"
    else:
        try:
            done = subprocess.run(
                [str(path), "--version"], capture_output=True, text=True, timeout=60, check=False
            )
            if done.returncode != 0:
                said = (done.stderr or done.stdout).strip().splitlines()
                why = said[-1] if said else f"exit status {done.returncode}"
                problem = f"the Pagefind binary {path} failed ({why})"
        except (OSError, subprocess.SubprocessError) as exc:
            problem = f"the Pagefind binary {path} cannot run ({exc})"
    _checked[key] = problem
    return problem


@dataclass(frozen=True)
class IndexReport:
    pages: int
    """Pages Pagefind indexed (the incident pages)."""
    seconds: float
    bundle: str
    """The folder written, inside the site folder."""


def search_page_files(prefix: str) -> tuple[str, str]:
    """Where the search page is in a site folder, with and without directory URLs."""
    return f"{prefix}/browse/index.html", f"{prefix}/browse.html"


def index_site(site_dir: str, prefix: str, *, check_page: bool = True) -> IndexReport:
    """Index the incident pages of the built site in ``site_dir`` (the archive under
    ``prefix``) into ``site_dir/<prefix>/pagefind/``, replacing an earlier bundle there.
    Raises SearchIndexError."""
    site = os.path.realpath(site_dir)
    if not os.path.isdir(site):
        raise SearchIndexError(f"{site_dir} is not a folder")
    if check_page and not _has_search_page(site, prefix):
        raise SearchIndexError(
            f"{site_dir} has no archive search page with Pagefind's interface in {prefix}/: "
            "its pages were made with pagefind off (set the plugin's pagefind option to true "
            "or required, render and build again), or the archive is under another prefix"
        )
    bundle = os.path.join(site, *prefix.split("/"), BUNDLE)
    if not os.path.realpath(bundle).startswith(os.path.join(site, "")):
        raise SearchIndexError(f"{prefix}/{BUNDLE} is outside {site_dir}")
    _clear(bundle)
    if binary_problem() is not None:
        raise SearchIndexError(str(binary_problem()))
    started = time.perf_counter()
    _give_back_freed_memory()
    _index(site, bundle, _glob(site, prefix))
    seconds = time.perf_counter() - started
    return IndexReport(_indexed_pages(bundle), seconds, posixpath.join(prefix, BUNDLE))


def _give_back_freed_memory() -> None:
    """Return what this process has freed to the system before Pagefind starts: a build's
    memory stays resident after its pages are written, and the two processes' memory adds up
    while Pagefind runs (about 10 MB less at 1,000 incidents; a garbage collection first frees
    nothing more). glibc only (``malloc_trim``); elsewhere nothing is done."""
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):  # no C library by that name, or no such call
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)


def _glob(site: str, prefix: str) -> str | None:
    """The pages Pagefind reads: the incident pages' folder, the only pages marked for it (the
    others of the archive's folder would be read for nothing); the whole archive's folder when
    that one has no page; None (every page of the site) when a name would be read as a pattern.
    """
    incidents = Paths(prefix).incidents
    if set(incidents) & _GLOB_SPECIAL:
        return None
    if _has_html(os.path.join(site, *incidents.split("/"))):
        return f"{incidents}/**/*.html"
    return f"{prefix}/**/*.html"


def _has_html(folder: str) -> bool:
    return any(name.endswith(".html") for _, _, names in os.walk(folder) for name in names)


def _indexed_pages(bundle: str) -> int:
    """The pages in the index (Pagefind counts every page it read, indexed or skipped)."""
    try:
        with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as fh:
            entry = json.load(fh)
        return sum(int(lang.get("page_count", 0)) for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(f"Pagefind wrote no readable index in {bundle} ({exc})") from None


def _has_search_page(site: str, prefix: str) -> bool:
    for rel in search_page_files(prefix):
        path = os.path.join(site, *rel.split("/"))
        try:
            with open(path, encoding="utf-8") as fh:
                if SEARCH_PAGE_MARK in fh.read():
                    return True
        except OSError:
            continue
    return False


def _clear(bundle: str) -> None:
    """Remove an earlier bundle (its chunk names change with every index); refuse to remove
    a folder that is not one."""
    if not os.path.exists(bundle):
        return
    if not os.path.isdir(bundle) or (
        os.listdir(bundle) and not os.path.exists(os.path.join(bundle, "pagefind-entry.json"))
    ):
        raise SearchIndexError(
            f"{bundle} exists and is not a Pagefind bundle: move it, the archive's search "
            "needs that path"
        )
    shutil.rmtree(bundle)


def _index(site: str, bundle: str, glob: str | None) -> None:
    """Run Pagefind's command over ``site`` into ``bundle``; SearchIndexError when it fails."""
    path = executable()
    if path is None:  # binary_problem() found it just before
        raise SearchIndexError("no Pagefind binary was found")
    command = [str(path), "--site", site, "--output-path", bundle, "--silent"]
    if glob is not None:
        command += ["--glob", glob]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    env = dict(os.environ)
    env.setdefault(ALLOCATOR_ENV, LEAN_ALLOCATOR)
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, errors="replace", env=env, check=False
        )
    except OSError as exc:
        raise SearchIndexError(f"the Pagefind binary {path} cannot run ({exc})") from None
    if done.returncode != 0:
        said = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        why = " ".join(dict.fromkeys(said[:4])) if said else "no message"
        raise SearchIndexError(f"Pagefind failed (exit status {done.returncode}): {why}")
