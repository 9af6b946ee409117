"""Under `mkdocs serve`, editing a postmortem or the team schema rebuilds the archive."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from sites import SiteBuilder, article_text, incident_yaml, stop


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def served(site: SiteBuilder) -> Iterator[tuple[SiteBuilder, str]]:
    (site.root / "team.schema.json").write_text("{}", encoding="utf-8")
    site.plugin_options = {"schema": "team.schema.json"}
    site.incident("a", id="INC-A", title="First title")
    config = site.write_config()
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=site.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield site, f"http://127.0.0.1:{port}/"
    finally:
        stop(process)


def test_edits_rebuild_the_archive(served: tuple[SiteBuilder, str]) -> None:
    site, base = served
    page = base + "postmortems/incidents/INC-A/"
    wait_for(lambda: "First title" in fetch(page)[1], "the first build")

    site.incident("a", id="INC-A", title="Second title")
    wait_for(lambda: "Second title" in fetch(page)[1], "the rebuild after editing the YAML")

    site.incident("b", id="INC-B", title="Brand new")
    wait_for(
        lambda: "Brand new" in fetch(base + "postmortems/incidents/INC-B/")[1], "a new incident"
    )

    (site.root / "team.schema.json").write_text(
        json.dumps({"required": ["services"]}), encoding="utf-8"
    )
    wait_for(
        lambda: "Not published" in article_text(fetch(page)[1]),
        "the rebuild after editing the team schema",
    )
    health = article_text(fetch(base + "postmortems/health/")[1])
    assert "services required field is missing" in health

    site.add("postmortems/a.yaml", incident_yaml(id="INC-A", title="Third title", services=["api"]))
    wait_for(
        lambda: "Third title" in fetch(page)[1] and "Not published" not in fetch(page)[1],
        "the fixed incident to be published again",
    )


def test_an_edit_reparses_only_its_own_file(site: SiteBuilder) -> None:
    """The plugin keeps one instance under serve; its cache of loaded files (keyed by path and
    content) means an edit costs one parse and one validation, whatever the archive's size.
    The counts are the loader's own, logged at debug level on every build."""
    for n in range(6):
        site.incident(f"i{n}", id=f"INC-{n}", title=f"Title {n}")
    config = site.write_config()
    port = free_port()
    address = f"127.0.0.1:{port}"
    log_path = site.root / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-v", "-f", str(config), "-a", address],
            cwd=site.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    counts: list[str] = []

    def builds() -> list[str]:
        text = log_path.read_text("utf-8", "replace")
        counts[:] = [
            line.split("mkdocs_postmortem: ", 1)[1]
            for line in text.splitlines()
            if "parsed and validated" in line
        ]
        return counts

    page = f"http://127.0.0.1:{port}/postmortems/incidents/INC-3/"
    try:
        wait_for(lambda: "Title 3" in fetch(page)[1] and len(builds()) == 1, "the first build")
        assert counts[0].startswith("6 files: 6 parsed and validated, 0 unchanged")

        site.incident("i3", id="INC-3", title="Edited title")
        wait_for(lambda: "Edited title" in fetch(page)[1] and len(builds()) == 2, "the rebuild")
        assert counts[1].startswith("6 files: 1 parsed and validated, 5 unchanged"), counts

        site.incident("i6", id="INC-6", title="New")
        (site.docs / "postmortems" / "i0.yaml").unlink()
        new_page = f"http://127.0.0.1:{port}/postmortems/incidents/INC-6/"
        wait_for(
            lambda: fetch(new_page)[0] == 200 and builds()[-1].startswith("6 files"),
            "the rebuilds after adding one file and deleting another",
        )
        # One build or two (one per change), the new file is the only one parsed.
        parsed = [int(c.split(": ")[1].split()[0]) for c in counts[2:]]
        assert sum(parsed) == 1, counts
    finally:
        stop(process)
