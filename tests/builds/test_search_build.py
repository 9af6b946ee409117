"""Pagefind in real MkDocs + Material builds: the incident pages' filters, the theme's search
index with and without Pagefind, a build where the binary cannot be found (Pagefind's own
``PAGEFIND_BINARY_PATH`` pointed at nothing), ``--strict`` with ``required``, and
``mkdocs-postmortem index`` on a site built from ``render``'s files without the plugin."""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sites import ROOT, Result, SiteBuilder

from mkdocs_postmortem.render import site_search

if site_search.binary_problem() is not None:  # checked once, without the test's variables
    pytest.skip(
        f"Pagefind cannot run here: {site_search.binary_problem()}", allow_module_level=True
    )

INCIDENTS = {
    "a": {
        "id": "INC-1",
        "title": "Pool exhausted in payments",
        "severity": "SEV1",
        "services": ["payments"],
        "tags": ["database"],
    },
    "b": {"id": "INC-2", "title": "Slow search", "severity": "SEV3", "services": ["search"]},
}


def _archive(site: SiteBuilder, **options: object) -> SiteBuilder:
    for name, fields in INCIDENTS.items():
        site.incident(name, **fields)
    site.plugin_options = dict(options)
    return site


class _Infos(logging.Handler):
    """INFO lines of the plugin's logger (the capture of ``sites`` keeps warnings only)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.INFO:
            self.lines.append(record.getMessage())


@pytest.fixture
def infos() -> Iterator[list[str]]:
    handler = _Infos()
    logger = logging.getLogger("mkdocs.plugins.mkdocs_postmortem")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.setLevel(level)
    logger.removeHandler(handler)


@pytest.fixture
def no_binary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    missing = str(tmp_path / "nowhere" / "pagefind")
    monkeypatch.setenv(site_search.BINARY_ENV, missing)
    return missing


def _indexed(result: Result) -> set[str]:
    return {d["location"].split("#")[0] for d in result.search_index()["docs"]}


def test_with_pagefind_incident_pages_declare_filters_and_leave_materials_index(
    site: SiteBuilder,
) -> None:
    result = _archive(site, pagefind=True).build(strict=True)
    assert not result.aborted, result.warnings
    page = result.html("postmortems/incidents/INC-1/")
    for declared in (
        'data-pagefind-filter="severity">SEV1</span>',
        'data-pagefind-filter="service">payments</span>',
        'data-pagefind-filter="tag">database</span>',
        'data-pagefind-filter="year">2026</span>',
        'data-pagefind-filter="status">final</span>',
        'data-pagefind-sort="date">2026-01-05</span>',
        'data-pagefind-sort="severity">1</span>',
        'data-pagefind-meta="title">Pool exhausted in payments</span>',
        "data-pagefind-body",
    ):
        assert declared in page, declared
    indexed = _indexed(result)
    assert "postmortems/incidents/INC-1/" not in indexed
    assert "postmortems/" in indexed  # the rest of the archive stays in the theme's search
    bundle = result.site / "postmortems" / "pagefind"
    assert (bundle / "pagefind-ui.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(INCIDENTS)
    search_page = result.html("postmortems/browse/")
    assert "<title>Search the archive - Test archive</title>" in search_page
    assert site_search.SEARCH_PAGE_MARK in search_page
    assert (result.site / "postmortems" / "assets" / "search.js").is_file()
    module = result.site / "postmortems" / "assets" / "pagefind-any" / "pagefind.js"
    assert 'from "../../pagefind/pagefind.js"' in module.read_text("utf-8")
    assert 'data-module="../assets/pagefind-any/"' in search_page
    # Every page leads from the theme's search to the archive's search page.
    assert '<script src="assets/header-search.js">' in result.html("postmortems/")
    assert '<script src="../../assets/header-search.js">' in page
    header = (result.site / "postmortems" / "assets" / "header-search.js").read_text("utf-8")
    assert '{"page": "../browse/", "count": 2}' in header


def _indexed_texts(bundle: Path) -> list[str]:
    """The text Pagefind holds of each page, as its excerpts are cut from (its fragments:
    gzipped JSON after a signature)."""
    texts = []
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        texts.append(json.loads(raw[raw.index(b"{") :])["content"])
    return texts


def test_indexed_text_keeps_the_key_facts_labels_apart_from_their_values(
    site: SiteBuilder,
) -> None:
    site.incident(
        "c",
        id="INC-3",
        title="Queue backlog",
        severity="SEV2",
        services=["queue"],
        environment="production",
        timestamps={"started": "2025-01-01T10:00:00Z", "detected": "2025-01-01T10:05:00Z"},
    )
    result = _archive(site, pagefind=True).build(strict=True)
    assert not result.aborted, result.warnings
    texts = _indexed_texts(result.site / "postmortems" / "pagefind")
    assert len(texts) == len(INCIDENTS) + 1
    text = next(t for t in texts if "Queue backlog" in t)
    for spaced in ("Severity Major", "Services queue", "Environment production",
                   "Incident id INC-3", "TTD 5 min", "SEV2 final"):  # fmt: skip
        assert spaced in text, (spaced, text)
    for label in ("When", "Severity", "Services", "Environment", "Incident id", "TTD"):
        assert not re.search(rf"\b{label}[^\s.:]", text), (label, text)
    # The page looks as it did: no text between a label and its value but whitespace.
    page = result.html("postmortems/incidents/INC-3/")
    assert "<dt>Severity</dt>\n<dd>Major</dd>" in page


def test_without_pagefind_nothing_of_it_is_written(site: SiteBuilder) -> None:
    result = _archive(site, pagefind=False).build(strict=True)
    assert not result.aborted, result.warnings
    page = result.html("postmortems/incidents/INC-1/")
    assert "pagefind" not in page.lower()
    assert "postmortems/incidents/INC-1/" in _indexed(result)
    assert not (result.site / "postmortems" / "pagefind").exists()
    assert not (result.site / "postmortems" / "assets" / "search.js").exists()
    assert not (result.site / "postmortems" / "assets" / "pagefind-any").exists()
    assert "header-search.js" not in page
    assert "<title>Browse - Test archive</title>" in result.html("postmortems/browse/")


def test_auto_stays_off_below_the_threshold(site: SiteBuilder) -> None:
    result = _archive(site, pagefind_threshold=3).build(strict=True)
    assert "postmortems/incidents/INC-1/" in _indexed(result)
    assert not (result.site / "postmortems" / "pagefind").exists()


def test_auto_turns_on_at_the_threshold_and_the_explicit_nav_says_search(
    site: SiteBuilder,
) -> None:
    site.extra_config = {"nav": ["index.md"]}
    result = _archive(site, pagefind_threshold=2).build(strict=True)
    assert not result.aborted, result.warnings
    assert (result.site / "postmortems" / "pagefind" / "pagefind-entry.json").is_file()
    home = result.html("")
    assert "Search the archive" in home and ">Browse<" not in home.replace("\n", "")


@pytest.mark.parametrize("mode", [True, "auto"])
def test_without_the_binary_the_site_is_built_with_materials_search(
    site: SiteBuilder, no_binary: str, infos: list[str], mode: object
) -> None:
    result = _archive(site, pagefind=mode, pagefind_threshold=1).build(strict=True)
    assert not result.aborted, result.warnings
    assert not result.plugin_warnings
    said = [line for line in infos if no_binary in line]
    assert len(said) == 1 and "theme's search" in said[0], infos
    assert "postmortems/incidents/INC-1/" in _indexed(result)
    assert "pagefind" not in result.html("postmortems/incidents/INC-1/").lower()
    assert not (result.site / "postmortems" / "pagefind").exists()


def test_without_the_binary_required_fails_strict(site: SiteBuilder, no_binary: str) -> None:
    result = _archive(site, pagefind="required").build(strict=True)
    assert result.aborted
    assert any("required" in w and no_binary in w for w in result.warnings), result.warnings


def test_without_the_binary_required_still_builds_without_strict(
    site: SiteBuilder, no_binary: str
) -> None:
    result = _archive(site, pagefind="required").build()
    assert not result.aborted
    assert [w for w in result.warnings if "pagefind is required" in w]
    assert "postmortems/incidents/INC-1/" in _indexed(result)


def _run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        check=False,
    )


def test_index_command_indexes_a_site_built_from_rendered_files(tmp_path: Path) -> None:
    project = tmp_path / "project"
    site = SiteBuilder(project)
    _archive(site, pagefind=True)
    site.write_config()
    rendered = _run("mkdocs_postmortem.cli", "render", cwd=project)
    assert rendered.returncode == 0, rendered.stderr
    assert "mkdocs-postmortem index" in rendered.stderr
    # Built the way a site without the plugin is (Zensical's path): the plugin left out.
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = ["search"]
    config["markdown_extensions"] = ["admonition", "attr_list", "tables", "pymdownx.details",
                                     "pymdownx.superfences", "toc"]  # fmt: skip
    (project / "plain.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built = _run("mkdocs", "build", "-q", "-f", "plain.yml", cwd=project)
    assert built.returncode == 0, built.stderr
    page = (project / "site" / "postmortems" / "incidents" / "INC-1" / "index.html").read_text()
    assert 'data-pagefind-filter="severity">SEV1</span>' in page
    assert (project / "site" / "postmortems" / "assets" / "pagefind-any" / "pagefind.js").is_file()
    indexed = _run("mkdocs_postmortem.cli", "index", cwd=project)
    assert indexed.returncode == 0, indexed.stderr
    assert f"{len(INCIDENTS)} incident pages indexed" in indexed.stdout
    entry = project / "site" / "postmortems" / "pagefind" / "pagefind-entry.json"
    languages = json.loads(entry.read_text("utf-8"))["languages"]
    assert sum(lang["page_count"] for lang in languages.values()) == len(INCIDENTS)
    again = _run("mkdocs_postmortem.cli", "index", "site", cwd=project)  # replaces its bundle
    assert again.returncode == 0, again.stderr


def test_index_command_refuses_a_site_made_without_pagefind(tmp_path: Path) -> None:
    project = tmp_path / "project"
    site = SiteBuilder(project)
    _archive(site, pagefind=False)
    result = site.build(strict=True)
    assert not result.aborted
    indexed = _run("mkdocs_postmortem.cli", "index", cwd=project)
    assert indexed.returncode == 1
    assert "made with pagefind off" in indexed.stderr
    assert not (project / "site" / "postmortems" / "pagefind").exists()
