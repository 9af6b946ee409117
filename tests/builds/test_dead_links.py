"""No dead link in the example archive, however it is built: MkDocs with the plugin, the files
of `mkdocs-postmortem render` built by MkDocs without the plugin, and the same files built by
Zensical (which resolves a relative link of an HTML block from the Markdown file's folder,
where MkDocs leaves it for the browser to resolve from the page's URL). Every page of each
site is parsed, every internal href and src resolved as a browser would, and each must lead to
a file of the site (and to an element with that id, for a fragment of a link to a page)."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sites import PLAIN_CONFIG, ROOT, Result, cli_in, zensical_command

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SUBPATH_URL = "https://example.org/team/archive/"
"""A site that is not at the root of its host: site-absolute links must start with its path."""


class _Page(HTMLParser):
    """The links (tag, URL) and element ids of one built page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name == "id":
                self.ids.add(value)
            elif (name in ("href", "xlink:href") and tag in ("a", "link", "area")) or (
                name == "src" and tag in ("img", "script", "iframe", "source")
            ):
                self.links.append((tag, value))


def dead_links(site: Path, base: str = "/") -> list[tuple[str, str, str]]:
    """Every internal link of the site's pages that leads nowhere: (page, link, why). ``base``:
    the path of the site's URL, which a site-absolute link starts with."""
    parsed: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in parsed:
            parsed[path] = _Page()
            parsed[path].feed(path.read_text("utf-8", errors="replace"))
        return parsed[path]

    dead = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        for tag, url in page(html).links:
            why = _why_dead(site, base, html, rel, tag, url, page)
            if why:
                dead.append((rel, url, why))
    return dead


def _why_dead(
    site: Path, base: str, html: Path, rel: str, tag: str, url: str, page: Callable[[Path], _Page]
) -> str:
    """Why the link ``url`` of the page ``html`` (``rel`` in the site) is dead; empty if not."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return ""  # not the site's (a canonical URL, a CDN, mailto:)
    path = unquote(parts.path)
    target = html
    if path:
        if path.startswith("/"):
            if not path.startswith(base):
                return f"outside the site's path {base}"
            inside = path[len(base) :]
        else:
            inside = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
            if inside == ".." or inside.startswith("../"):
                return "above the site"
        target = site / ("" if inside == "." else inside)
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
    if not target.is_file():
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and tag == "a" and target.suffix == ".html" and fragment not in page(target).ids:
        return f"no element with id {fragment!r}"
    return ""


def _render(root: Path) -> str:
    """`mkdocs-postmortem render` in ``root`` (in this process), which must succeed; what it
    said on standard error."""
    rendered = cli_in(root, "render")
    assert rendered.exit_code == 0, rendered.stderr
    return rendered.stderr


def _render_and_build(root: Path, extra: str) -> dict[str, Path]:
    """The example's postmortems rendered, then built by MkDocs without the plugin and by
    Zensical, with ``extra`` lines of mkdocs.yml."""
    shutil.copytree(ROOT / "docs", root / "docs")
    for name, site_dir in (("mkdocs.yml", "site"), ("zensical.yml", "site-zensical")):
        config = PLAIN_CONFIG.format(site_dir=site_dir) + extra
        (root / name).write_text(config, encoding="utf-8")
    rendered = _render(root)
    assert "site_url is not set" not in rendered  # set, or relative links without it
    for command in (
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        [zensical_command(), "build", "--strict", "-f", "zensical.yml"],
    ):
        done = subprocess.run(
            command, cwd=root, capture_output=True, text=True, timeout=600, env=ENV, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return {"mkdocs": root / "site", "zensical": root / "site-zensical"}


@pytest.fixture(scope="module")
def rendered_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """render + MkDocs and render + Zensical: with directory URLs at a site under a path,
    and without directory URLs."""
    root = tmp_path_factory.mktemp("dead-links")
    with_dirs = _render_and_build(root / "directory-urls", f"site_url: {SUBPATH_URL}\n")
    without = _render_and_build(root / "no-directory-urls", "use_directory_urls: false\n")
    yield {
        "render + mkdocs": with_dirs["mkdocs"],
        "render + zensical": with_dirs["zensical"],
        "render + mkdocs, no directory URLs": without["mkdocs"],
        "render + zensical, no directory URLs": without["zensical"],
    }


def _summary(dead: list[tuple[str, str, str]]) -> str:
    """The first dead links, and how many there are: enough to see the pattern."""
    shown = "\n".join(f"  {page}: {url} ({why})" for page, url, why in dead[:15])
    return f"{len(dead)} dead links, the first:\n{shown}"


def test_the_plugins_build_has_no_dead_link(example_build: Result) -> None:
    dead = dead_links(example_build.site)
    assert not dead, _summary(dead)


def test_the_plugins_build_without_directory_urls_has_no_dead_link(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    config = load_config(
        str(tmp_path / "mkdocs.yml"),
        strict=True,
        site_dir=str(tmp_path / "site"),
        use_directory_urls=False,
    )
    build(config)
    dead = dead_links(tmp_path / "site")
    assert not dead, _summary(dead)


@pytest.mark.parametrize(
    "way",
    [
        "render + mkdocs",
        "render + zensical",
        "render + mkdocs, no directory URLs",
        "render + zensical, no directory URLs",
    ],
)
def test_the_rendered_archive_has_no_dead_link(rendered_sites: dict[str, Path], way: str) -> None:
    site = rendered_sites[way]
    base = "/" if "no directory" in way else urlsplit(SUBPATH_URL).path
    pages = list((site / "postmortems").rglob("*.html"))
    assert len(pages) > 50, way  # the archive was built
    dead = dead_links(site, base)
    assert not dead, f"{way}: {_summary(dead)}"


def test_the_rendered_feeds_lead_to_the_built_pages(rendered_sites: dict[str, Path]) -> None:
    """The Atom feeds link the pages by their full URL (from site_url): each is a page of
    both builds."""
    for way in ("render + mkdocs", "render + zensical"):
        site = rendered_sites[way]
        feeds = [site / "postmortems" / "feed.xml", *(site / "postmortems" / "feeds").glob("*")]
        links = {
            link
            for feed in feeds
            for link in re.findall(r'<link href="([^"]+)"', feed.read_text("utf-8"))
        }
        assert links, way
        for link in links:
            assert link.startswith(SUBPATH_URL), (way, link)
            inside = link.removeprefix(SUBPATH_URL)
            target = site / inside
            assert (target / "index.html" if link.endswith("/") else target).is_file(), (
                way,
                link,
            )


def test_render_for_techdocs_writes_relative_links(tmp_path: Path) -> None:
    """TechDocs builds with MkDocs alone and serves the site under an address of Backstage's
    (``/docs/default/component/<name>/``): a link from the site's root would leave it, so the
    files ``render`` writes for it link relatively, as the plugin's own build does."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    config = PLAIN_CONFIG.format(site_dir="site").replace("  - tags\n", "  - techdocs-core\n")
    assert "techdocs-core" in config
    (tmp_path / "mkdocs.yml").write_text(config + f"site_url: {SUBPATH_URL}\n", "utf-8")
    _render(tmp_path)
    pages = list((tmp_path / "docs" / "postmortems").rglob("*.md"))
    assert len(pages) > 20
    absolute = [
        (page.name, link)
        for page in pages
        for link in re.findall(r'(?:href|src)="(/[^"]*)"', page.read_text("utf-8"))
    ]
    assert not absolute, absolute[:5]
    related = (tmp_path / "docs" / "postmortems" / "related.md").read_text("utf-8")
    assert 'xlink:href="../incidents/' in related
