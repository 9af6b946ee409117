"""What the Patterns page adds to a build (run by hand).

    python benchmarks/patterns.py [N ...]        (default: 1000 5000)

For each size, a generated archive (generate.py, as_of pinned) goes through the pipeline every
front end runs (load, checks, index, every page and file): its wall time is the base. Then the
Patterns page's own parts are made again on the same archive, each the best of three: the
statements (``build_patterns``: comparisons, series, recurrences, follow-through), the charts,
``patterns.json`` and the page's HTML. The share they take of the pipeline is printed; MkDocs'
own work (every page's conversion, writing, search) comes on top of the pipeline, so the share
of a whole ``mkdocs build`` is smaller still.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import AS_OF, write_yaml_archive

from mkdocs_postmortem.core.discover import discover
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.insights.patterns import build_patterns
from mkdocs_postmortem.pipeline import Pipeline
from mkdocs_postmortem.render.assets import archive_charts
from mkdocs_postmortem.render.patterns_export import patterns_json


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, made = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        made = work()
        best = min(best, time.perf_counter() - start)
    return best, made


def measure(n: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_yaml_archive(root, n)
        settings = Settings(docs_dir=str(root / "docs"), project_dir=str(root), as_of=AS_OF)
        pipeline = Pipeline(settings)
        start = time.perf_counter()
        result = pipeline.run(discover(settings), in_nav=True)
        base = time.perf_counter() - start
        archive = result.archive
        parts: dict[str, float] = {}
        parts["statements"], patterns = best_of(3, lambda: build_patterns(archive))
        parts["charts"], drawn = best_of(3, lambda: archive_charts(archive, patterns))
        parts["patterns.json"], export = best_of(3, lambda: patterns_json(patterns))
        renderer = pipeline.renderer
        parts["page"], page = best_of(
            3,
            lambda: renderer._html_page(
                "patterns.html.j2",
                renderer.paths.patterns,
                archive,
                None,
                {},
                in_nav=True,
                patterns=patterns,
                charts=drawn,
            ),
        )
        total = sum(parts.values())
        shown = ", ".join(f"{name} {seconds:.3f} s" for name, seconds in parts.items())
        print(
            f"{n:>6} incidents: pipeline {base:.1f} s; Patterns {total:.2f} s"
            f" ({100 * total / base:.1f}% of the pipeline): {shown};"
            f" patterns.json {len(export) / 1e3:.0f} KB, page {len(page.html()) / 1e3:.0f} KB"
        )


def main(argv: list[str]) -> None:
    for n in [int(a) for a in argv] or [1000, 5000]:
        measure(n)


if __name__ == "__main__":
    main(sys.argv[1:])
