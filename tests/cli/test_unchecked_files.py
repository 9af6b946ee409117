"""A file given to `validate` (as the pre-commit hook gives every staged YAML file) that looks
like a postmortem but that no archive checks is a problem of its own, never "0 files checked,
no problems"; a file that is no postmortem is still skipped and counted."""

from __future__ import annotations

from pathlib import Path

from cli.test_commands import git_repository, run_cli
from factories import incident_yaml
from sites import SiteBuilder

TAIL = "; move it into an archive's postmortems, or leave it out of the files given to validate"


def lines(why: str, file: str, line: int = 1) -> list[str]:
    return [
        f"{file}:{line}:1: (document): looks like a postmortem (top-level id and severity) but "
        f"no archive checks it: {why}{TAIL}",
        "",
    ]


def test_a_postmortem_under_no_config_is_reported(tmp_path: Path) -> None:
    repo = git_repository(tmp_path / "repo")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "x.yaml").write_text("# draft\n" + incident_yaml(), encoding="utf-8")
    (repo / "drafts" / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    done = run_cli(repo, "validate", "drafts/x.yaml", "drafts/ci.yaml")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        *lines(
            "there is no mkdocs.yml in its folder or a folder above it", "drafts/x.yaml", line=2
        ),
        "1 problem in 1 file (1 checked); skipped 1 file that is not a postmortem",
    ]
    assert run_cli(repo, "validate", "drafts/ci.yaml").returncode == 0


def test_a_postmortem_of_a_site_without_the_plugin_outside_paths_is_reported(
    tmp_path: Path,
) -> None:
    """Without a postmortem entry the default options apply: a postmortem outside their
    paths is one out of place, as with the plugin."""
    repo = git_repository(tmp_path / "repo")
    other = SiteBuilder(repo / "api-docs")
    other.add("x.yaml", incident_yaml())
    (other.root / "mkdocs.yml").write_text("site_name: API\n", encoding="utf-8")
    done = run_cli(repo, "validate", "api-docs/docs/x.yaml", "--format", "github")
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=api-docs/docs/x.yaml,line=1,col=1,")
    assert "paths" in done.stdout.splitlines()[0]


def test_a_postmortem_the_archive_leaves_out_is_reported(site: SiteBuilder) -> None:
    """Outside docs_dir, or left out by exclude_docs or a dot folder: the build never sees it."""
    site.incident("good", id="INC-GOOD")
    site.extra_config = {"exclude_docs": "postmortems/old/\n"}
    site.add("postmortems/old/a.yaml", incident_yaml(id="INC-A"))
    site.add("postmortems/.drafts/b.yaml", incident_yaml(id="INC-B"))
    outside = site.root / "drafts" / "c.yaml"
    outside.parent.mkdir()
    outside.write_text(incident_yaml(id="INC-C"), encoding="utf-8")
    site.write_config()
    done = run_cli(
        site.root,
        "validate",
        "docs/postmortems/good.yaml",
        "docs/postmortems/old/a.yaml",
        "docs/postmortems/.drafts/b.yaml",
        "drafts/c.yaml",
    )
    assert done.returncode == 1
    left_out = "mkdocs.yml leaves it out of the site (exclude_docs, or a name starting with a dot)"
    assert done.stdout.splitlines() == [
        *lines(left_out, "docs/postmortems/.drafts/b.yaml"),
        *lines(left_out, "docs/postmortems/old/a.yaml"),
        *lines("it is outside the docs_dir of mkdocs.yml (docs)", "drafts/c.yaml"),
        "3 problems in 3 files (4 checked)",
    ]
    # The same with -f, the hook's setting for one site of a monorepo.
    with_f = run_cli(site.root, "validate", "-f", "mkdocs.yml", "drafts/c.yaml")
    assert with_f.returncode == 1
    assert with_f.stdout.splitlines()[0].startswith("drafts/c.yaml:1:1: (document): looks like")


def test_files_that_are_no_postmortem_are_still_skipped(site: SiteBuilder) -> None:
    site.incident("good", id="INC-GOOD")
    site.add("data/team.yaml", "name: ops\nmembers: [a, b]\n")
    site.add("notes.txt", incident_yaml())
    site.write_config()
    done = run_cli(
        site.root,
        "validate",
        "docs/postmortems/good.yaml",
        "docs/data/team.yaml",
        "docs/notes.txt",
        "mkdocs.yml",
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines() == [
        "1 file checked, no problems; skipped 3 files that are not postmortems"
    ]
