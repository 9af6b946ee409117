"""The archive's search on a site that Zensical builds: `render` with Pagefind on, `zensical
build`, then `mkdocs-postmortem index`. The search page has its box, and every file it loads
is in the site; `render` names the script that leads from the theme's search to the archive's
when mkdocs.yml lacks it. The site lives under a path (site_url), as a team's often does. The
browser side is test_zensical_search_browser.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from builds.test_dead_links import dead_links
from sites import PLAIN_CONFIG, ROOT, cli_in, zensical_command

from mkdocs_postmortem.render import site_search

if site_search.binary_problem() is not None:
    _WHY = f"Pagefind cannot run here: {site_search.binary_problem()}"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"the Zensical search tests cannot run in CI: {_WHY}", pytrace=False)
    pytest.skip(_WHY, allow_module_level=True)

SITE_PATH = "/team/archive/"
SITE_URL = f"https://example.org{SITE_PATH}"
SCRIPT = "postmortems/assets/header-search.js"
OPTIONS = "pagefind: true\n"
"""The plugin's options of a site without the entry in mkdocs.yml (``--options``)."""


def zensical_config(scripts: bool = True) -> str:
    config = PLAIN_CONFIG.format(site_dir="www" + SITE_PATH.rstrip("/"))
    config += f"site_url: {SITE_URL}\n"
    return config + (f"extra_javascript:\n  - {SCRIPT}\n" if scripts else "")


def build_zensical_archive(root: Path) -> Path:
    """The example archive rendered with Pagefind on, built by Zensical and indexed; the
    folder to serve (the site is at ``SITE_PATH`` in it)."""
    shutil.copytree(ROOT / "docs", root / "docs")
    (root / "mkdocs.yml").write_text(zensical_config(), encoding="utf-8")
    (root / "postmortem.yml").write_text(OPTIONS, encoding="utf-8")
    rendered = cli_in(root, "render", "--options", "postmortem.yml")
    assert rendered.exit_code == 0, rendered.stderr
    assert "hint: add" not in rendered.stderr, rendered.stderr  # mkdocs.yml has every line
    built = subprocess.run(
        [zensical_command(), "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    indexed = cli_in(root, "index", "--options", "postmortem.yml")
    assert indexed.exit_code == 0, indexed.stderr
    return root / "www"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_zensical_archive(tmp_path_factory.mktemp("zensical-search"))


def test_every_file_the_search_page_loads_is_there(served: Path) -> None:
    site = served / SITE_PATH.strip("/")
    page = (site / "postmortems" / "browse" / "index.html").read_text("utf-8")
    assert "data-pm-search" in page and "data-pm-search-ui" in page  # the box's place
    loaded = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', page)
    ours = [url for url in loaded if url.startswith("/")]  # the page's own, from the site's path
    assert {url.rsplit("/", 1)[1] for url in ours} >= {
        "pagefind-ui.js",
        "pagefind-ui.css",
        "search.js",
        "search.css",
    }, ours
    for url in ours:
        assert url.startswith(SITE_PATH), url
        assert (served / url.lstrip("/")).is_file(), url
    box = re.search(r'data-bundle="([^"]+)" data-module="([^"]+)" data-root="([^"]+)"', page)
    assert box, "the search box's settings"
    bundle, module, root = box.groups()
    assert root == SITE_PATH
    for name in ("pagefind.js", "pagefind-entry.json", "pagefind-ui.js"):
        assert (served / bundle.lstrip("/") / name).is_file(), name
    assert list((served / bundle.lstrip("/")).glob("wasm.*.pagefind")), "Pagefind's wasm"
    assert (served / module.lstrip("/") / "pagefind.js").is_file()
    assert not dead_links(site, SITE_PATH)


def test_the_header_script_is_on_every_page(served: Path) -> None:
    site = served / SITE_PATH.strip("/")
    for page in (site / "index.html", site / "postmortems" / "incidents" / "INC-2026-020"):
        html = (page if page.suffix else page / "index.html").read_text("utf-8")
        assert re.search(r'<script src="[^"]*header-search\.js"', html), page


def test_render_names_the_header_script_when_mkdocs_yml_lacks_it(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "mkdocs.yml").write_text(zensical_config(scripts=False), encoding="utf-8")
    (tmp_path / "postmortem.yml").write_text(OPTIONS, encoding="utf-8")
    rendered = cli_in(tmp_path, "render", "--options", "postmortem.yml")
    assert rendered.exit_code == 0, rendered.stderr
    hints = [line for line in rendered.stderr.splitlines() if SCRIPT in line]
    assert hints == [
        f"hint: add {SCRIPT} to extra_javascript: the theme's search then leads to the "
        "archive's search page, which finds the incidents"
    ]
    (tmp_path / "postmortem.yml").write_text("pagefind: false\n", encoding="utf-8")
    rendered = cli_in(tmp_path, "render", "--options", "postmortem.yml")
    assert rendered.exit_code == 0 and SCRIPT not in rendered.stderr  # no search, no script
