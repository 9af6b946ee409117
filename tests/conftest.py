"""Fixtures: a site to build with MkDocs (``site``), the example documentation site built once
(``example_build``), and an archive run through the core without MkDocs (``archive``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from factories import Archive
from sites import Result, SiteBuilder, build_example

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

LONGEST_FIRST = (
    "test_pipeline_properties.py",
    "builds/test_render_three_ways.py",
    "test_pipeline_scaling.py",
    "builds/test_browser.py",
    "render/test_template_blocks.py",
    "builds/test_site_pages.py",
    "builds/test_install.py",
)
"""The test files that take longest, longest first (from ``--durations``). With
``--dist loadfile`` each file goes to one worker in the order collected, and these come last in
name order: a worker starting the longest one while the others have little left made the run
about a minute longer on two cores. Started first, the short files fill in around them."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}

    def order(item: pytest.Item) -> int:
        return rank.get(item.path.relative_to(tests).as_posix(), len(rank))

    items.sort(key=order)  # stable: the order within a file, and of the others, is kept


@pytest.fixture
def site(tmp_path: Path) -> SiteBuilder:
    return SiteBuilder(tmp_path / "project")


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """The project's own documentation site with the example archive, built once."""
    return build_example(tmp_path_factory.mktemp("example"))


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return Archive(tmp_path / "project")
