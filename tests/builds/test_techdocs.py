"""The archive in Backstage TechDocs, with the real tools: Backstage's CLI from the npm registry
(`@techdocs/cli`) builds a small archive with `mkdocs-techdocs-core` (which pins its own
Material, so both live in a cache folder of the checkout that `./dev test` fills:
``ensure_techdocs``), then serves it in Backstage's reader, and Debian's chromium reads the pages
there, inside the reader's shadow root, with nothing fetched from elsewhere (Google's font CSS
is answered empty, as the reader waits for it).

The reader keeps none of the plugin's stylesheets or scripts (render/reader_look.py): the test
checks what a reader of the archive sees. Badges have their level's colour, families are SVG,
no table sticks out of the column, the plugin's pages log no console error, the Browse page
points to Backstage's search, and the archive's files are downloads that the reader serves.

The reader listens on port 3000, which its CLI does not let change: no other test uses it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from builds.test_browser import artifacts_dir, browser, playwright
from factories import incident_yaml
from playwright.sync_api import Browser, Page, Route
from sites import ROOT, stop

from mkdocs_postmortem.core.scale import DEFAULT_SEVERITIES, Level, Scale
from mkdocs_postmortem.render.severity_look import look

__all__ = ["browser", "playwright"]

pytestmark = pytest.mark.slow

CACHE = ROOT / ".cache" / "techdocs"
CLI = CACHE / "node_modules" / ".bin" / "techdocs-cli"
VENV_BIN = CACHE / "venv" / "bin"
READER_PORT = 3000
"""Fixed by `techdocs-cli serve` (its --preview-app-port needs an app bundle of one's own)."""
DOCS = f"http://127.0.0.1:{READER_PORT}/docs/default/component/local/"
SHADOW = '[data-testid="techdocs-native-shadowroot"]'
STARTUP = 120
"""Seconds the reader and `mkdocs serve` may take to answer (about 15 on two cores)."""


def _missing() -> str | None:
    if not CLI.exists():
        return f"no TechDocs CLI in {CACHE.relative_to(ROOT)} (./dev test installs it with npm)"
    if not (VENV_BIN / "mkdocs").exists() or not list(
        (CACHE / "venv").glob("lib/python*/site-packages/techdocs_core")
    ):
        return f"no mkdocs-techdocs-core venv in {CACHE.relative_to(ROOT)} (./dev test makes it)"
    if shutil.which("node") is None:
        return "node is not installed"
    return None


_WHY = _missing()
if _WHY is not None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"the TechDocs test cannot run in CI: {_WHY}", pytrace=False)
    pytest.skip(_WHY, allow_module_level=True)


INCIDENTS = {
    "INC-1": incident_yaml(
        id="INC-1",
        title="Checkout down",
        severity="SEV1",
        date="2026-03-02",
        services=["checkout", "payments-gateway-eu-west-1", "orders-api"],
        action_items=[
            {
                "action": "Alert on the connection pool's saturation before it is exhausted",
                "owner": "Platform team",
                "priority": "P1",
                "status": "open",
                "due": "2026-04-01",
            }
        ],
    ),
    "INC-2": incident_yaml(
        id="INC-2",
        title="Order emails late",
        severity="SEV2",
        date="2026-03-02",
        related_incidents=[{"id": "INC-1", "type": "caused-by"}],
    ),
    "INC-3": incident_yaml(id="INC-3", title="Search slow", severity="SEV2", date="2026-05-10"),
}
"""Two severities, a family (INC-2 caused by INC-1), an action item."""

PAGES = (
    "postmortems/",
    *(f"postmortems/incidents/{i}/" for i in INCIDENTS),
    "postmortems/browse/",
    "postmortems/related/",
    "postmortems/action-items/",
    "postmortems/patterns/",
    "postmortems/severity/sev1/",
)


def _project(root: Path) -> Path:
    """A TechDocs project: ``techdocs-core`` and the plugin (Pagefind asked for, which the
    reader cannot run)."""
    (root / "docs" / "postmortems").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Service docs\n", "utf-8")
    for name, text in INCIDENTS.items():
        (root / "docs" / "postmortems" / f"{name.lower()}.yaml").write_text(text, "utf-8")
    config = {
        "site_name": "Payments",
        "docs_dir": "docs",
        "plugins": ["techdocs-core", {"postmortem": {"pagefind": True, "as_of": "2026-06-30"}}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return root


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_MKDOCS_2_WARNING": "1",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@dataclass
class Generated:
    out: Path
    log: str


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """`techdocs-cli generate`, as a docs pipeline runs it (it rewrites mkdocs.yml: a copy)."""
    root = _project(tmp_path_factory.mktemp("techdocs-generate"))
    out = root.parent / "out"
    done = subprocess.run(
        [
            str(CLI),
            "generate",
            "--no-docker",
            "--source-dir",
            str(root),
            "--output-dir",
            str(out),
            "--defaultPlugin",
            "postmortem",
        ],
        cwd=root,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Generated(out, done.stdout + done.stderr)


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """`techdocs-cli serve`: `mkdocs serve` and Backstage's reader in front of it."""
    if _answers(f"http://127.0.0.1:{READER_PORT}/"):
        pytest.fail(f"port {READER_PORT}, which the TechDocs reader needs, is taken")
    root = _project(tmp_path_factory.mktemp("techdocs-serve"))
    log = (root.parent / "serve.log").open("w")
    process = subprocess.Popen(
        [str(CLI), "serve", "--no-docker", "--mkdocs-port", str(_free_port())],
        cwd=root,
        env=_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the CLI starts mkdocs: both are stopped as one group
    )
    try:
        deadline = time.monotonic() + STARTUP
        while not _answers(DOCS):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                said = (root.parent / "serve.log").read_text("utf-8", "replace")
                pytest.fail(f"techdocs-cli serve did not answer on {DOCS}:\n{said[-3000:]}")
            time.sleep(0.25)
        yield
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        stop(process)
        log.close()


@dataclass
class Reading:
    """A page as the reader shows it, and what the browser said meanwhile."""

    facts: dict[str, Any]
    errors: list[str] = field(default_factory=list)


READ = """(root) => {
  const shadow = root.shadowRoot;
  const article = shadow.querySelector("article");
  const column = article.getBoundingClientRect();
  return {
    title: (shadow.querySelector("article h1") || {}).textContent || "",
    column: {left: column.left, right: column.right, width: column.width},
    badges: [...shadow.querySelectorAll(".pm-sev")].map(b => ({
      label: b.textContent, background: getComputedStyle(b).backgroundColor,
      color: getComputedStyle(b).color})),
    tables: [...shadow.querySelectorAll("article table")].map(t => {
      const r = t.getBoundingClientRect();
      return {left: r.left, right: r.right, width: r.width,
              head: (t.querySelector("th") || {}).textContent || ""};
    }),
    families: [...shadow.querySelectorAll("figure.pm-family")].map(f => ({
      svg: !!f.querySelector("svg"), text: f.textContent})),
    mermaid: shadow.querySelectorAll(".mermaid, pre code.language-mermaid").length,
    pointer: (shadow.querySelector(".pm-backstage-search") || {}).textContent || "",
    search_ui: shadow.querySelectorAll("[data-pm-search]").length,
    downloads: [...shadow.querySelectorAll("a[download]")].map(a => a.href),
    files: [...shadow.querySelectorAll("a")].map(a => a.href)
      .filter(h => /\\.(csv|json|xml)$/.test(h)),
    keyfacts: [...shadow.querySelectorAll(".pm-keyfacts")].map(k => getComputedStyle(k).borderTopWidth),
    chips: [...shadow.querySelectorAll(".pm-keyfacts .pm-chip")].map(c => getComputedStyle(c).borderTopWidth),
  };
}"""


def _route(route: Route) -> None:
    url = route.request.url
    if url.startswith("https://fonts.googleapis.com/"):
        route.fulfill(status=200, content_type="text/css", body="")
    elif url.startswith(f"http://127.0.0.1:{READER_PORT}/") or url.startswith("http://localhost"):
        route.continue_()
    else:
        route.abort()


@pytest.fixture(scope="module")
def readings(reader: None, browser: Browser) -> dict[str, Reading]:
    """Every page of ``PAGES`` read in the reader, 1,440 px wide."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.route("**/*", _route)
    page: Page = context.new_page()
    current: list[str] = []
    page.on("console", lambda m: current.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: current.append(str(e)))
    read: dict[str, Reading] = {}
    try:
        for path in PAGES:
            current.clear()
            page.goto(DOCS + path)
            root = page.wait_for_selector(SHADOW, timeout=60_000)
            assert root is not None
            page.wait_for_function(
                f"""() => {{
                  const root = document.querySelector('{SHADOW}');
                  return root && root.shadowRoot && root.shadowRoot.querySelector("article h1");
                }}""",
                timeout=60_000,
            )
            page.wait_for_timeout(300)  # the reader's transformers after the first paint
            read[path] = Reading(root.evaluate(READ), list(current))
            if path == "postmortems/incidents/INC-1/":
                shots = artifacts_dir()
                shots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shots / "techdocs-incident.png"))
        read["files"] = Reading(
            {
                href: (response.status, response.text()[:200])
                for href in read["postmortems/"].facts["downloads"]
                + read["postmortems/action-items/"].facts["downloads"]
                + read["postmortems/patterns/"].facts["downloads"]
                for response in [context.request.get(href)]
            }
        )
    finally:
        context.close()
    return read


def _rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


LEVELS: dict[str, Level] = {
    level.id: level for level in Scale.build("severity", DEFAULT_SEVERITIES).levels
}


def test_generate_makes_every_incident_page(generated: Generated) -> None:
    for incident in INCIDENTS:
        assert (generated.out / "postmortems" / "incidents" / incident / "index.html").is_file()
    assert (generated.out / "techdocs_metadata.json").is_file()
    assert "Removed unsupported MkDocs plugins" not in generated.log


def test_severity_badges_have_their_colour_in_the_reader(readings: dict[str, Reading]) -> None:
    seen = 0
    for path in PAGES:
        for badge in readings[path].facts["badges"]:
            shown = look(LEVELS[badge["label"]])
            assert (badge["background"], badge["color"]) == (
                _rgb(shown.colour),
                _rgb(shown.text),
            ), (path, badge)
            seen += 1
    assert seen >= 10
    incident = readings["postmortems/incidents/INC-1/"].facts
    assert incident["keyfacts"] == ["1px"]  # the key facts' box
    assert incident["chips"] == ["1px"] * 3  # each service apart: three, not one run of words


def test_families_are_svg_in_the_reader(readings: dict[str, Reading]) -> None:
    related = readings["postmortems/related/"].facts
    assert related["families"], related["title"]
    for family in related["families"]:
        assert family["svg"] and "INC-1" in family["text"] and "INC-2" in family["text"]
    assert related["mermaid"] == 0


def test_no_table_is_wider_than_the_column(readings: dict[str, Reading]) -> None:
    tables = 0
    for path in PAGES:
        facts = readings[path].facts
        column = facts["column"]
        assert column["width"] > 400, (path, column)
        for table in facts["tables"]:
            assert table["left"] >= column["left"] - 1, (path, table, column)
            assert table["right"] <= column["right"] + 1, (path, table, column)
            tables += 1
    assert tables >= 10


def test_no_console_error_on_the_plugins_pages(readings: dict[str, Reading]) -> None:
    for path in PAGES:
        assert readings[path].facts["title"], path
        assert readings[path].errors == [], path


def test_browse_points_to_backstage_search(readings: dict[str, Reading]) -> None:
    browse = readings["postmortems/browse/"].facts
    assert "Backstage's search" in browse["pointer"]
    assert browse["search_ui"] == 0  # no Pagefind box that nothing would run
    assert browse["title"].startswith("Browse")


def test_the_archives_files_download_from_the_reader(readings: dict[str, Reading]) -> None:
    files = readings["files"].facts
    names = {href.rsplit("/", 1)[-1] for href in files}
    assert {"feed.xml", "action-items.csv", "patterns.json", "incidents.json"} <= names
    for href, (status, text) in files.items():
        assert status == 200, href
        assert "<html" not in text.lower(), (href, text)  # the file, not a page of the reader
    for path in PAGES:
        facts = readings[path].facts
        assert sorted(facts["files"]) == sorted(facts["downloads"]), path
