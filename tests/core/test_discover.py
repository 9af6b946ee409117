"""Which files are postmortems: the paths globs, hidden folders, display paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_postmortem.core.discover import SourceFile, discover, glob_matcher, source_for
from mkdocs_postmortem.core.settings import Settings


def test_globs_and_discovery(tmp_path: Path) -> None:
    match = glob_matcher(["postmortems/**/*.yaml", "extra/*.yml"])
    assert match("postmortems/a.yaml") and match("postmortems/2026/q1/a.yaml")
    assert not match("postmortems/a.yml") and not match("other/postmortems/a.yaml")
    assert match("extra/b.yml") and not match("extra/deep/b.yml")
    docs = tmp_path / "docs"
    for rel in (
        "postmortems/b.yaml",
        "postmortems/2025/a.yaml",
        "postmortems/.hidden/c.yaml",
        "x.yaml",
    ):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("id: x\n", encoding="utf-8")
    found = discover(Settings(docs_dir=str(docs), project_dir=str(tmp_path)))
    assert [f.src_uri for f in found] == ["postmortems/2025/a.yaml", "postmortems/b.yaml"]
    assert [f.display for f in found] == ["docs/postmortems/2025/a.yaml", "docs/postmortems/b.yaml"]


@pytest.mark.parametrize(
    ("patterns", "path", "matches"),
    [
        (["postmortems/**/*.yaml"], "postmortems/a.yaml", True),
        (["postmortems/**/*.yaml"], "postmortems/x/y/z/a.yaml", True),
        (["postmortems/**/*.yaml"], "postmortems/a.yaml.bak", False),
        (["postmortems/*.yaml"], "postmortems/x/a.yaml", False),
        (["/pm/*.yaml"], "pm/a.yaml", True),
        ([" pm/*.yaml "], "pm/a.yaml", True),
        (["pm/*.y?ml"], "pm/a.yaml", True),
        (["pm/*.y?ml"], "pm/a.yml", False),
        (["pm/*.y?ml"], "pm/a.y/ml", False),
        (["a.b/*.yaml"], "a.b/x.yaml", True),
        (["a.b/*.yaml"], "axb/x.yaml", False),
        (["pm/**"], "pm/deep/er/a.txt", True),
        (["**"], "anything/at/all", True),
        ([], "pm/a.yaml", False),
        (["pm/[ab].yaml"], "pm/a.yaml", False),
        (["pm/[ab].yaml"], "pm/[ab].yaml", True),
    ],
)
def test_glob_matcher(patterns: list[str], path: str, matches: bool) -> None:
    """Only ``**``, ``*`` and ``?`` are special; a leading slash and spaces are ignored."""
    assert glob_matcher(patterns)(path) is matches


def test_excluded_files_are_left_out(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for rel in ("postmortems/a.yaml", "postmortems/drafts/b.yaml"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("id: x\n", encoding="utf-8")
    settings = Settings(docs_dir=str(docs), project_dir=str(tmp_path))
    found = discover(settings, exclude=lambda rel: rel.startswith("postmortems/drafts/"))
    assert [f.src_uri for f in found] == ["postmortems/a.yaml"]
    assert found[0].abs_path == str(docs / "postmortems" / "a.yaml")


def test_the_paths_option_decides(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for rel in ("incidents/a.yml", "postmortems/b.yaml"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("id: x\n", encoding="utf-8")
    settings = Settings(docs_dir=str(docs), project_dir=str(tmp_path), paths=("incidents/*.yml",))
    assert [f.src_uri for f in discover(settings)] == ["incidents/a.yml"]


def test_display_is_relative_to_the_project_unless_outside_it() -> None:
    settings = Settings(docs_dir="/r/docs", project_dir="/r")
    assert source_for(settings, "pm/a.yaml", "/r/docs/pm/a.yaml") == SourceFile(
        "pm/a.yaml", "/r/docs/pm/a.yaml", "docs/pm/a.yaml"
    )
    assert source_for(settings, "pm/a.yaml", "/other/a.yaml").display == "/other/a.yaml"
