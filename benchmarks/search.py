"""Search at scale: Pagefind against Material's whole index, on N generated incidents.

    python benchmarks/search.py                    # 1000 and 10000 incidents
    python benchmarks/search.py 300,1000           # other sizes
    python benchmarks/search.py 1000 --keep /tmp/search-bench   # keep the sites

For each N: generates the archive (generate.py), builds it with `pagefind: required` (in a
fresh process, benchmarks/_build_one.py: build wall time and the plugin's indexing stage),
builds it again with `pagefind: false` (for the size of Material's search_index.json), serves
the first site, and in headless chromium (Debian's, through Playwright) opens the search page
with one query and one filter as a deep link (`?q=pool&severity=SEV1`). It reports

- the bytes the browser downloads for that search once the page has loaded: every response
  from Pagefind's folder but its interface script and stylesheet, which load with the page
  (Playwright's response sizes: the body as sent);
- the time from the page's load event to the first result shown (the page's own clock);
- Material's search_index.json of the same archive, which its search downloads whole;
- Pagefind's indexing time and its share of the build.

A Markdown report goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _site_server import serve  # noqa: E402
from generate import write_yaml_archive  # noqa: E402

QUERY = "pool"
FILTER = ("severity", "SEV1")

WATCH_FIRST_RESULT = """
new MutationObserver((changes, observer) => {
    if (document.querySelector(".pagefind-ui__result-link")) {
        window.__firstResult = performance.now();
        observer.disconnect();
    }
}).observe(document, {childList: true, subtree: true});
"""
"""Installed before the page's scripts: the moment the first result is in the page."""

FIRST_RESULT = """() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return window.__firstResult - nav.loadEventEnd;
}"""


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _set_pagefind(root: Path, mode: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = re.sub(r"(?m)^      pagefind: .*\n", "", text)
    text = text.replace("  - postmortem:\n", f"  - postmortem:\n      pagefind: {mode}\n", 1)
    config.write_text(text, "utf-8")


def _build(root: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE / "_build_one.py"), str(root)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(HERE.parent)},
    )
    if done.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[0])
    return result


def _browse(site: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    name, value = FILTER
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.add_init_script(WATCH_FIRST_RESULT)
        page.route(
            lambda url: not url.startswith(base),
            lambda route: route.fulfill(status=200, body="", content_type="text/css"),
        )
        sizes: list[tuple[str, int]] = []

        def finished(request: Any) -> None:
            body = request.sizes()["responseBodySize"]
            sizes.append((request.url, int(body)))

        page.on("requestfinished", finished)
        page.goto(f"{base}postmortems/browse/?q={QUERY}&{name}={value}", wait_until="load")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=60_000)
        first_ms = page.evaluate(FIRST_RESULT)
        page.wait_for_load_state("networkidle")
        count = page.locator(".pagefind-ui__message").inner_text()
        browser.close()
    searched = [
        (url, size) for url, size in sizes if "/pagefind/" in url and "/pagefind-ui." not in url
    ]
    return {
        "search_bytes": sum(size for _, size in searched),
        "search_requests": len(searched),
        "page_bytes": sum(size for url, size in sizes if (url, size) not in searched),
        "first_result_ms": float(first_ms),
        "message": count,
    }


def measure(n: int, work: Path) -> dict[str, Any]:
    on, off = work / f"pagefind-{n}", work / f"material-{n}"
    for root, mode in ((on, "required"), (off, "false")):
        if root.exists():
            shutil.rmtree(root)
        write_yaml_archive(root, n)
        _set_pagefind(root, mode)
    _say(f"{n}: building with Pagefind")
    built = _build(on)
    _say(f"{n}: building with Material's search only")
    plain = _build(off)
    index = off / "site" / "search" / "search_index.json"
    raw = index.read_bytes()
    _say(f"{n}: searching in chromium")
    browsed = _browse(on / "site")
    indexing = built["timings"].get("search", 0.0)
    return {
        "n": n,
        "build_s": built["wall_s"],
        "index_s": indexing,
        "share": indexing / built["wall_s"] if built["wall_s"] else 0.0,
        "plain_build_s": plain["wall_s"],
        "material_index_bytes": len(raw),
        "material_index_gzip_bytes": len(gzip.compress(raw, 6)),
        **browsed,
    }


def _mb(size: float) -> str:
    return f"{size / 1e6:.2f} MB" if size >= 1e5 else f"{size / 1e3:.0f} KB"


def report(rows: list[dict[str, Any]]) -> str:
    name, value = FILTER
    lines = [
        f"One query with one filter (`?q={QUERY}&{name}={value}`), in chromium:",
        "",
        "| incidents | downloaded for the search | requests | first result after load "
        "| Material's search_index.json (gzip) | Pagefind indexing | share of the build |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | {_mb(r['search_bytes'])} | {r['search_requests']} "
            f"| {r['first_result_ms']:.0f} ms "
            f"| {_mb(r['material_index_bytes'])} ({_mb(r['material_index_gzip_bytes'])}) "
            f"| {r['index_s']:.1f} s | {r['share']:.0%} of {r['build_s']:.0f} s |"
        )
    lines.append("")
    lines.extend(f"- {r['n']:,}: {r['message']}" for r in rows)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="?", default="1000,10000", help="comma-separated N")
    parser.add_argument("--keep", type=Path, help="build the sites here and keep them")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if shutil.which("chromium") is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = [measure(n, work) for n in sizes]
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    json.dump(rows, sys.stderr, indent=1)
    sys.stderr.write("\n")
    sys.stdout.write(report(rows))


if __name__ == "__main__":
    main()
