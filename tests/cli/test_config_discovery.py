"""Which mkdocs.yml the command line uses, and how it reads it: never one inside a docs folder
(a stranger's pull request may put one there), and never by building the Python objects that
YAML tags name. The commands run in this process, so code a config ran would run here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli.test_commands import git_repository, run_cli
from factories import incident_yaml
from sites import SiteBuilder

from mkdocs_postmortem.cli.project import find_config


def hostile(marker: Path) -> str:
    """A config that makes a folder at ``marker`` if anything builds what its tags name."""
    return f'site_name: !!python/object/apply:os.mkdir ["{marker}"]\nplugins: [postmortem]\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_repository(tmp_path / "repo")


def test_a_mkdocs_yml_in_the_docs_tree_is_neither_run_nor_used(repo: Path, tmp_path: Path) -> None:
    """The hook's reported attack: validate a file beside a hostile mkdocs.yml. The config of
    the site (above the docs folder) checks it; the hostile one is never loaded."""
    marker = tmp_path / "ran"
    site = SiteBuilder(repo)
    site.write_config()
    write(site.docs / "postmortems" / "team-x" / "mkdocs.yml", hostile(marker))
    site.add("postmortems/team-x/x.yaml", incident_yaml(status="done"))
    done = run_cli(repo, "validate", "docs/postmortems/team-x/x.yaml")
    assert not marker.exists()
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "docs/postmortems/team-x/x.yaml:5:9: status: 'done' is not allowed; expected one of: "
        "draft, in-review, final, archived",
        "",
        "1 problem in 1 file (1 checked)",
    ]
    # From inside that folder, every command uses the site's config too.
    team = site.docs / "postmortems" / "team-x"
    whole = run_cli(team, "validate")
    assert whole.returncode == 1
    assert "docs/postmortems/team-x/x.yaml:5:9: status:" in whole.stdout
    assert run_cli(team, "schema").returncode == 0
    made = run_cli(team, "new", "-t", "Disk full", "-s", "SEV2", "--date", "2026-03-01")
    assert made.returncode == 0, made.stderr
    assert (site.docs / "postmortems" / "2026-03-01-disk-full.yaml").is_file()
    assert not marker.exists()


def test_find_config_never_takes_one_inside_a_docs_dir_above(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    top = write(repo / "mkdocs.yml", "site_name: Top\ndocs_dir: content\n")
    write(repo / "content" / "team" / "mkdocs.yml", hostile(marker))
    write(repo / "content" / "team" / "deeper" / "mkdocs.yaml", hostile(marker))
    handbook = write(repo / "handbook" / "mkdocs.yml", "site_name: Handbook\n")
    write(repo / "handbook" / "docs" / "a" / "mkdocs.yml", hostile(marker))
    (repo / "linked").symlink_to(repo / "content", target_is_directory=True)
    assert find_config(str(repo / "content" / "team" / "deeper")) == str(top)
    assert find_config(str(repo / "content" / "team")) == str(top)
    assert find_config(str(repo / "linked" / "team")) == str(top)
    # A monorepo's sites: the config above each docs folder, itself outside any docs folder.
    assert find_config(str(repo / "handbook" / "docs" / "a")) == str(handbook)
    assert find_config(str(repo / "handbook")) == str(handbook)
    assert find_config(str(repo)) == str(top)
    assert not marker.exists()


def test_render_loads_the_sites_own_config_as_mkdocs_does(tmp_path: Path) -> None:
    """Only ``render`` converts text with the site's Markdown extensions, so only it builds
    what their options name (Material's emoji index), from the config a build would use."""
    site = SiteBuilder(tmp_path / "project")
    site.extra_config = {"markdown_extensions": ["pymdownx.emoji"]}
    site.incident("a", id="INC-1", summary="Paged :smile: the on-call.")
    config = site.write_config()
    text = config.read_text("utf-8").replace(
        "- pymdownx.emoji\n",
        "- pymdownx.emoji:\n"
        "    emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "    emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
    )
    config.write_text(text, encoding="utf-8")
    done = run_cli(site.root, "render")
    assert done.returncode == 0, done.stderr
    page = (site.docs / "postmortems" / "incidents" / "INC-1.md").read_text("utf-8")
    assert 'class="twemoji"' in page  # the index the config names, not the default one
    assert os.path.isfile(site.docs / "postmortems" / "index.md")
