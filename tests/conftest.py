"""Fixtures: a site to build with MkDocs (``site``), the example documentation site built once
(``example_build``), and an archive run through the core without MkDocs (``archive``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from factories import Archive
from sites import Result, SiteBuilder, build_example

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


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
