"""One measurement in a fresh process, for benchmarks/build.py (prints one JSON line).

    python benchmarks/_build_one.py DIR              mkdocs build of DIR/mkdocs.yml
    python benchmarks/_build_one.py DIR --core       the plugin's pipeline alone, without MkDocs
    python benchmarks/_build_one.py DIR --profile    mkdocs build under cProfile; after the JSON
                                                     line, the top 25 cumulative entries of
                                                     mkdocs_postmortem

Wall time is perf_counter around the work (interpreter start and imports excluded, loading
mkdocs.yml included), and CPU time the user and system seconds of the process and of the
processes it started (Pagefind's) over the same span: on a machine shared with other work it
moves far less than wall time. Peak RSS is the process's ru_maxrss, imports included, and the
children's is the largest ru_maxrss of the processes it started and waited for (Pagefind's
indexer): each process's own peak. The memory of the whole tree at once is sampled by the
caller (_tree_memory.py).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import os
import pstats
import resource
import sys
from pathlib import Path
from time import perf_counter
from typing import Any

STAGES = ("discover", "parse", "validate", "index", "render", "write")


class _Counter(logging.Handler):
    """Counts warnings and errors logged by MkDocs and its plugins (they still go to stderr)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def _cpu_s() -> float:
    """CPU seconds (user and system) of this process and of its children that ended."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def stage_seconds(owner: object) -> dict[str, float]:
    """``owner.timings`` as {stage: seconds}: a Timings object (``.seconds``) or a dict; {} when
    the plugin or pipeline does not record timings."""
    raw: Any = getattr(owner, "timings", None)
    raw = getattr(raw, "seconds", raw)
    if not isinstance(raw, dict):
        return {}
    return {str(k): float(v) for k, v in raw.items()}


def _site_stats(site: Path) -> dict[str, Any]:
    pages = 0
    html = 0
    for path in site.rglob("*.html"):
        html += path.stat().st_size
        if path.name != "404.html":
            pages += 1
    index = site / "search" / "search_index.json"
    pagefind = sum(
        path.stat().st_size
        for entry in site.rglob("pagefind-entry.json")
        for path in entry.parent.rglob("*")
        if path.is_file()
    )
    return {
        "pages": pages,
        "html_mb": html / 1e6,
        "search_index_mb": index.stat().st_size / 1e6 if index.exists() else 0.0,
        "pagefind_mb": pagefind / 1e6,
    }


GROUPS = ("incident pages", "other pages")


def _time_pages() -> dict[str, dict[str, float]]:
    """Seconds MkDocs spends per page group: ``markdown`` (front matter, Markdown to HTML, links)
    and ``theme`` (the Material template and the search index entry). The build calls these two
    module functions once per page; wrapping them measures the pages of both sites the same way,
    which the plugin's own timings cannot do."""
    from mkdocs.commands import build as mkdocs_build_module

    spent = {group: {"pages": 0.0, "markdown": 0.0, "theme": 0.0} for group in GROUPS}

    def group_of(page: Any) -> dict[str, float]:
        return spent[GROUPS[0] if "incidents/" in page.file.src_uri else GROUPS[1]]

    def wrap(name: str, part: str) -> None:
        original = getattr(mkdocs_build_module, name)

        def timed(page: Any, *args: Any, **kwargs: Any) -> Any:
            started = perf_counter()
            try:
                return original(page, *args, **kwargs)
            finally:
                group = group_of(page)
                group[part] += perf_counter() - started
                if part == "markdown":
                    group["pages"] += 1

        setattr(mkdocs_build_module, name, timed)

    wrap("_populate_page", "markdown")
    wrap("_build_page", "theme")
    return spent


def build(root: Path, profile: bool) -> tuple[dict[str, Any], cProfile.Profile | None]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    spent = _time_pages()

    counter = _Counter()
    logging.getLogger("mkdocs").addHandler(counter)
    profiler = cProfile.Profile() if profile else None
    cpu = _cpu_s()
    started = perf_counter()
    if profiler:
        profiler.enable()
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    if profiler:
        profiler.disable()
    wall = perf_counter() - started
    cpu = _cpu_s() - cpu
    plugin = config.plugins.get("postmortem")
    out: dict[str, Any] = {
        "mode": "build",
        "plugin": plugin is not None,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": _peak_rss_mb(),
        "children_peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN),
        "warnings": counter.count,
        "timings": stage_seconds(plugin) if plugin is not None else {},
        "page_groups": spent,
    }
    out.update(_site_stats(Path(config.site_dir)))
    return out, profiler


def core(root: Path) -> dict[str, Any]:
    """What the plugin's own stages cost without MkDocs: discover, load, index and render."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import AS_OF

    from mkdocs_postmortem.core.discover import discover
    from mkdocs_postmortem.core.settings import Settings
    from mkdocs_postmortem.pipeline import Pipeline

    settings = Settings(docs_dir=str(root / "docs"), project_dir=str(root), as_of=AS_OF)
    started = perf_counter()
    pipeline = Pipeline(settings)  # compiles the schema validators
    setup = perf_counter() - started
    started = perf_counter()
    sources = discover(settings)
    discovered = perf_counter() - started
    started = perf_counter()
    result = pipeline.run(sources, in_nav=True)
    run = perf_counter() - started
    timings = stage_seconds(result)
    if not timings.get("discover"):
        timings["discover"] = discovered
    return {
        "mode": "core",
        "incidents": len(result.archive.incidents),
        "files": len(sources),
        "pages": len(result.pages),
        "page_mb": sum(len(p.content) for p in result.pages) / 1e6,
        "setup_s": setup,
        "wall_s": discovered + run,
        "peak_rss_mb": _peak_rss_mb(),
        "timings": timings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="One benchmark measurement (JSON line).")
    parser.add_argument("dir", type=Path)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--core", action="store_true", help="the pipeline alone, without MkDocs")
    mode.add_argument("--profile", action="store_true", help="build under cProfile")
    parser.add_argument("--top", type=int, default=25, help="profile entries to print")
    args = parser.parse_args()
    root = args.dir.resolve()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.core:
        print(json.dumps(core(root), sort_keys=True))
        return
    result, profiler = build(root, args.profile)
    print(json.dumps(result, sort_keys=True), flush=True)
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats("mkdocs_postmortem", args.top)


if __name__ == "__main__":
    main()
