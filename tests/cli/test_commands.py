"""The command line on fixture archives, as authors and CI run it: in this process through
click's test runner (exit status, stdout and stderr apart). Its entry point runs as a real
process in tests/builds, where its output is compared with the build's."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker
from sites import ROOT, SiteBuilder, incident_yaml

from mkdocs_postmortem.cli.commands import main
from mkdocs_postmortem.core.read import parse


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


@contextmanager
def working_dir(path: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_cli(root: Path, *args: str) -> Done:
    """``mkdocs-postmortem ARGS`` run in ``root``; an unexpected exception fails the test."""
    with working_dir(root):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return Done(result.exit_code, result.stdout, result.stderr)


def cli(site: SiteBuilder, *args: str) -> Done:
    site.write_config()
    return run_cli(site.root, *args)


def bad_archive(site: SiteBuilder) -> None:
    site.add("postmortems/good.yaml", incident_yaml(id="INC-GOOD"))
    site.add("postmortems/bad.yaml", incident_yaml(status="done") + "sumary: typo\n")
    site.add("postmortems/zcopy.yaml", incident_yaml(id="inc-good", title="Copy"))


def test_clean_archive_exits_0(site: SiteBuilder) -> None:
    site.add("postmortems/good.yaml", incident_yaml(id="INC-GOOD"))
    done = cli(site, "validate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1 file checked, no problems"


def test_text_format(site: SiteBuilder) -> None:
    bad_archive(site)
    done = cli(site, "validate")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "docs/postmortems/bad.yaml:5:9: status: 'done' is not allowed; expected one of: draft, in-review, final, archived",
        "docs/postmortems/bad.yaml:7:1: sumary: unknown field (did you mean 'summary'?)",
        "",
        "docs/postmortems/good.yaml:1:5: id: id 'INC-GOOD' is also used by docs/postmortems/zcopy.yaml",
        "",
        "docs/postmortems/zcopy.yaml:1:5: id: the same id ('INC-GOOD' differs only in case) is already used by docs/postmortems/good.yaml; ids must be unique",
        "",
        "4 problems in 3 files (3 checked)",
    ]


def test_github_format(site: SiteBuilder) -> None:
    bad_archive(site)
    done = cli(site, "validate", "--format", "github")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "::error file=docs/postmortems/bad.yaml,line=5,col=9,title=status::'done' is not allowed; "
        "expected one of: draft, in-review, final, archived"
    )
    assert lines[2] == (
        "::warning file=docs/postmortems/good.yaml,line=1,col=5,title=id::id 'INC-GOOD' is also "
        "used by docs/postmortems/zcopy.yaml"
    )


def test_json_format(site: SiteBuilder) -> None:
    bad_archive(site)
    done = cli(site, "validate", "--format", "json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["checked"] == 3
    assert data["problems"][1] == {
        "file": "docs/postmortems/bad.yaml",
        "line": 7,
        "column": 1,
        "field": "sumary",
        "message": "unknown field (did you mean 'summary'?)",
        "blocking": True,
    }


def test_paths_limit_the_report_not_the_checks(site: SiteBuilder) -> None:
    bad_archive(site)
    other = site.root / "ci.yaml"
    other.write_text("on: push\n", encoding="utf-8")
    done = cli(site, "validate", "docs/postmortems/zcopy.yaml", "ci.yaml")
    assert done.returncode == 1
    assert "zcopy.yaml:1:5: id: the same id" in done.stdout  # needs good.yaml to know
    assert "bad.yaml" not in done.stdout and "ci.yaml" not in done.stdout
    assert done.stdout.splitlines()[-1] == "1 problem in 1 file (1 checked)"
    assert cli(site, "validate", "docs/postmortems/good.yaml", "--format", "json").returncode == 1
    site.add("postmortems/zcopy.yaml", incident_yaml(id="INC-OTHER"))
    assert cli(site, "validate", "docs/postmortems/zcopy.yaml").returncode == 0


def test_usage_errors_exit_2(site: SiteBuilder) -> None:
    site.add("postmortems/good.yaml", incident_yaml())
    assert cli(site, "validate", "--format", "xml").returncode == 2
    assert cli(site, "validate", "no-such-file.yaml").returncode == 2
    done = cli(site, "validate", "-f", "missing.yml")
    assert done.returncode == 2 and "missing.yml does not exist" in done.stderr
    site.plugin_options = {"severity_levels": []}
    done = cli(site, "validate")
    assert done.returncode == 2 and "severity scale needs at least one level" in done.stderr
    site.plugin_options = {"unknown_option": 1}
    assert cli(site, "validate").returncode == 0  # MkDocs only warns on unknown keys
    (site.root / "mkdocs.yml").write_text("site_name: x\nplugins: [search]\n", encoding="utf-8")
    done = run_cli(site.root, "validate")
    assert done.returncode == 2 and "does not enable the postmortem plugin" in done.stderr


def test_help_for_everything(site: SiteBuilder) -> None:
    for args in (["--help"], ["validate", "--help"], ["new", "--help"], ["schema", "--help"]):
        done = cli(site, *args)
        assert done.returncode == 0 and "Usage:" in done.stdout


def test_new_scaffolds_a_valid_draft_with_the_next_id(site: SiteBuilder) -> None:
    site.extra_config = {"site_url": "https://docs.example.org/"}
    site.incident("a", id="INC-2026-007", date="2026-03-01")
    site.incident("b", id="INC-2025-099", date="2025-03-01")
    done = cli(
        site,
        "new",
        "--title",
        "Queue backlog: again",
        "--severity",
        "Sev-2",
        "--date",
        "2026-05-04",
    )
    assert done.returncode == 0, done.stderr
    path = site.root / done.stdout.strip()
    assert path == site.docs / "postmortems" / "2026-05-04-queue-backlog-again.yaml"
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=https://docs.example.org/postmortems/schema.json"
    )
    data = parse(text).data
    assert data == {
        **data,
        "id": "INC-2026-008",
        "title": "Queue backlog: again",
        "date": "2026-05-04",
        "severity": "Sev-2",
        "status": "draft",
    }
    for section in (
        "timestamps:",
        "root_cause:",
        "five_whys:",
        "action_items:",
        "communication:",
        "slo:",
        "approvals:",
        "revision_history:",
        "glossary:",
        "review_meeting:",
    ):
        assert re.search(rf"^# *{section}", text, re.MULTILINE), section
    assert cli(site, "validate", str(path)).returncode == 0
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    assert "Queue backlog: again" in result.text("postmortems/incidents/INC-2026-008/")
    # Uncommenting every hint still gives YAML with the schema's shape.
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and not line.startswith("# #") else line
        for line in text.splitlines()
        if not line.startswith("# yaml-")
    )
    assert isinstance(yaml.safe_load(uncommented), dict)


def test_new_refuses_what_would_be_invalid(site: SiteBuilder) -> None:
    site.incident("a", id="INC-2026-001")
    assert cli(site, "new", "-t", "x", "-s", "SEV9").returncode == 2
    assert cli(site, "new", "-t", "x", "-s", "SEV1", "--date", "2026-02-30").returncode == 2
    assert cli(site, "new", "-t", "x", "-s", "SEV1", "--id", "inc-2026-001").returncode == 2
    first = cli(site, "new", "-t", "Same", "-s", "SEV1", "--date", "2026-01-01")
    assert first.returncode == 0
    assert cli(site, "new", "-t", "Same", "-s", "SEV1", "--date", "2026-01-01").returncode == 2


def test_schema_prints_the_effective_schema(site: SiteBuilder) -> None:
    (site.root / "team.schema.json").write_text(json.dumps({"required": ["services"]}), "utf-8")
    site.plugin_options = {
        "schema": "team.schema.json",
        "severity_levels": [{"id": "P0"}, {"id": "P1", "aliases": ["p1"]}],
    }
    site.incident("a", id="INC-1", severity="p1", services=["api"])
    done = cli(site, "schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    example = parse((site.docs / "postmortems" / "a.yaml").read_text("utf-8")).data
    assert validator.is_valid(example)
    assert not validator.is_valid({**example, "severity": "SEV1"})
    assert not validator.is_valid({k: v for k, v in example.items() if k != "services"})
    for path in sorted((ROOT / "docs" / "postmortems").glob("*.yaml")):
        data = parse(path.read_text("utf-8")).data
        bundled = json.loads((ROOT / "schema" / "postmortem.schema.json").read_text("utf-8"))
        assert Draft202012Validator(bundled, format_checker=FormatChecker()).is_valid(data), path
    # The built site publishes the same document.
    result = site.build(strict=True)
    assert (result.site / "postmortems" / "schema.json").read_text("utf-8") == done.stdout
