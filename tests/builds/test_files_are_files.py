"""Postmortems that are not regular files inside docs, as a stranger's pull request can make
them (git stores symbolic links): a link to a secret file outside docs, a named pipe, a link to
/dev/stdin. Every front end (the build, serve, validate, render) refuses them unread with one
message, and nothing of the linked file reaches the site; none of them waits on the pipe."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from builds.test_serve import fetch, free_port, wait_for
from cli.test_commands import run_cli
from sites import SiteBuilder, incident_yaml, stop
from special_files import SECRET, fifo, needs_fifo, secret_postmortem

LINK_OUT = (
    "docs/postmortems/leak.yaml:1:1: (document): refused: a symbolic link to a file outside "
    "docs_dir; a postmortem must be a file inside docs_dir (not read, not published)"
)


def pipe_refused(name: str) -> str:
    return (
        f"docs/postmortems/{name}:1:1: (document): refused: a named pipe (FIFO), not a regular "
        "file; a postmortem must be a regular file (not read, not published)"
    )


def regular_files(folder: Path) -> Iterator[Path]:
    """Every regular file under ``folder``, links not followed (a link is what is tested)."""
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield path


@pytest.fixture
def leaky(site: SiteBuilder, tmp_path: Path) -> SiteBuilder:
    """An archive with one good postmortem, one linked inside docs, and one linked to a
    secret file outside docs."""
    site.incident("good", id="INC-GOOD")
    site.add("postmortems/.shared/real.yaml", incident_yaml(id="INC-LINKED", title="Linked"))
    (site.docs / "postmortems" / "alias.yaml").symlink_to(Path(".shared") / "real.yaml")
    (site.docs / "postmortems" / "leak.yaml").symlink_to(secret_postmortem(tmp_path / "outside"))
    site.write_config()
    return site


def test_a_link_out_of_docs_fails_strict_and_publishes_nothing_of_its_file(
    leaky: SiteBuilder,
) -> None:
    strict = leaky.build(strict=True)
    assert strict.aborted
    assert LINK_OUT in strict.warnings
    result = leaky.build()
    assert not result.aborted
    published = list(regular_files(result.site))
    assert len(published) > 50
    for path in published:
        assert SECRET.encode() not in path.read_bytes(), path
    assert not (result.site / "postmortems" / "leak.yaml").exists()
    incidents = (result.site / "postmortems" / "incidents.json").read_text("utf-8")
    assert '"id":"INC-GOOD"' in incidents and '"id":"INC-LINKED"' in incidents
    assert SECRET not in incidents
    assert SECRET not in (result.site / "search" / "search_index.json").read_text("utf-8")
    assert "refused: a symbolic link to a file outside docs_dir" in result.text(
        "postmortems/health/"
    )
    # A link that stays inside docs is a postmortem like any other.
    assert "Linked" in result.text("postmortems/incidents/INC-LINKED/")


def test_validate_and_render_refuse_the_link_too(leaky: SiteBuilder) -> None:
    done = run_cli(leaky.root, "validate")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [LINK_OUT, "", "1 problem in 1 file (3 checked)"]
    one = run_cli(leaky.root, "validate", "docs/postmortems/leak.yaml")
    assert one.returncode == 1
    assert one.stdout.splitlines() == [LINK_OUT, "", "1 problem in 1 file (1 checked)"]
    render = run_cli(leaky.root, "render")
    assert render.returncode == 1 and LINK_OUT in render.stderr
    assert run_cli(leaky.root, "render", "--allow-invalid").returncode == 0
    written = list(regular_files(leaky.docs / "postmortems"))
    assert any(path.name == "INC-GOOD.md" for path in written)
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path


def test_serve_refuses_a_link_added_while_it_runs(leaky: SiteBuilder, tmp_path: Path) -> None:
    (leaky.docs / "postmortems" / "leak.yaml").unlink()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=leaky.root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base + "postmortems/incidents/INC-GOOD/")[0] == 200, "serve")
        (leaky.docs / "postmortems" / "leak.yaml").symlink_to(tmp_path / "outside" / "secret.yaml")
        wait_for(
            lambda: "refused: a symbolic link" in fetch(base + "postmortems/health/")[1],
            "the rebuild that sees the link",
        )
        assert fetch(base + "postmortems/leak.yaml")[0] == 404
        for page in ("postmortems/", "postmortems/health/", "postmortems/incidents.json"):
            status, text = fetch(base + page)
            assert status == 200 and SECRET not in text, page
    finally:
        stop(process)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command as a process, its stdin an open pipe that nothing writes to or closes (as
    under CI); ``communicate`` would close it, so the output goes to files."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        with subprocess.Popen(
            args,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        ) as process:
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                pytest.fail(f"{args[2:]} was still waiting after 120 s")
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(
            args, process.returncode, out.read().decode(), err.read().decode()
        )


MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]
VALIDATE = [sys.executable, "-m", "mkdocs_postmortem.cli", "validate"]


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="no /dev/stdin here")
def test_a_link_to_dev_stdin_blocks_no_front_end(site: SiteBuilder) -> None:
    """The reported attack: the build waited on its own stdin, an open pipe under CI."""
    site.incident("good", id="INC-GOOD")
    (site.docs / "postmortems" / "stdin.yaml").symlink_to("/dev/stdin")
    site.write_config()
    refused = (
        "docs/postmortems/stdin.yaml:1:1: (document): refused: a symbolic link to a file "
        "outside docs_dir; a postmortem must be a file inside docs_dir (not read, not published)"
    )
    build = run(MKDOCS, site.root)
    assert build.returncode != 0
    assert refused in build.stderr
    validate = run(VALIDATE, site.root)
    assert validate.returncode == 1
    assert validate.stdout.splitlines()[0] == refused


@needs_fifo
def test_a_named_pipe_blocks_no_front_end(site: SiteBuilder) -> None:
    site.incident("good", id="INC-GOOD")
    site.write_config()
    with fifo(site.docs / "postmortems" / "pipe.yaml"):
        build = run(MKDOCS, site.root)
        validate = run(VALIDATE, site.root)
        render = run([*VALIDATE[:-1], "render"], site.root)
    assert build.returncode != 0
    assert pipe_refused("pipe.yaml") in build.stderr
    assert validate.returncode == 1
    assert validate.stdout.splitlines() == [
        pipe_refused("pipe.yaml"),
        "",
        "1 problem in 1 file (2 checked)",
    ]
    assert render.returncode == 1 and pipe_refused("pipe.yaml") in render.stderr


@needs_fifo
def test_a_named_pipe_for_renders_marker_blocks_nothing(site: SiteBuilder) -> None:
    """The plugin and `render` read `render`'s marker file from docs; a pipe there is no
    marker (and no render's files: the plugin makes the pages itself)."""
    site.incident("good", id="INC-GOOD")
    site.write_config()
    with fifo(site.docs / "postmortems" / ".postmortem-render.json"):
        build = run(MKDOCS, site.root)
        assert build.returncode == 0, build.stderr
        assert (
            site.root / "site" / "postmortems" / "incidents" / "INC-GOOD" / "index.html"
        ).exists()
        render = run([*VALIDATE[:-1], "render"], site.root)
    assert render.returncode == 0, render.stderr
    assert (site.docs / "postmortems" / "incidents" / "INC-GOOD.md").is_file()
