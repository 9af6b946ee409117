"""Real MkDocs builds with the real Material theme in temporary folders, and reading their pages."""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from click.testing import Result as CliResult
from factories import MINIMAL, incident_yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from mkdocs_postmortem.cli.commands import main as cli

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# What mkdocs.yml needs when no plugin completes it: the settings the plugin turns on itself.
PLAIN_CONFIG = """\
site_name: Postmortems
docs_dir: docs
site_dir: {site_dir}
theme:
  name: material
not_in_nav: |
  /postmortems/incidents/
plugins:
  - search
  - tags
extra_css:
  - postmortems/assets/postmortem.css
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # get_plugin_logger prefixes the plugin's name, as MkDocs does for every plugin.
        self.messages.append(record.getMessage().removeprefix("mkdocs_postmortem: "))


@dataclass
class Result:
    site: Path
    warnings: list[str]
    aborted: bool
    plugin_warnings: list[str] = field(default_factory=list)

    def html(self, url_path: str) -> str:
        path = self.site / url_path
        if url_path.endswith("/") or not path.suffix:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def text_with_hover(self, url_path: str) -> str:
        """The article's text, with the hover text that holds a value as written: a time shown
        as its clock time keeps the written form in its title, a category chip its id."""
        return article_text(self.html(url_path), hover=True)

    def text(self, url_path: str) -> str:
        """Visible text of the page's article, whitespace collapsed, entities decoded."""
        return article_text(self.html(url_path))

    def exists(self, url_path: str) -> bool:
        path = self.site / url_path
        return (path / "index.html").exists() if not path.suffix else path.exists()

    def search_index(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(
            (self.site / "search" / "search_index.json").read_text("utf-8")
        )
        return data


class _ArticleText(HTMLParser):
    def __init__(self, hover: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []
        self.hover = hover

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        title = dict(attrs).get("title")
        if self.hover and self.depth and title and (tag == "time" or "pm-chip" in classes):
            self.parts.append(f" [{title}] ")
        if tag == "article" and "md-content__inner" in classes:
            self.depth = 1
        elif self.depth:
            if tag not in ("br", "img", "hr", "input", "meta", "link", "wbr"):
                self.depth += 1
            if tag in ("script", "style") or (tag == "a" and "headerlink" in classes):
                self.skip = self.depth
        if tag in (
            "br",
            "p",
            "li",
            "td",
            "th",
            "div",
            "pre",
            "h1",
            "h2",
            "h3",
            "h4",
            "tr",
            "dt",
            "dd",
        ):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            return  # void elements (also written <img ... />) opened no level
        if self.depth:
            if self.skip == self.depth:
                self.skip = 0
            self.depth -= 1
        if tag in ("p", "li", "td", "th", "div", "pre", "tr", "dt", "dd"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(page_html: str, hover: bool = False) -> str:
    parser = _ArticleText(hover)
    parser.feed(page_html)
    return normalize("".join(parser.parts))


def normalize(text: str) -> str:
    return " ".join(html.unescape(text).replace("\u200b", "").split())


class SiteBuilder:
    """Writes a project (mkdocs.yml + docs) into a folder and builds it in-process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs = root / "docs"
        self.docs.mkdir(parents=True, exist_ok=True)
        (self.docs / "index.md").write_text("# Home\n", encoding="utf-8")
        self.plugin_options: dict[str, Any] = {}
        self.extra_config: dict[str, Any] = {}

    def add(self, relpath: str, content: str | bytes) -> Path:
        path = self.docs / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(
                textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8"
            )
        return path

    def incident(self, name: str, **fields: Any) -> Path:
        return self.add(f"postmortems/{name}.yaml", incident_yaml(**fields))

    def write_config(self) -> Path:
        plugin: Any = {"postmortem": self.plugin_options} if self.plugin_options else "postmortem"
        config = {
            "site_name": "Test archive",
            "site_url": "https://example.org/",
            "theme": {"name": "material"},
            "plugins": ["search", plugin],
            **self.extra_config,
        }
        path = self.root / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return path

    def build(self, *, strict: bool = False) -> Result:
        config_file = self.write_config()
        capture = _Capture()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(capture)
        aborted = False
        try:
            config = load_config(str(config_file), strict=strict, site_dir=str(self.root / "site"))
            build(config)
        except Abort:
            aborted = True
        finally:
            logger.removeHandler(capture)
        plugin = [m for m in capture.messages if "postmortem" in m or ".yaml" in m]
        return Result(self.root / "site", capture.messages, aborted, plugin)


def page_name(incident_id: str) -> str:
    """The name of an incident's page in its URL: the id as written (``Paths.incident``)."""
    return incident_id if incident_id != "README" else "readme"


def example_files() -> list[Path]:
    return sorted((ROOT / "docs" / "postmortems").glob("*.yaml"))


def nodes(value: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value of a loaded document, containers included, with its path of keys/indexes."""
    yield where, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nodes(item, (*where, index))


def build_example(
    root: Path,
    family_diagrams: str = "",
    *,
    theme: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    site_url: str = "",
) -> Result:
    """The project's own documentation site with the example archive, built in ``root``;
    ``family_diagrams`` and ``options`` set as the plugin's options when given (``mermaid``),
    ``theme`` in place of mkdocs.yml's (without Material, the ``tags`` plugin is left out: it
    is Material's), ``site_url`` when given."""
    shutil.copytree(ROOT / "docs", root / "docs")
    config_text = (ROOT / "mkdocs.yml").read_text("utf-8")
    options = {
        **({"family_diagrams": family_diagrams} if family_diagrams else {}),
        **(options or {}),
    }
    if options:
        plugin = "  - postmortem:\n" + "".join(f"      {k}: {v}\n" for k, v in options.items())
        assert config_text.count("  - postmortem\n") == 1
        config_text = config_text.replace("  - postmortem\n", plugin)
    if theme is not None:
        start = config_text.index("\ntheme:\n") + 1
        end = re.compile(r"^\S", re.M).search(config_text, start + len("theme:\n"))
        assert end is not None
        config_text = (
            config_text[:start] + yaml.safe_dump({"theme": theme}) + config_text[end.start() :]
        )
        if theme.get("name") != "material":
            config_text = config_text.replace("  - tags\n", "", 1)
    if site_url:
        config_text = f"site_url: {site_url}\n{config_text}"
    (root / "mkdocs.yml").write_text(config_text, "utf-8")
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
        build(config)
    finally:
        logger.removeHandler(capture)
    return Result(root / "site", capture.messages, False)


def cli_in(root: Path, *args: str) -> CliResult:
    """`mkdocs-postmortem ARGS` in ``root``, run in this process through click's test runner
    (the command as a process of its own is tested in tests/cli): a process per render cost
    more than the render of a small archive."""
    previous = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(previous)


def zensical_command() -> str:
    """Zensical's command, from this environment (a test dependency)."""
    found = shutil.which("zensical", path=os.path.dirname(sys.executable)) or shutil.which(
        "zensical"
    )
    assert found, "zensical is a test dependency (pip install -e .[test])"
    return found


__all__ = ["MINIMAL", "ROOT", "Result", "SiteBuilder", "incident_yaml", "page_name"]


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """End a server a test started: politely, then for sure."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
