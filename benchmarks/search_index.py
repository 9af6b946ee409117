"""Ways of running Pagefind's indexer over the same built site: time, CPU and memory.

    python benchmarks/search_index.py [--sizes 1000,5000] [--repeat 3] [--variants a,b]
    python benchmarks/search_index.py --site DIR [--prefix postmortems]   # a site built already

For each N the synthetic archive is built once with the plugin's defaults (Pagefind on from 500
incidents); then each variant indexes the built site into a folder of its own, R times, the
variants in turn and in a rotating order, each in a fresh interpreter whose whole process tree
is sampled (_tree_memory.py). Variants:

- ``service``: Pagefind's Python API (``PagefindService``, ``add_directory`` over every page of
  the archive's folder, then ``write_files``), as the plugin indexed up to this benchmark;
- ``service-pages``: the same API fed page by page (``add_html_file``, every incident page's
  HTML sent at once), what indexing during the build would do;
- ``cli-all``: Pagefind's command over every page of the archive's folder;
- ``cli``: the command over the incident pages only (the only pages marked for it);
- ``cli-lean``: ``cli`` with the binary's allocator told to keep one arena and to give freed
  memory back at once (``site_search.LEAN_ALLOCATOR``);
- ``plugin``: ``site_search.index_site`` as the plugin calls it now;
- ``cli-parts``: the incident pages in ``--parts`` groups of consecutive pages, each indexed by
  its own run of the command into its own bundle, one after the other (what bundles merged in
  the browser with Pagefind's ``mergeIndex`` would need): the peak is the largest run's.

Reported: medians of wall seconds, CPU seconds (user + system, of the tree), the tree's peak
memory and the size of the index written, and whether every variant indexed the same pages.
Progress goes to stderr, the Markdown report to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _tree_memory import TreeMemory  # noqa: E402

VARIANTS = ("service", "service-pages", "cli-all", "cli", "cli-lean", "plugin", "cli-parts")
DEFAULT = ("service", "cli-all", "cli", "cli-lean", "plugin")
"""``service-pages`` is left out unless asked for: Pagefind's Python package reads one answer
every 0.1 s, so it takes 0.1 s a page (100 s for 1,000 pages)."""


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- One variant, in a fresh process ---------------------------------------------------------


def _binary() -> str:
    from mkdocs_postmortem.render import site_search

    path = site_search.executable()
    if path is None:
        sys.exit("no Pagefind binary")
    return str(path)


def _cli(site: Path, out: Path, glob: str, env: dict[str, str] | None = None) -> None:
    from mkdocs_postmortem.render.site_search import EXCLUDED

    command = [_binary(), "--site", str(site), "--glob", glob, "--output-path", str(out)]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    subprocess.run([*command, "--silent"], check=True, env={**os.environ, **(env or {})})


async def _service(site: Path, out: Path, glob: str | None, pages: list[Path] | None) -> None:
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    from mkdocs_postmortem.render.site_search import EXCLUDED

    service = await PagefindService().launch()
    try:
        index = await service.create_index(
            IndexConfig(exclude_selectors=list(EXCLUDED), output_path=str(out))
        )
        if pages is None:
            await index.add_directory(str(site), glob=glob)
        else:
            await asyncio.gather(
                *(
                    index.add_html_file(
                        content=page.read_text("utf-8"), source_path=str(page.relative_to(site))
                    )
                    for page in pages
                )
            )
        await index.write_files(str(out))
    finally:
        await service.close()


def _cli_parts(site: Path, incidents: str, out: Path, parts: int) -> tuple[int, list[str]]:
    """Each group of pages its own bundle, ``out/part-N``: the pages indexed and the fragments."""
    from mkdocs_postmortem.render import site_search

    names = sorted(path.name for path in (site / incidents).iterdir() if path.is_dir())
    size = -(-len(names) // parts)
    env = {site_search.ALLOCATOR_ENV: site_search.LEAN_ALLOCATOR}
    pages, fragments = 0, []
    for number, start in enumerate(range(0, len(names), size)):
        part = out / f"part-{number}"
        _cli(site, part, f"{incidents}/{{{','.join(names[start : start + size])}}}/*.html", env)
        entry = json.loads((part / "pagefind-entry.json").read_text("utf-8"))
        pages += sum(int(lang["page_count"]) for lang in entry["languages"].values())
        fragments += [path.name for path in (part / "fragment").iterdir()]
    return pages, sorted(fragments)


def run_one(variant: str, site: Path, prefix: str, out: Path, parts: int = 10) -> dict[str, Any]:
    from mkdocs_postmortem.render import site_search
    from mkdocs_postmortem.render.addresses import Paths

    incidents = Paths(prefix).incidents
    started = time.perf_counter()
    if variant == "service":
        asyncio.run(_service(site, out, f"{prefix}/**/*.html", None))
    elif variant == "service-pages":
        pages = sorted((site / incidents).glob("**/*.html"))
        asyncio.run(_service(site, out, None, pages))
    elif variant == "cli-all":
        _cli(site, out, f"{prefix}/**/*.html")
    elif variant == "cli":
        _cli(site, out, f"{incidents}/**/*.html")
    elif variant == "cli-lean":
        _cli(site, out, f"{incidents}/**/*.html", {"_RJEM_MALLOC_CONF": site_search.LEAN_ALLOCATOR})
    elif variant == "cli-parts":
        pages, fragments = _cli_parts(site, incidents, out, parts)
        wall = time.perf_counter() - started
        size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
        return {
            "wall_s": wall,
            "pages": pages,
            "bundle_mb": size / 1e6,
            "fragments": fragments,
            "self_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    elif variant == "plugin":
        bundle = site / prefix / site_search.BUNDLE
        site_search.index_site(str(site), prefix)
        shutil.rmtree(out, ignore_errors=True)
        shutil.move(str(bundle), str(out))
    else:
        sys.exit(f"unknown variant {variant}")
    wall = time.perf_counter() - started
    entry = json.loads((out / "pagefind-entry.json").read_text("utf-8"))
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    fragments = sorted(path.name for path in (out / "fragment").iterdir())
    return {
        "wall_s": wall,
        "pages": sum(int(lang["page_count"]) for lang in entry["languages"].values()),
        "bundle_mb": size / 1e6,
        "fragments": fragments,
        "self_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --- The comparison -----------------------------------------------------------------------


def measure(variant: str, site: Path, prefix: str, out: Path, parts: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", variant, "--site", str(site)]
    command += ["--prefix", prefix, "--out", str(out), "--parts", str(parts)]
    before = os.times()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid).start()
    try:
        stdout, stderr = proc.communicate()
    finally:
        memory.stop()
    after = os.times()
    if proc.returncode != 0:
        sys.exit(f"{variant} failed:\n{stderr[-3000:]}")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result.update(memory.report())
    result["cpu_s"] = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    shutil.rmtree(out, ignore_errors=True)
    return result


def build_site(n: int, root: Path, seed: int) -> Path:
    from generate import write_yaml_archive

    write_yaml_archive(root, n, seed=seed, pagefind="auto")
    _progress(f"N={n}: building the site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
        check=True,
        env=env,
    )
    return root / "site"


def compare(
    site: Path, prefix: str, variants: list[str], repeat: int, parts: int
) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory(prefix="pm-index-") as tmp:
        for r in range(repeat):
            order = variants[r % len(variants) :] + variants[: r % len(variants)]
            for variant in order:
                result = measure(variant, site, prefix, Path(tmp) / variant, parts)
                runs[variant].append(result)
                _progress(
                    f"  {variant} {r + 1}/{repeat}: {result['wall_s']:.2f} s, "
                    f"{result['tree_peak_mb']:.0f} MB"
                )
    return runs


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(float(run[key]) for run in runs)


def _span(runs: list[dict[str, Any]], key: str, digits: int) -> str:
    values = [float(run[key]) for run in runs]
    text = f"{statistics.median(values):.{digits}f}"
    if len(values) > 1:
        text += f" ({min(values):.{digits}f}-{max(values):.{digits}f})"
    return text


def report(n: int | None, runs: dict[str, list[dict[str, Any]]], repeat: int) -> list[str]:
    first = next(iter(runs.values()))[0]["fragments"]
    title = f"N = {n:,}" if n else "the given site"
    out = [
        f"## {title} (median of {repeat}, range in brackets)",
        "",
        "| variant | wall s | CPU s | tree peak MB | largest process MB | pages | index MB |"
        " same pages |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for variant, results in runs.items():
        largest = statistics.median(max(run["processes"].values()) for run in results)
        same = all(run["fragments"] == first for run in results)
        out.append(
            f"| {variant} | {_span(results, 'wall_s', 2)} | {_span(results, 'cpu_s', 2)} | "
            f"{_span(results, 'tree_peak_mb', 0)} | {largest:.0f} | "
            f"{_median(results, 'pages'):.0f} | {_median(results, 'bundle_mb'):.2f} | "
            f"{'yes' if same else 'no'} |"
        )
    return [*out, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--variants", default=",".join(DEFAULT))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--site", type=Path, help="index this built site instead")
    parser.add_argument("--prefix", default="postmortems")
    parser.add_argument("--parts", type=int, default=10, help="groups for cli-parts")
    parser.add_argument("--one", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = run_one(args.one, args.site.resolve(), args.prefix, args.out, args.parts)
        print(json.dumps(result))
        return
    variants = [v for v in args.variants.split(",") if v]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        sys.exit(f"unknown variants: {', '.join(sorted(unknown))}")
    repeat = max(1, args.repeat)
    out = ["# Pagefind's indexer, run in different ways over the same site", ""]
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        out += [f"{os.cpu_count()} cores, load average at start {load}.", ""]
    except OSError:
        pass
    if args.site:
        runs = compare(args.site.resolve(), args.prefix, variants, repeat, args.parts)
        out += report(None, runs, repeat)
    else:
        for n in [int(s) for s in args.sizes.split(",") if s]:
            with tempfile.TemporaryDirectory(prefix=f"pm-index-site-{n}-") as tmp:
                site = build_site(n, Path(tmp), args.seed)
                out += report(n, compare(site, args.prefix, variants, repeat, args.parts), repeat)
    print("\n".join(out))


if __name__ == "__main__":
    main()
