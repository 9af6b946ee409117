"""The command line on fixture archives, as authors and CI run it: in this process through
click's test runner (exit status, stdout and stderr apart). Its entry point runs as a real
process in tests/builds, where its output is compared with the build's."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker
from sites import ROOT, SiteBuilder, incident_yaml

from mkdocs_postmortem.cli.commands import main
from mkdocs_postmortem.core.placeholders import SUMMARY
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
    assert "bad.yaml" not in done.stdout and "ci.yaml:" not in done.stdout
    assert done.stdout.splitlines()[-1] == (
        "1 problem in 1 file (1 checked); skipped 1 file that is not a postmortem"
    )
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
    done = run_cli(site.root, "validate", "--options", "missing.yml")
    assert done.returncode == 2 and "missing.yml does not exist" in done.stderr


def test_help_for_everything(site: SiteBuilder) -> None:
    for args in (["--help"], ["validate", "--help"], ["new", "--help"], ["schema", "--help"]):
        done = cli(site, *args)
        assert done.returncode == 0 and "Usage:" in done.stdout


def test_new_scaffolds_a_draft_with_the_next_id(site: SiteBuilder) -> None:
    """The draft is valid once its author has replaced the summary's placeholder text: until
    then validate and a strict build fail on it."""
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
    untouched = cli(site, "validate", str(path))
    assert untouched.returncode == 1
    assert untouched.stdout.splitlines()[0].startswith(
        "docs/postmortems/2026-05-04-queue-backlog-again.yaml:10:10: summary: still the "
        "placeholder text from mkdocs-postmortem new; write 2-3 sentences"
    )
    assert site.build(strict=True).aborted
    placeholder = "".join(f"  {line}\n" for line in SUMMARY.lines)
    assert placeholder in text
    path.write_text(text.replace(placeholder, "  Orders queued for an hour.\n"), "utf-8")
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


def test_new_names_what_the_team_schema_requires(site: SiteBuilder) -> None:
    site.root.mkdir(parents=True, exist_ok=True)
    (site.root / "team.schema.json").write_text('{"required": ["services"]}', "utf-8")
    site.plugin_options["schema"] = "team.schema.json"
    done = cli(site, "new", "-t", "Queue backlog", "-s", "SEV2", "--date", "2026-05-04")
    assert done.returncode == 0, done.stderr
    assert (
        "next: replace the summary's placeholder text and fill in services (required by the "
        "team's schema) in docs/postmortems/2026-05-04-queue-backlog.yaml" in done.stderr
    )


def test_new_refuses_what_would_be_invalid(site: SiteBuilder) -> None:
    site.incident("a", id="INC-2026-001")
    assert cli(site, "new", "-t", "x", "-s", "SEV9").returncode == 2
    assert cli(site, "new", "-t", "x", "-s", "SEV1", "--date", "2026-02-30").returncode == 2
    assert cli(site, "new", "-t", "x", "-s", "SEV1", "--id", "inc-2026-001").returncode == 2
    first = cli(site, "new", "-t", "Same", "-s", "SEV1", "--date", "2026-01-01")
    assert first.returncode == 0
    assert cli(site, "new", "-t", "Same", "-s", "SEV1", "--date", "2026-01-01").returncode == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--id", "../evil"],
            "Invalid value for --id: id: '../evil' ",
        ),
        (["--id", "INC 7"], "Invalid value for --id: id: 'INC 7' "),
        (["--id", "x" * 65], "Invalid value for --id: id: "),
        (["-t", ""], "Invalid value for --title: title: must not be empty"),
        (["-t", "   "], "Invalid value for --title: title: must not be empty"),
        (["-t", "x" * 301], "Invalid value for --title: title: "),
    ],
)
def test_new_refuses_an_id_or_title_the_build_would_refuse(
    site: SiteBuilder, args: list[str], message: str
) -> None:
    """Exit 2 with the validator's own message, and nothing written."""
    site.incident("a", id="INC-2026-001")
    site.write_config()
    before = sorted(site.root.rglob("*"))
    done = cli(site, "new", "-t", "Disk full", "-s", "SEV2", *args)
    assert done.returncode == 2, done.stdout
    assert message in done.stderr
    assert sorted(site.root.rglob("*")) == before


def test_new_refuses_an_id_format_that_makes_invalid_ids(site: SiteBuilder) -> None:
    site.plugin_options = {"id_format": "INC/{seq}"}
    done = cli(site, "new", "-t", "Disk full", "-s", "SEV2")
    assert done.returncode == 2
    assert "Invalid value for id_format: id: 'INC/1' " in done.stderr
    assert not (site.docs / "postmortems").exists()


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


def git_repository(root: Path) -> Path:
    """``root`` made the top folder of a git work tree, as a monorepo's checkout is."""
    if shutil.which("git") is None:  # pragma: no cover - git is in the CI image
        pytest.skip("git is not installed")
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True, timeout=30)
    return root


def test_monorepo_paths_are_from_the_repository_root(tmp_path: Path) -> None:
    """The docs live in handbook/: pre-commit runs `validate` at the repository's top with
    paths from there, and every format names files from there (GitHub needs it)."""
    repo = git_repository(tmp_path / "repo")
    site = SiteBuilder(repo / "handbook")
    bad_archive(site)
    site.write_config()
    ci = repo / ".github" / "workflows" / "ci.yml"
    ci.parent.mkdir(parents=True)
    ci.write_text("on: push\n", encoding="utf-8")
    bad = "handbook/docs/postmortems/bad.yaml"
    text = run_cli(repo, "validate", bad, str(ci.relative_to(repo)))
    assert text.returncode == 1, text.stderr
    assert text.stdout.splitlines() == [
        f"{bad}:5:9: status: 'done' is not allowed; expected one of: draft, in-review, final, "
        "archived",
        f"{bad}:7:1: sumary: unknown field (did you mean 'summary'?)",
        "",
        "2 problems in 1 file (1 checked); skipped 1 file that is not a postmortem",
    ]
    github = run_cli(repo, "validate", bad, "--format", "github")
    assert github.stdout.splitlines()[0].startswith(f"::error file={bad},line=5,col=9,")
    rows = json.loads(run_cli(repo, "validate", bad, "--format", "json").stdout)["problems"]
    assert {row["file"] for row in rows} == {bad}
    # -f still works, with the same paths; the duplicate id names the other file from the top.
    done = run_cli(
        repo, "validate", "-f", "handbook/mkdocs.yml", "handbook/docs/postmortems/good.yaml"
    )
    assert done.stdout.splitlines()[0] == (
        "handbook/docs/postmortems/good.yaml:1:5: id: id 'INC-GOOD' is also used by "
        "handbook/docs/postmortems/zcopy.yaml"
    )
    # Without paths or -f, the nearest mkdocs.yml of the current folder or above it.
    assert run_cli(site.docs / "postmortems", "validate").returncode == 1
    done = run_cli(repo, "validate")
    assert done.returncode == 2
    assert f"no mkdocs.yml in {repo} or a folder above it" in done.stderr
    # The build's warnings name the files the same way.
    result = site.build()
    assert (
        f"{bad}:5:9: status: 'done' is not allowed; expected one of: draft, in-review, final, archived"
        in result.warnings
    )


def test_files_of_two_sites_are_checked_each_against_its_own(tmp_path: Path) -> None:
    repo = git_repository(tmp_path / "repo")
    handbook = SiteBuilder(repo / "handbook")
    handbook.add("postmortems/a.yaml", incident_yaml(id="INC-A", severity="SEV2"))
    handbook.write_config()
    runbooks = SiteBuilder(repo / "teams" / "runbooks")
    runbooks.plugin_options = {"severity_levels": [{"id": "P1"}, {"id": "P2"}]}
    runbooks.add("postmortems/b.yaml", incident_yaml(id="INC-B", severity="SEV2"))
    runbooks.add("postmortems/c.yaml", incident_yaml(id="INC-C", severity="P2"))
    runbooks.write_config()
    other = SiteBuilder(repo / "api-docs")  # a site without the plugin: the defaults
    other.add("data.yaml", "name: api\nversion: 2\n")
    (other.root / "mkdocs.yml").write_text("site_name: API\n", encoding="utf-8")
    done = run_cli(
        repo,
        "validate",
        "handbook/docs/postmortems/a.yaml",
        "teams/runbooks/docs/postmortems/b.yaml",
        "teams/runbooks/docs/postmortems/c.yaml",
        "api-docs/docs/data.yaml",
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "teams/runbooks/docs/postmortems/b.yaml:4:11: severity: 'SEV2' is not allowed; "
        "expected one of: P1, P2, or unrated (no level stated)",
        "",
        "1 problem in 1 file (3 checked); skipped 1 file that is not a postmortem",
    ]
    done = run_cli(repo, "validate", "api-docs/docs")  # the defaults: no postmortems there
    assert (done.returncode, done.stdout) == (0, "0 files checked, no problems\n")
    assert "api-docs/mkdocs.yml does not enable the postmortem plugin" in done.stderr


def test_a_folder_means_every_postmortem_under_it(site: SiteBuilder) -> None:
    site.add("postmortems/2025/bad.yaml", incident_yaml(id="INC-1", status="done"))
    site.add("postmortems/2026/worse.yaml", incident_yaml(id="INC-2", status="gone"))
    site.add("incidents/stray.yaml", incident_yaml(id="INC-3"))
    done = cli(site, "validate", "docs/postmortems/")
    assert done.returncode == 1, done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines() if ": status:" in line] == [
        "docs/postmortems/2025/bad.yaml",
        "docs/postmortems/2026/worse.yaml",
    ]
    assert done.stdout.splitlines()[-1] == "2 problems in 2 files (2 checked)"
    done = cli(site, "validate", "docs/postmortems/2026")
    assert done.stdout.splitlines()[-1] == "1 problem in 1 file (1 checked)"
    done = cli(site, "validate", "docs")
    assert done.stdout.splitlines()[-1] == "3 problems in 3 files (3 checked)"


def test_a_postmortem_outside_paths_is_reported_not_ignored(site: SiteBuilder) -> None:
    """It would be published as raw YAML and never checked: `validate` says so, exit 1."""
    site.add("postmortems/good.yaml", incident_yaml(id="INC-GOOD"))
    site.add("incidents/x.yaml", incident_yaml(id="INC-X", date="2026-02-30"))
    site.add("data/team.yaml", "name: ops\nmembers: [a, b]\n")
    expected = (
        "docs/incidents/x.yaml:1:1: (document): looks like a postmortem (top-level id and "
        "severity) but is outside the plugin's paths option (postmortems/**/*.yaml, "
        "postmortems/**/*.yml), so it is neither checked nor published as an incident page; "
        "move it to a folder those globs match, or add a glob for it to paths"
    )
    done = cli(site, "validate")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [expected, "", "1 problem in 1 file (2 checked)"]
    done = cli(site, "validate", "docs/incidents/x.yaml", "docs/data/team.yaml")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        expected,
        "",
        "1 problem in 1 file (1 checked); skipped 1 file that is not a postmortem",
    ]
    assert cli(site, "validate", "docs/postmortems/good.yaml").returncode == 0
    site.plugin_options = {"paths": ["postmortems/**/*.yaml", "incidents/*.yaml"]}
    done = cli(site, "validate")
    assert done.stdout.splitlines()[0].startswith("docs/incidents/x.yaml:3:7: date: ")


def test_upper_case_extensions_are_checked(site: SiteBuilder) -> None:
    site.add("postmortems/a.YAML", incident_yaml(id="INC-A", status="done"))
    site.add("postmortems/b.Yml", incident_yaml(id="INC-B"))
    done = cli(site, "validate")
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("docs/postmortems/a.YAML:5:9: status:")
    assert done.stdout.splitlines()[-1] == "1 problem in 1 file (2 checked)"


def test_new_never_hands_out_an_id_of_a_file_outside_paths(site: SiteBuilder) -> None:
    site.incident("a", id="INC-2026-001", date="2026-01-01")
    site.add("incidents/old.yaml", incident_yaml(id="INC-2026-005", date="2026-01-02"))
    done = cli(site, "new", "-t", "Disk full", "-s", "SEV2", "--date", "2026-03-01")
    assert done.returncode == 0, done.stderr
    assert parse((site.root / done.stdout.strip()).read_text("utf-8")).data["id"] == "INC-2026-006"
    elsewhere = cli(
        site,
        "new",
        "-t",
        "Disk full",
        "-s",
        "SEV2",
        "--date",
        "2026-03-02",
        "-o",
        "docs/elsewhere/z.yaml",
    )
    assert elsewhere.returncode == 0
    assert elsewhere.stdout.strip() == "docs/elsewhere/z.yaml"
    assert (
        "warning: docs/elsewhere/z.yaml is outside the plugin's paths option "
        "(postmortems/**/*.yaml, postmortems/**/*.yml): the build will neither check nor "
        "publish it"
    ) in elsewhere.stderr
    assert "move it to docs/postmortems/ or add a glob for it to paths" in elsewhere.stderr
    third = cli(site, "new", "-t", "Disk full again", "-s", "SEV2", "--date", "2026-03-03")
    assert parse((site.root / third.stdout.strip()).read_text("utf-8")).data["id"] == "INC-2026-008"
    assert "warning:" not in third.stderr
    outside = cli(site, "new", "-t", "Out", "-s", "SEV2", "-o", "drafts/out.yaml")
    assert "warning: drafts/out.yaml is outside docs_dir (docs)" in outside.stderr


def test_new_names_the_file_after_the_title_in_ascii_words(site: SiteBuilder) -> None:
    done = cli(
        site,
        "new",
        "-t",
        "Ärger über den Zahlungsdienst: Zeitüberschreitungen beim Kartenprüfen in der Région Süd",
        "-s",
        "SEV2",
        "--date",
        "2026-03-01",
    )
    assert done.stdout.strip() == (
        "docs/postmortems/2026-03-01-aerger-ueber-den-zahlungsdienst-zeitueberschreitungen-beim.yaml"
    )


def test_render_refuses_a_postmortem_outside_paths(site: SiteBuilder) -> None:
    """A build without the plugin would publish it as raw YAML: the same problem as the
    build's, and nothing written."""
    site.add("postmortems/good.yaml", incident_yaml(id="INC-GOOD"))
    site.add("incidents/x.yaml", incident_yaml(id="INC-X"))
    done = cli(site, "render")
    assert done.returncode == 1
    assert done.stderr.startswith(
        "docs/incidents/x.yaml:1:1: (document): looks like a postmortem (top-level id and "
        "severity) but is outside the plugin's paths option"
    )
    assert "1 problem in 1 file (2 checked)" in done.stderr
    assert not (site.docs / "postmortems" / "index.md").exists()
    assert cli(site, "render", "--allow-invalid").returncode == 0
    assert (site.docs / "postmortems" / "index.md").exists()
