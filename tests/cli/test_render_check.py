"""`render --check`, for CI: the archive rendered in memory and compared with the files of
the output folder; exit 1 with each stale, missing or extra file, 0 when they are the same,
and nothing written either way."""

from __future__ import annotations

import os
from pathlib import Path

from cli.test_commands import git_repository, run_cli
from cli.test_without_plugin import ZENSICAL_CONFIG
from factories import incident_yaml
from sites import SiteBuilder

from mkdocs_postmortem.render.tree import MARKER


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its content and modification time."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def zensical_site(root: Path) -> SiteBuilder:
    site = SiteBuilder(git_repository(root))
    (site.root / "mkdocs.yml").write_text(ZENSICAL_CONFIG, encoding="utf-8")
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A", title="Checkout errors"))
    site.add("postmortems/b.yaml", incident_yaml(id="INC-B", title="Search slow"))
    return site


def test_a_fresh_render_passes_and_nothing_is_written(tmp_path: Path) -> None:
    site = zensical_site(tmp_path / "repo")
    assert run_cli(site.root, "render").returncode == 0
    before = snapshot(site.docs)
    done = run_cli(site.root, "render", "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("docs/postmortems: ")
    assert done.stdout.endswith(" files as render writes them, nothing to do\n")
    assert snapshot(site.docs) == before


def test_stale_missing_and_extra_files_are_listed(tmp_path: Path) -> None:
    site = zensical_site(tmp_path / "repo")
    assert run_cli(site.root, "render").returncode == 0
    out = site.docs / "postmortems"
    pages = sorted(p.name for p in (out / "incidents").iterdir())
    assert len(pages) == 2
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A", title="Checkout errors, again"))
    site.add("postmortems/c.yaml", incident_yaml(id="INC-C", title="Queue stuck"))
    (site.docs / "postmortems" / "b.yaml").unlink()
    (out / "browse.md").unlink()
    (out / "notes.md").write_text("mine\n", encoding="utf-8")  # not render's: not looked at
    before = snapshot(site.docs)
    done = run_cli(site.root, "render", "--check")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert (
        lines[0] == f"docs/postmortems: {len(lines) - 1} files differ from what render writes now:"
    )
    listed = {tuple(line.strip().split(": ", 1)) for line in lines[1:]}
    assert ("stale", f"incidents/{pages[0]}") in listed  # INC-A's page: its title changed
    assert ("extra", f"incidents/{pages[1]}") in listed  # INC-B deleted
    assert ("missing", "browse.md") in listed
    assert ("stale", "index.md") in listed
    assert any(kind == "missing" and rel.startswith("incidents/") for kind, rel in listed)
    assert not any(rel == "notes.md" for _, rel in listed)
    assert "run `mkdocs-postmortem render` and commit the files" in done.stderr
    assert snapshot(site.docs) == before
    assert run_cli(site.root, "render").returncode == 0
    assert run_cli(site.root, "render", "--check").returncode == 0


def test_before_the_first_render_everything_is_missing(tmp_path: Path) -> None:
    site = zensical_site(tmp_path / "repo")
    done = run_cli(site.root, "render", "--check")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert "  missing: " + MARKER in lines
    assert "  missing: index.md" in lines
    assert not (site.docs / "postmortems" / "index.md").exists()
    assert not (site.docs / "postmortems" / MARKER).exists()


def test_a_render_of_an_earlier_day_is_not_stale(tmp_path: Path) -> None:
    """Overdue items are counted against the day the last render counted them against (in
    the marker), as the build compares: a render is not stale for being old."""
    site = zensical_site(tmp_path / "repo")
    item = {"action": "Add an alert", "owner": "ops", "due": "2020-01-01", "status": "open"}
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A", action_items=[item]))
    own = site.root / "postmortem.yml"
    own.write_text("as_of: 2019-12-01\n", encoding="utf-8")  # not yet overdue then
    assert run_cli(site.root, "render", "--options", "postmortem.yml").returncode == 0
    out = site.docs / "postmortems"
    assert '"as_of": "2019-12-01"' in (out / MARKER).read_text(encoding="utf-8")
    own.write_text("as_of: 2021-01-01\n", encoding="utf-8")  # overdue then
    done = run_cli(site.root, "render", "--check", "--options", "postmortem.yml")
    assert done.returncode == 1  # a pinned day other than the render's: the pages differ
    assert "  stale: action-items.md" in done.stdout.splitlines()
    done = run_cli(site.root, "render", "--check")  # as_of not set: the marker's day
    assert done.returncode == 0, done.stdout
    page = out / "index.md"
    page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))  # even line ends differ
    done = run_cli(site.root, "render", "--check")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "docs/postmortems: 1 file differs from what render writes now:",
        "  stale: index.md",
    ]


def test_problems_fail_the_check(tmp_path: Path) -> None:
    site = zensical_site(tmp_path / "repo")
    assert run_cli(site.root, "render").returncode == 0
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A", status="done"))
    done = run_cli(site.root, "render", "--check")
    assert done.returncode == 1
    assert "status: 'done' is not allowed" in done.stderr
    assert "nothing compared: fix the problems or pass --allow-invalid" in done.stderr


def test_check_with_out_config_and_options(tmp_path: Path) -> None:
    repo = git_repository(tmp_path / "repo")
    site = SiteBuilder(repo / "handbook")
    (site.root / "mkdocs.yml").write_text(ZENSICAL_CONFIG, encoding="utf-8")
    (site.root / "postmortem.yml").write_text(
        "severity_levels:\n  - id: P1\n  - id: P2\n", encoding="utf-8"
    )
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A", severity="P2"))
    args = ["-f", "handbook/mkdocs.yml", "--options", "handbook/postmortem.yml"]
    args += ["--out", "handbook/docs/archive"]
    assert run_cli(repo, "render", *args).returncode == 0
    assert run_cli(repo, "render", "--check", *args).returncode == 0
    done = run_cli(repo, "render", "--check", *args[:4])  # the default folder: never written
    assert done.returncode == 1
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A", severity="P1"))
    done = run_cli(repo, "render", "--check", *args)
    assert done.returncode == 1
    assert (
        "run `mkdocs-postmortem render -f handbook/mkdocs.yml --out handbook/docs/archive "
        "--options handbook/postmortem.yml` and commit the files"
    ) in done.stderr
    assert os.path.isdir(site.docs / "archive")
