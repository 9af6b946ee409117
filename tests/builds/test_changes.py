"""PR previews: the "Changes in this preview" page, from a real git repository."""

from __future__ import annotations

import subprocess

import pytest
from sites import SiteBuilder, incident_yaml


def git(site: SiteBuilder, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=Test", *args],
        cwd=site.root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(site: SiteBuilder) -> SiteBuilder:
    site.incident("a", id="INC-A", title="Alpha")
    site.incident("b", id="INC-B", title="Bravo")
    site.incident("c", id="INC-C", title="Charlie")
    site.write_config()
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "archive")
    git(site, "checkout", "-q", "-b", "pr")
    site.incident("a", id="INC-A", title="Alpha, revised")  # changed, committed on the branch
    git(site, "commit", "-q", "-am", "revise A")
    git(site, "checkout", "-q", "main")
    git(site, "commit", "-q", "--allow-empty", "-m", "main moves on")
    git(site, "checkout", "-q", "pr")
    # Work in progress on the branch: a new (invalid) file, untracked, and a staged removal.
    site.add("postmortems/d.yaml", incident_yaml(id="INC-D", title="Delta", status="sev"))
    git(site, "rm", "-q", "docs/postmortems/c.yaml")
    return site


def test_changes_page_lists_exactly_what_differs(repo: SiteBuilder) -> None:
    repo.plugin_options = {"compare_ref": "main"}
    result = repo.build()
    text = result.text("postmortems/changes/")
    assert "Compared with main" in text and "1 added, 1 changed, 1 removed" in text
    added = text[text.index("Added") : text.index("Changed")]
    changed = text[text.index("Changed") : text.index("Removed")]
    removed = text[text.index("Removed") :]
    assert "postmortems/d.yaml INC-D: Delta not published: 1 problem" in added
    assert "postmortems/a.yaml INC-A: Alpha, revised valid" in changed
    assert "postmortems/c.yaml INC-C Charlie" in removed
    assert "b.yaml" not in text
    assert "changed in this preview" in result.text("postmortems/incidents/INC-A/")
    assert "new in this preview" in result.text("postmortems/incidents/INC-D/")
    assert "in this preview" not in result.text("postmortems/incidents/INC-B/")
    assert not result.exists("postmortems/incidents/INC-C/")


def test_environment_variable_sets_the_ref(
    repo: SiteBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSTMORTEM_COMPARE_REF", "main")
    result = repo.build()
    assert "1 added, 1 changed, 1 removed" in result.text("postmortems/changes/")


def test_unknown_ref_is_said_and_the_build_carries_on(repo: SiteBuilder) -> None:
    repo.add("postmortems/d.yaml", incident_yaml(id="INC-D", title="Delta"))
    repo.plugin_options = {"compare_ref": "no-such-branch"}
    result = repo.build(strict=True)
    assert not result.aborted, result.warnings
    assert "cannot compare with 'no-such-branch'" in result.text("postmortems/changes/")
    assert "in this preview" not in result.text("postmortems/incidents/INC-A/")


def test_outside_git_the_build_carries_on(site: SiteBuilder) -> None:
    site.incident("a", id="INC-A")
    site.plugin_options = {"compare_ref": "main"}
    result = site.build(strict=True)
    assert not result.aborted
    assert "cannot compare with 'main'" in result.text("postmortems/changes/")


def test_no_comparison_no_page(site: SiteBuilder) -> None:
    site.incident("a", id="INC-A")
    assert not site.build().exists("postmortems/changes/")
