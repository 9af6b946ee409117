"""Screenshots of the example archive for the README, taken in chromium.

    .venv/bin/python benchmarks/screenshots.py [--out DIR] [--as-of YYYY-MM-DD]

Builds the project's own site (mkdocs.yml + docs/, the example archive) into a temporary folder,
serves it on 127.0.0.1 and saves into docs/assets/screenshots/:

    incident-light.png   1280x900, an incident page: title, key facts, the start of the story
    incident-dark.png    the same in Material's dark scheme (slate)
    incident-narrow.png  390x844, the same page on a phone
    archive-home.png     1280 wide, the archive home (postmortems/), its whole height up to 1600
    related-families.png 1280x1000, the related-incidents page: the first family drawn at build
                         time (SVG) and its table of relations

Needs Debian's chromium (apt-get install chromium) and Playwright (in the dev dependencies).
Nothing leaves the machine: requests to other hosts (Material's web fonts) are answered empty,
so the text is in the system's fallback font; the same fonts give the same pictures. Each shot
has a fixed viewport at device scale 1, no transitions or animations, and is taken once the
fonts are loaded and the layout has settled. `--as-of` pins the day action items are overdue
against (the day of the build otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _site_server import serve

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "screenshots"
INCIDENT = "postmortems/incidents/INC-2025-031/"
"""INC-2025-031: every section filled in, a SEV1 with its durations, a one-day timeline."""
MAX_BYTES = 400_000

NO_MOTION = (
    "*, *::before, *::after, *::placeholder"
    " { transition: none !important; animation: none !important; }"
)
SETTLED = """async (scheme) => {
    await document.fonts.ready;
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    return document.body.getAttribute("data-md-color-scheme") === scheme
        && document.readyState === "complete";
}"""
"""Fonts loaded, two frames drawn since, the colour scheme asked for in force."""
QUIET = """() => ({
    search: document.getElementById("__search")?.checked ?? false,
    drawer: document.getElementById("__drawer")?.checked ?? false,
    scrolled: scrollY,
})"""
"""Neither the search overlay nor the navigation drawer open, the page at its top."""


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    width: int
    height: int
    dark: bool = False
    phone: bool = False
    full_height: int = 0
    """The whole page, cut at this height (0: the viewport only)."""


SHOTS = [
    Shot("incident-light.png", INCIDENT, 1280, 900),
    Shot("incident-dark.png", INCIDENT, 1280, 900, dark=True),
    Shot("incident-narrow.png", INCIDENT, 390, 844, phone=True),
    Shot("archive-home.png", "postmortems/", 1280, 900, full_height=1600),
    Shot("related-families.png", "postmortems/related/", 1280, 1000),
]


def _ignore_screenshots(folder: str, names: list[str]) -> set[str]:
    """Leave the screenshots themselves out of the copy that is built."""
    return {"screenshots"} if Path(folder) == ROOT / "docs" / "assets" else set()


class _ConfigReader(yaml.SafeLoader):
    """mkdocs.yml read for its palette: a ``!!python/name:`` value (a fence's format) is read
    as nothing rather than imported."""


_ConfigReader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def build(project: Path, as_of: str | None) -> tuple[Path, dict[str, Any]]:
    """The example archive built in ``project``: the site folder and the dark palette entry.
    mkdocs.yml is copied as written (its ``!!python/name:`` tags kept), the ``as_of`` option
    added to the plugin's entry."""
    shutil.copytree(ROOT / "docs", project / "docs", ignore=_ignore_screenshots)
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    if as_of:
        if text.count("  - postmortem\n") != 1:
            raise SystemExit("mkdocs.yml: expected one '  - postmortem' line to add as_of to")
        text = text.replace("  - postmortem\n", f"  - postmortem:\n      as_of: {as_of}\n")
    (project / "mkdocs.yml").write_text(text, "utf-8")
    config = yaml.load(text, Loader=_ConfigReader)  # a SafeLoader: builds no object
    site = project / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
    )
    return site, _dark_palette(config)


def _dark_palette(config: dict[str, Any]) -> dict[str, Any]:
    """What Material keeps in localStorage when the reader picks the slate palette."""
    palettes = config["theme"].get("palette", [])
    for index, palette in enumerate(palettes if isinstance(palettes, list) else [palettes]):
        if palette.get("scheme") == "slate":
            color = {
                k: palette[k] for k in ("media", "scheme", "primary", "accent") if k in palette
            }
            return {"index": index, "color": color}
    raise SystemExit("mkdocs.yml has no palette with scheme: slate")


def take(base: str, shots: list[Shot], out: Path, dark_palette: dict[str, Any]) -> list[str]:
    """Saves each shot into ``out``; returns what went wrong on the pages (console errors)."""
    from playwright.sync_api import ConsoleMessage, Route, sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("no chromium on PATH (apt-get install chromium)")
    problems: list[str] = []
    offsite = re.compile(r"^(?!" + re.escape(base) + ")")

    def answer_empty(route: Route) -> None:
        route.fulfill(status=200, body="", content_type="text/css")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for shot in shots:
                context = browser.new_context(
                    viewport={"width": shot.width, "height": shot.height},
                    device_scale_factor=1,
                    is_mobile=shot.phone,
                    has_touch=shot.phone,
                    color_scheme="dark" if shot.dark else "light",
                    reduced_motion="reduce",
                    locale="en-GB",
                    timezone_id="UTC",
                )
                context.route(offsite, answer_empty)
                if shot.dark:  # Material's key: the site's base path, then the name
                    palette = json.dumps(dark_palette)
                    context.add_init_script(
                        f"localStorage.setItem('/.__palette', JSON.stringify({palette}))"
                    )
                page = context.new_page()

                def console(message: ConsoleMessage, name: str = shot.name) -> None:
                    if message.type == "error":
                        problems.append(f"{name}: {message.text}")

                page.on("console", console)
                page.on("pageerror", lambda e, name=shot.name: problems.append(f"{name}: {e}"))
                response = page.goto(base + shot.path, wait_until="load")
                if response is None or not response.ok:
                    status = response.status if response is not None else "no response"
                    raise SystemExit(f"{shot.path}: {status}: not a page to take a picture of")
                page.add_style_tag(content=NO_MOTION)
                scheme = "slate" if shot.dark else "default"
                page.wait_for_function(SETTLED, arg=scheme)
                quiet = page.evaluate(QUIET)
                if quiet != {"search": False, "drawer": False, "scrolled": 0}:
                    raise SystemExit(f"{shot.name}: the page is not at rest: {quiet}")
                target = out / shot.name
                if shot.full_height:
                    height = min(
                        shot.full_height, page.evaluate("document.documentElement.scrollHeight")
                    )
                    page.screenshot(
                        path=str(target),
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": shot.width, "height": height},
                        animations="disabled",
                        caret="hide",
                    )
                else:
                    page.screenshot(path=str(target), animations="disabled", caret="hide")
                context.close()
        finally:
            browser.close()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    parser.add_argument("--as-of", help="the day action items are overdue against (YYYY-MM-DD)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="postmortem-screenshots-") as tmp:
        site, dark_palette = build(Path(tmp), args.as_of)
        with serve(site) as base:
            problems = take(base, SHOTS, args.out, dark_palette)
    for shot in SHOTS:
        size = (args.out / shot.name).stat().st_size
        flag = "" if size < MAX_BYTES else f"  (over {MAX_BYTES // 1000} KB)"
        print(f"{args.out / shot.name}  {size:,} bytes{flag}")
    for problem in problems:
        print(f"page error: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
