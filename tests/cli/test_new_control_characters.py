"""`new` refuses a control character in anything it writes into the file, as a usage error
(exit 2, the character named, nothing written), never with a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cli.test_commands import cli
from sites import SiteBuilder

from mkdocs_postmortem.core.read import parse


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--title", "del\x7fchar", "control character U+007F (DELETE) at position 4"),
        ("--title", "a\tb", "control character U+0009 (TAB) at position 2"),
        ("--title", "two\nlines", "control character U+000A (LINE FEED) at position 4"),
        ("--title", "bell\x07", "control character U+0007 (BELL) at position 5"),
        ("--title", "esc\x1b[31mred", "control character U+001B (ESCAPE) at position 4"),
        ("--title", "c1\x9b", "control character U+009B at position 3"),
        ("--title", "next\x85line", "control character U+0085 (NEXT LINE) at position 5"),
        ("--title", "a\u2028b", "character U+2028 (LINE SEPARATOR) at position 2"),
        ("--title", "bad\udcffbyte", "character U+DCFF (a byte that is not UTF-8) at position 4"),
        ("--id", "INC-\x7f", "control character U+007F (DELETE) at position 5"),
        ("--id", "INC-\udc85", "character U+DC85 (a byte that is not UTF-8) at position 5"),
        ("--severity", "SEV1\x00", "control character U+0000 (NULL) at position 5"),
        ("--date", "2026-01-01\r", "control character U+000D (CARRIAGE RETURN) at position 11"),
    ],
)
def test_new_refuses_control_characters(
    site: SiteBuilder, option: str, value: str, named: str
) -> None:
    site.incident("a", id="INC-2026-001")
    site.write_config()
    before = sorted(site.root.rglob("*"))
    args = {"--title": "Disk full", "--severity": "SEV2", option: value}
    done = cli(site, "new", *[part for pair in args.items() for part in pair])
    assert done.returncode == 2, done.stdout
    assert f"Invalid value for {option}: {named} is not allowed" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(site.root.rglob("*")) == before


def test_a_title_yaml_cannot_hold_as_written_is_escaped(site: SiteBuilder) -> None:
    """A noncharacter is no control character: it is written as an escape and reads back."""
    done = cli(site, "new", "-t", "odd \ufffe title", "-s", "SEV2", "--date", "2026-03-01")
    assert done.returncode == 0, done.stderr
    text = (site.root / done.stdout.strip()).read_text("utf-8")
    assert 'title: "odd \\ufffe title"' in text
    assert parse(text).data["title"] == "odd \ufffe title"


@pytest.mark.parametrize(
    ("title", "named"),
    [
        (b"del\x7fchar", "U+007F (DELETE) at position 4"),
        (b"bad\xffbyte", "U+DCFF (a byte that is not UTF-8) at position 4"),
    ],
    ids=["del", "not-utf-8"],
)
def test_new_as_a_process_refuses_them_too(site: SiteBuilder, title: bytes, named: str) -> None:
    """As a shell passes ``--title $'del\\x7fchar'``: bytes, decoded by Python itself."""
    site.write_config()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs_postmortem.cli", "new", b"--title", title, "-s", "SEV2"],
        cwd=site.root,
        capture_output=True,
        timeout=120,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"},
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, stderr
    assert named in stderr and "Traceback" not in stderr
    assert not (site.docs / "postmortems").exists()
