"""Every kind of problem in one real archive, built by MkDocs normally and with --strict, and
checked by the command line: each problem is a warning that --strict counts, at its
file:line:col, on the archive health page and on the preview page of the file; the valid
incidents beside the bad files are published; the CLI prints exactly what the build logs. The
message of each case is tested on the core in tests/core/test_problem_cases.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from problem_cases import CASES, GOOD, NO_PREVIEW, PUBLISHED_DESPITE, head, unique_ids
from sites import Result, SiteBuilder


def expected_at(name: str, expected: str) -> str:
    return expected.replace("docs/postmortems/bad.yaml", f"docs/postmortems/{name}.yaml")


class Built:
    def __init__(self, site: SiteBuilder, result: Result, strict: Result) -> None:
        self.site, self.result, self.strict = site, result, strict


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    site = SiteBuilder(tmp_path_factory.mktemp("problems") / "project")
    site.add("postmortems/good.yaml", GOOD)
    for name, content, _ in CASES:
        site.add(f"postmortems/{name}.yaml", unique_ids(name, content))
    return Built(site, site.build(), site.build(strict=True))


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_problem_is_a_warning_at_its_line_and_on_the_pages(
    built: Built, name: str, content: str | bytes, expected: str
) -> None:
    result = built.result
    assert not result.aborted
    expected = expected_at(name, expected)
    # A warning of the mkdocs logger tree: what --strict counts.
    assert any(w.startswith(expected) for w in result.warnings), (expected, result.warnings)
    health = result.text("postmortems/health/")
    message = expected.split(": ", 2)[2]
    assert f"docs/postmortems/{name}.yaml" in health and message in health
    page = f"postmortems/incidents/INC-{name}/"
    if name in PUBLISHED_DESPITE:
        text = result.text(page)
        assert "Published with 1 warning" in text and message in text
        assert f"INC-{name}" in result.text("postmortems/severity/sev2/")
    else:
        assert f"INC-{name}" not in result.text("postmortems/severity/sev2/")
        if name in NO_PREVIEW:
            assert not result.exists(page)
        else:  # a preview shows what could be rendered, with every problem on top
            text = result.text(page)
            assert "Not published: this postmortem has" in text and message in text


def test_neighbours_are_published_and_strict_fails(built: Built) -> None:
    result = built.result
    assert "Good neighbour" in result.text("postmortems/incidents/INC-GOOD/")
    blocked = len(CASES) - len(PUBLISHED_DESPITE)
    assert f"{blocked} files with problems" in result.text("postmortems/")
    assert built.strict.aborted


def test_cli_reports_what_the_build_logs(built: Built) -> None:
    """The same problems in every format: the command line runs the build's pipeline."""
    logged = sorted(w for w in built.result.warnings if w.startswith("docs/postmortems/"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    runs = {
        fmt: subprocess.run(
            [sys.executable, "-m", "mkdocs_postmortem.cli", "validate", "--format", fmt],
            cwd=built.site.root,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        for fmt in ("text", "github", "json")
    }
    assert {fmt: done.returncode for fmt, done in runs.items()} == dict.fromkeys(runs, 1)
    printed = sorted(line for line in runs["text"].stdout.splitlines() if line.startswith("docs/"))
    assert printed == logged
    rows = json.loads(runs["json"].stdout)["problems"]
    assert (
        sorted(f"{r['file']}:{r['line']}:{r['column']}: {r['field']}: {r['message']}" for r in rows)
        == logged
    )
    annotations = [line for line in runs["github"].stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == len(logged)
    for name, _, expected in CASES:
        file, line, column, _ = expected_at(name, expected).split(":", 3)
        assert any(
            row.startswith(
                (
                    f"::error file={file},line={line},col={column},title=",
                    f"::warning file={file},line={line},col={column},title=",
                )
            )
            for row in annotations
        ), (name, annotations)


def test_clean_archive_passes_strict(site: SiteBuilder) -> None:
    site.add("postmortems/good.yaml", GOOD)
    result = site.build(strict=True)
    assert not result.aborted
    assert not result.plugin_warnings


def test_yaml_scalars_stay_as_written(site: SiteBuilder) -> None:
    """18:05 is not the base-60 number 1085, no is not false, 0.10 stays 0.10 on the page."""
    site.add(
        "postmortems/x.yaml",
        head() + "timeline:\n  - time: '18:05'\n    event: Alert\n"
        "impact:\n  duration: no\ndocument:\n  version: '0.10'\n",
    )
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    text = result.text("postmortems/incidents/INC-1/")
    assert "18:05" in text and "0.10" in text
