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
from conftest import SiteBuilder, article_text, incident_yaml


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
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_edits_rebuild_the_archive(served: tuple[SiteBuilder, str]) -> None:
    site, base = served
    page = base + "postmortems/incidents/inc-a/"
    wait_for(lambda: "First title" in fetch(page)[1], "the first build")

    site.incident("a", id="INC-A", title="Second title")
    wait_for(lambda: "Second title" in fetch(page)[1], "the rebuild after editing the YAML")

    site.incident("b", id="INC-B", title="Brand new")
    wait_for(
        lambda: "Brand new" in fetch(base + "postmortems/incidents/inc-b/")[1], "a new incident"
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
