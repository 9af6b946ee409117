"""What the plugin costs in a real build, against the same incidents written by hand.

    python benchmarks/build.py [--sizes 100,1000,5000] [--repeat 3] [--core-sizes ...]
    python benchmarks/build.py --profile N

For each N, generates (benchmarks/generate.py) the same N incidents twice in a temporary
folder: as YAML postmortems with the plugin, and as hand-written Markdown pages with a
hand-written index (what a team has without the plugin); both sites use Material, the search
plugin, the same Markdown extensions, and keep incident pages out of the nav. The plugin runs
with its defaults (--pagefind auto: from 500 incidents Pagefind indexes the incident pages after
the build, and they leave Material's search, which keeps every page of the hand-written site).
Each site is built R times, alternating which goes first, each build in a fresh process
(_build_one.py: load_config and build in-process, wall time). Memory is the whole process
tree's: the build and the processes it starts (Pagefind's indexer), sampled by this script
(_tree_memory.py). Reported: medians, and the median of the R paired plugin/hand-written ratios
of time and of memory with their ranges, with the plugin's own stage timings.

Then the plugin's pipeline alone (no MkDocs) at --core-sizes, per stage, in seconds and in
microseconds per incident: a per-incident cost that stays flat as N grows is linear.

--profile N builds the plugin site of N incidents under cProfile and prints the 25 entries of
mkdocs_postmortem with the highest cumulative time.

Progress goes to stderr; the report (Markdown) to stdout. Run on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _tree_memory import TreeMemory  # noqa: E402
from generate import write_markdown_site, write_yaml_archive  # noqa: E402

HELPER = HERE / "_build_one.py"
STAGES = ("discover", "parse", "validate", "index", "render", "write", "search")
GROUPS = ("incident pages", "other pages")  # as in _build_one.py
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-postmortem",
    "Markdown",
    "pymdown-extensions",
    "Jinja2",
    "PyYAML",
    "jsonschema",
    "jsonschema-rs",
)


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.replace(" ", "").split(",") if part]


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(root: Path, *flags: str) -> dict[str, Any]:
    """Run _build_one.py in a fresh interpreter; its last stdout line is the JSON result, to
    which this adds the process tree's memory (``tree_peak_mb``: the largest sum of the resident
    sets of the build and its children at one sample; ``tree_hwm_sum_mb``: the sum of each
    process's own peak, an upper bound; ``processes``: each one's peak, by name)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, str(HELPER), str(root), *flags]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    memory = TreeMemory(proc.pid).start()
    try:
        stdout, stderr = proc.communicate()
    finally:
        memory.stop()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({proc.returncode}):\n{stderr[-4000:]}")
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    result: dict[str, Any] = json.loads(lines[-1])
    result.update(memory.report())
    # The sampler can miss a short peak; the build's own peak is exact and is a lower bound.
    if result.get("tree_peak_mb") is not None:
        result["tree_peak_mb"] = max(result["tree_peak_mb"], result["peak_rss_mb"])
    return result


# --- Machine -------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=HERE,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head or 'unknown'}{' (uncommitted changes)' if dirty else ''}"


def machine() -> list[str]:
    import yaml

    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "unknown"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    return [
        "## Machine",
        "",
        f"- CPU: {_cpu_model()}, {os.cpu_count()} cores ({usable} usable)",
        f"- Load average at start (1, 5, 15 min): {load}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}",
        f"- {versions}; libyaml: {'yes' if getattr(yaml, '__with_libyaml__', False) else 'no'}",
        f"- mkdocs-postmortem commit: {_git()}",
        "",
    ]


# --- Formatting ----------------------------------------------------------------------------


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _s(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def _stages(runs: list[dict[str, Any]]) -> dict[str, float] | None:
    """Median seconds per stage over runs (extra stages as 'other'); None when not recorded."""
    if not any(run["timings"] for run in runs):
        return None
    keys = (*STAGES, "other")
    per_run = []
    for run in runs:
        timings: dict[str, float] = run["timings"]
        row = {stage: timings.get(stage, 0.0) for stage in STAGES}
        row["other"] = sum(v for k, v in timings.items() if k not in STAGES)
        per_run.append(row)
    return {key: _median([row[key] for row in per_run]) for key in keys}


# --- Builds --------------------------------------------------------------------------------


def compare_builds(n: int, repeat: int, seed: int, pagefind: str = "auto") -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"pm-bench-{n}-") as tmp:
        markdown, plugin = Path(tmp) / "markdown", Path(tmp) / "plugin"
        _progress(f"N={n}: generating both sites")
        write_markdown_site(markdown, n, seed=seed)
        write_yaml_archive(plugin, n, seed=seed, pagefind=pagefind)
        hand: list[dict[str, Any]] = []
        ours: list[dict[str, Any]] = []
        for r in range(repeat):
            order = [("hand-written", markdown, hand), ("plugin", plugin, ours)]
            for name, root, runs in order if r % 2 == 0 else reversed(order):
                runs.append(measure(root))
                _progress(f"N={n}: {name} build {r + 1}/{repeat}: {runs[-1]['wall_s']:.1f} s")
    ratios = [p["wall_s"] / h["wall_s"] for h, p in zip(hand, ours, strict=True)]
    cpu = [p["cpu_s"] / h["cpu_s"] for h, p in zip(hand, ours, strict=True) if h.get("cpu_s")]
    memory = [
        p["tree_peak_mb"] / h["tree_peak_mb"]
        for h, p in zip(hand, ours, strict=True)
        if p.get("tree_peak_mb") and h.get("tree_peak_mb")
    ]
    stages = _stages(ours)
    return {
        "n": n,
        "hand": hand,
        "plugin": ours,
        "hand_wall": _median([run["wall_s"] for run in hand]),
        "plugin_wall": _median([run["wall_s"] for run in ours]),
        "ratio": _median(ratios),
        "ratio_range": (min(ratios), max(ratios)),
        "cpu_ratio": _median(cpu) if cpu else None,
        "cpu_range": (min(cpu), max(cpu)) if cpu else None,
        "memory_ratio": _median(memory) if memory else None,
        "memory_range": (min(memory), max(memory)) if memory else None,
        "stages": stages,
    }


def _median_of(runs: list[dict[str, Any]], key: str) -> float:
    return _median([float(run[key]) for run in runs])


def _ratio(value: float | None, span: tuple[float, float] | None, repeat: int) -> str:
    if value is None or span is None:
        return "—"
    low, high = span
    return f"{value:.3f}" + (f" ({low:.3f}-{high:.3f})" if repeat > 1 else "")


def _tree_mb(runs: list[dict[str, Any]]) -> str:
    values = [float(run["tree_peak_mb"]) for run in runs if run.get("tree_peak_mb")]
    if not values:
        return "—"
    span = f" ({min(values):.0f}-{max(values):.0f})" if len(values) > 1 else ""
    return f"{_median(values):.0f}{span}"


def build_report(results: list[dict[str, Any]], repeat: int) -> list[str]:
    headers = [
        "N",
        "hand-written wall s",
        "plugin wall s",
        "time ratio plugin/hand",
        "CPU ratio plugin/hand",
        "hand tree peak MB",
        "plugin tree peak MB",
        "memory ratio plugin/hand",
        "plugin stages s",
        "stages share",
        *(f"{stage} s" for stage in STAGES),
    ]
    rows = []
    for res in results:
        stages = res["stages"]
        total = sum(stages.values()) if stages else None
        rows.append(
            [
                f"{res['n']:,}",
                _s(res["hand_wall"]),
                _s(res["plugin_wall"]),
                _ratio(res["ratio"], res["ratio_range"], repeat),
                _ratio(res["cpu_ratio"], res["cpu_range"], repeat),
                _tree_mb(res["hand"]),
                _tree_mb(res["plugin"]),
                _ratio(res["memory_ratio"], res["memory_range"], repeat),
                _s(total),
                "—" if total is None else f"{100 * total / res['plugin_wall']:.1f}%",
                *(_s(stages[stage], 3) if stages else "—" for stage in STAGES),
            ]
        )
    out = [
        f"## Full builds (median of {repeat} paired run{'s' if repeat > 1 else ''})",
        "",
        *_table(headers, rows),
        "CPU is the user and system seconds of the build and of Pagefind's indexer over the",
        "same span as the wall time: where other work shares the cores, it moves far less than",
        "wall time (and on a quiet machine the two agree within the indexer's own threads).",
        "",
        "Memory is the whole process tree's (the build and Pagefind's indexer): the largest sum",
        "of their resident sets at one sample (every 20 ms). Per process (median MB): the build's",
        "own peak (ru_maxrss), its largest child's, and the sum of every process's own peak (an",
        "upper bound on the tree's: they need not peak together).",
        "",
    ]
    memory_rows = []
    for res in results:
        for name in ("hand", "plugin"):
            runs = res[name]
            children = [run.get("children_peak_rss_mb") or 0.0 for run in runs]
            memory_rows.append(
                [
                    f"{res['n']:,}",
                    "hand-written" if name == "hand" else "plugin",
                    _tree_mb(runs),
                    f"{_median_of(runs, 'peak_rss_mb'):.0f}",
                    f"{_median(children):.0f}" if any(children) else "—",
                    f"{_median([run.get('tree_hwm_sum_mb') or 0.0 for run in runs]):.0f}",
                ]
            )
    out += _table(
        ["N", "site", "tree peak MB (range)", "build process", "largest child", "sum of peaks"],
        memory_rows,
    )
    if any(res["stages"] is None for res in results):
        out += ["The plugin recorded no stage timings (no `timings` on the plugin).", ""]
    if any(res["stages"] and res["stages"]["other"] for res in results):
        out += ["Stages outside the six above were recorded and are in the total.", ""]
    out += ["Site output (median):", ""]
    site_rows = []
    for res in results:
        for name in ("hand", "plugin"):
            runs = res[name]
            site_rows.append(
                [
                    f"{res['n']:,}",
                    "hand-written" if name == "hand" else "plugin",
                    f"{_median_of(runs, 'pages'):.0f}",
                    f"{_median_of(runs, 'html_mb'):.1f}",
                    f"{_median_of(runs, 'search_index_mb'):.1f}",
                    f"{_median([run.get('pagefind_mb', 0.0) for run in runs]):.1f}",
                    f"{1000 * _median_of(runs, 'wall_s') / max(1, res['n']):.1f}",
                    f"{_median_of(runs, 'warnings'):.0f}",
                ]
            )
    out += _table(
        [
            "N",
            "site",
            "pages",
            "HTML MB",
            "Material's search index MB",
            "Pagefind's files MB",
            "ms per incident",
            "warnings",
        ],
        site_rows,
    )
    out += [
        "Where the time goes (median seconds): MkDocs' Markdown step (front matter, Markdown to",
        "HTML, links) and theme step (Material template, search entry) for incident pages and",
        "for every other page, the plugin's stages, and the rest (config, nav, static files).",
        "",
    ]
    group_rows = []
    for res in results:
        for name in ("hand", "plugin"):
            runs = [run for run in res[name] if run.get("page_groups")]
            if not runs:
                continue

            def spent(group: str, part: str, runs: list[dict[str, Any]] = runs) -> float:
                return _median([run["page_groups"][group][part] for run in runs])

            stages = _median([sum(run["timings"].values()) for run in runs])
            measured = stages + sum(
                spent(group, part) for group in GROUPS for part in ("markdown", "theme")
            )
            group_rows.append(
                [
                    f"{res['n']:,}",
                    "hand-written" if name == "hand" else "plugin",
                    *(
                        cell
                        for group in GROUPS
                        for cell in (
                            f"{spent(group, 'pages'):.0f}",
                            _s(spent(group, "markdown")),
                            _s(spent(group, "theme")),
                        )
                    ),
                    _s(stages) if name == "plugin" else "—",
                    _s(_median_of(runs, "wall_s") - measured),
                ]
            )
    out += _table(
        [
            "N",
            "site",
            "incident pages",
            "their Markdown s",
            "their theme s",
            "other pages",
            "their Markdown s",
            "their theme s",
            "plugin stages s",
            "rest s",
        ],
        group_rows,
    )
    return out


# --- Core pipeline -------------------------------------------------------------------------


def core_runs(n: int, repeat: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"pm-core-{n}-") as tmp:
        root = Path(tmp)
        _progress(f"core N={n}: generating")
        write_yaml_archive(root, n, seed=seed)
        runs = []
        for r in range(repeat):
            runs.append(measure(root, "--core"))
            _progress(f"core N={n}: run {r + 1}/{repeat}: {runs[-1]['wall_s']:.2f} s")
    return {"n": n, "runs": runs, "stages": _stages(runs)}


def core_report(results: list[dict[str, Any]], repeat: int) -> list[str]:
    def row(res: dict[str, Any], scale: Callable[[float], str]) -> list[str]:
        stages = res["stages"] or {}
        wall = _median_of(res["runs"], "wall_s")
        timed = sum(stages.values())
        return [
            f"{res['n']:,}",
            *(scale(stages[s]) if s in stages else "—" for s in STAGES),
            scale(wall - timed),
            scale(wall),
        ]

    headers = ["N", *STAGES, "untimed", "total"]
    out = [
        f"## Plugin pipeline without MkDocs (median of {repeat} run{'s' if repeat > 1 else ''})",
        "",
        "Seconds per stage:",
        "",
        *_table(headers, [row(res, lambda v: f"{v:.3f}") for res in results]),
        "Microseconds per incident (flat across N means linear):",
        "",
    ]
    per_incident = []
    for res in results:
        n = max(1, res["n"])

        def micro(value: float, n: int = n) -> str:
            return f"{1e6 * value / n:,.0f}"

        per_incident.append(row(res, micro))
    out += _table(headers, per_incident)
    extra = [
        [
            f"{res['n']:,}",
            f"{_median_of(res['runs'], 'setup_s'):.2f}",
            f"{_median_of(res['runs'], 'pages'):.0f}",
            f"{_median_of(res['runs'], 'page_mb'):.1f}",
            f"{_median_of(res['runs'], 'peak_rss_mb'):.0f}",
        ]
        for res in results
    ]
    out += _table(
        ["N", "setup s (schema, templates)", "pages", "Markdown MB", "peak RSS MB"], extra
    )
    return out


# --- Profile -------------------------------------------------------------------------------


def profile(n: int, seed: int, pagefind: str = "auto") -> list[str]:
    with tempfile.TemporaryDirectory(prefix=f"pm-profile-{n}-") as tmp:
        root = Path(tmp)
        _progress(f"profile N={n}: generating")
        write_yaml_archive(root, n, seed=seed, pagefind=pagefind)
        _progress(f"profile N={n}: building under cProfile")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.run(
            [sys.executable, str(HELPER), str(root), "--profile"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    if proc.returncode != 0:
        sys.exit(f"profiled build failed:\n{proc.stderr[-4000:]}")
    first, _, rest = proc.stdout.partition("\n")
    result = json.loads(first)
    return [
        f"## cProfile of the plugin build, N = {n:,} (mkdocs_postmortem only, by cumulative time)",
        "",
        f"Build {result['wall_s']:.1f} s under the profiler; plugin stages: "
        + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(result["timings"].items())),
        "",
        "```",
        rest.strip("\n"),
        "```",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Plugin build against hand-written Markdown pages, and the plugin's stages."
    )
    parser.add_argument("--sizes", type=_ints, default=[100, 1000, 5000], help="e.g. 100,1000")
    parser.add_argument("--repeat", type=int, default=3, help="paired runs per size (median)")
    parser.add_argument(
        "--core-sizes",
        type=_ints,
        default=[100, 1000, 5000, 10_000],
        help="sizes for the pipeline without MkDocs; empty to skip",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument(
        "--pagefind",
        default="auto",
        help="the plugin's pagefind option (default auto, the plugin's: Pagefind from 500 "
        "incidents; false: Material's search on both sites)",
    )
    parser.add_argument("--profile", type=int, metavar="N", help="only profile a build of N")
    args = parser.parse_args()
    repeat = max(1, args.repeat)
    out = ["# mkdocs-postmortem build benchmark", "", *machine()]
    if args.profile:
        out += profile(args.profile, args.seed, args.pagefind)
        print("\n".join(out))
        return
    builds = [compare_builds(n, repeat, args.seed, args.pagefind) for n in args.sizes]
    out += build_report(builds, repeat)
    if args.core_sizes:
        cores = [core_runs(n, repeat, args.seed) for n in args.core_sizes]
        out += core_report(cores, repeat)
    print("\n".join(out))


if __name__ == "__main__":
    main()
