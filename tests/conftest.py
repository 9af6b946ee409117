"""Fixtures: a site to build with MkDocs (``site``), the example documentation site built once
(``example_build``), and an archive run through the core without MkDocs (``archive``)."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from factories import Archive
from mkdocs.theme import Theme
from sites import Result, SiteBuilder, build_example

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _CompiledOnce(jinja2.BytecodeCache):
    """The theme's templates compiled once per test process, as Jinja's bytecode cache does
    (MkDocs sets none): each build makes a new environment, and compiling Material's templates
    again was about a third of a small build, some 300 times in the suite. A bucket is keyed by
    the template's file and checked against its source, so a team's override is compiled as
    itself; what a build renders is unchanged."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledOnce()
_theme_env = Theme.get_env


def _env_with_compiled_templates(self: Theme) -> jinja2.Environment:
    env = _theme_env(self)
    env.bytecode_cache = _COMPILED
    return env


Theme.get_env = _env_with_compiled_templates  # type: ignore[method-assign]

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
