"""`validate` on a site whose mkdocs.yml has no postmortem entry (Zensical builds it from the
files of `render`): its postmortems are checked with the plugin's default options, or with
those of `--options FILE`, and the run says which; a broken file is never "0 files checked",
also as the pre-commit hook runs it (the same command, given the staged files)."""

from __future__ import annotations

from pathlib import Path

import yaml
from cli.test_commands import git_repository, run_cli
from factories import incident_yaml
from sites import PLAIN_CONFIG, SiteBuilder

ZENSICAL_CONFIG = PLAIN_CONFIG.format(site_dir="site")
"""A site Zensical builds: every line the rendered pages need, no `postmortem` entry."""

DEFAULTS_NOTE = (
    "note: mkdocs.yml does not enable the postmortem plugin: using the plugin's default options"
)


def zensical_site(root: Path) -> SiteBuilder:
    site = SiteBuilder(git_repository(root))
    (site.root / "mkdocs.yml").write_text(ZENSICAL_CONFIG, encoding="utf-8")
    return site


def test_a_broken_file_given_as_the_hook_gives_it_fails(tmp_path: Path) -> None:
    site = zensical_site(tmp_path / "repo")
    site.add("postmortems/good.yaml", incident_yaml(id="INC-GOOD"))
    site.add("postmortems/typo.yaml", incident_yaml(id="INC-TYPO", status="done"))
    site.add("postmortems/syntax.yaml", "id: INC-SYNTAX\ntitle: [unclosed\n")
    site.add("postmortems/nosev.yaml", incident_yaml(id="INC-NOSEV", severity=None))
    for name in ("typo", "syntax", "nosev"):
        done = run_cli(site.root, "validate", f"docs/postmortems/{name}.yaml")
        assert done.returncode == 1, (name, done.stdout)
        assert done.stdout.startswith(f"docs/postmortems/{name}.yaml:"), done.stdout
        assert done.stdout.splitlines()[-1].endswith("(1 checked)"), done.stdout
        assert done.stderr.splitlines() == [DEFAULTS_NOTE]
    done = run_cli(site.root, "validate", "docs/postmortems/good.yaml", "mkdocs.yml")
    assert done.returncode == 0, done.stdout
    assert done.stdout == "1 file checked, no problems; skipped 1 file that is not a postmortem\n"
    assert done.stderr.splitlines() == [DEFAULTS_NOTE]


def test_the_whole_archive_and_a_folder_without_the_entry(tmp_path: Path) -> None:
    site = zensical_site(tmp_path / "repo")
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A"))
    site.add("postmortems/b.yaml", incident_yaml(id="inc-a", title="Copy"))
    for args in ((), ("docs/postmortems",), ("-f", "mkdocs.yml")):
        done = run_cli(site.root, "validate", *args)
        assert done.returncode == 1, (args, done.stdout)
        assert "already used" in done.stdout
        assert done.stdout.splitlines()[-1] == "2 problems in 2 files (2 checked)"
        assert done.stderr.splitlines() == [DEFAULTS_NOTE]


def test_a_postmortem_outside_the_default_paths_is_reported(tmp_path: Path) -> None:
    site = zensical_site(tmp_path / "repo")
    site.add("incidents/a.yaml", incident_yaml(id="INC-A"))
    done = run_cli(site.root, "validate", "docs/incidents/a.yaml")
    assert done.returncode == 1
    assert "paths" in done.stdout and "(1 checked)" in done.stdout


def test_options_of_the_plugins_own_file(tmp_path: Path) -> None:
    site = zensical_site(tmp_path / "repo")
    options = {"paths": ["incidents/**/*.yaml"], "severity_levels": [{"id": "P1"}, {"id": "P2"}]}
    (site.root / "postmortem.yml").write_text(yaml.safe_dump(options), encoding="utf-8")
    site.add("incidents/p1.yaml", incident_yaml(id="INC-1", severity="P1"))
    site.add("incidents/sev2.yaml", incident_yaml(id="INC-2", severity="SEV2"))
    done = run_cli(site.root, "validate", "--options", "postmortem.yml")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "docs/incidents/sev2.yaml:4:11: severity: 'SEV2' is not allowed; "
        "expected one of: P1, P2, or unrated (no level stated)",
        "",
        "1 problem in 1 file (2 checked)",
    ]
    assert done.stderr.splitlines() == [
        "note: mkdocs.yml does not enable the postmortem plugin: using the options of "
        "postmortem.yml"
    ]
    # As the hook runs it: `args: [--options, postmortem.yml]`.
    done = run_cli(site.root, "validate", "--options", "postmortem.yml", "docs/incidents/p1.yaml")
    assert (done.returncode, done.stdout) == (0, "1 file checked, no problems\n")


def test_an_unusable_options_file_is_a_usage_error(tmp_path: Path) -> None:
    site = zensical_site(tmp_path / "repo")
    site.add("postmortems/a.yaml", incident_yaml())
    own = site.root / "postmortem.yml"
    cases = {
        "- paths\n": "expected a mapping of the postmortem plugin's options",
        "severity_levels: []\n": "severity scale needs at least one level",
        "paths: [unclosed\n": "postmortem.yml:",
        "recent: many\n": "postmortem plugin options: recent:",
    }
    for text, expected in cases.items():
        own.write_text(text, encoding="utf-8")
        done = run_cli(site.root, "validate", "--options", "postmortem.yml")
        assert done.returncode == 2, text
        assert expected in done.stderr, (text, done.stderr)
        assert str(own) in done.stderr or "postmortem.yml" in done.stderr


def test_an_options_file_constructs_nothing(tmp_path: Path) -> None:
    """Read as safely as mkdocs.yml: a tag that names a Python object is never built."""
    site = zensical_site(tmp_path / "repo")
    site.add("postmortems/a.yaml", incident_yaml())
    marker = tmp_path / "ran"
    (site.root / "postmortem.yml").write_text(
        f"timezone: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    done = run_cli(site.root, "validate", "--options", "postmortem.yml")
    assert done.returncode == 0, done.stderr
    assert not marker.exists()


def test_options_for_a_config_that_enables_the_plugin_are_refused(site: SiteBuilder) -> None:
    site.add("postmortems/a.yaml", incident_yaml())
    site.write_config()
    (site.root / "postmortem.yml").write_text("recent: 5\n", encoding="utf-8")
    done = run_cli(site.root, "validate", "--options", "postmortem.yml")
    assert done.returncode == 2
    assert "enables the postmortem plugin" in done.stderr
    done = run_cli(site.root, "validate")
    assert (done.returncode, done.stderr) == (0, "")  # mkdocs.yml's own entry: no note


OPTIONS_NOTE = (
    "note: mkdocs.yml does not enable the postmortem plugin: using the options of postmortem.yml"
)


def test_new_schema_and_index_take_the_options_file(tmp_path: Path) -> None:
    """The other commands of a site without the entry read the same file: `new` knows the
    team's levels, `schema` prints the scale of the file, `index` looks under its prefix."""
    site = zensical_site(tmp_path / "repo")
    options = {"prefix": "incidents-archive", "severity_levels": [{"id": "P1"}, {"id": "P2"}]}
    (site.root / "postmortem.yml").write_text(yaml.safe_dump(options), encoding="utf-8")
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A", severity="P1"))

    done = run_cli(site.root, "new", "-t", "Disk full", "-s", "P2", "--options", "postmortem.yml")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == OPTIONS_NOTE
    written = [p for p in (site.docs / "postmortems").glob("*.yaml") if p.name != "a.yaml"]
    assert len(written) == 1 and "severity: P2" in written[0].read_text("utf-8")
    refused = run_cli(site.root, "new", "-t", "Disk full", "-s", "P2", "--force")
    assert refused.returncode == 2 and "SEV" in refused.stderr + refused.stdout  # defaults

    done = run_cli(site.root, "schema", "--options", "postmortem.yml")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [OPTIONS_NOTE]
    assert '"P1"' in done.stdout and '"SEV1"' not in done.stdout
    defaults = run_cli(site.root, "schema")
    assert defaults.returncode == 0 and '"SEV1"' in defaults.stdout
    assert defaults.stderr.splitlines() == [DEFAULTS_NOTE]

    (site.root / "site" / "incidents-archive").mkdir(parents=True)
    done = run_cli(site.root, "index", "--options", "postmortem.yml")
    assert done.returncode == 1  # the site was not built: indexing is refused under its prefix
    assert done.stderr.splitlines()[0] == OPTIONS_NOTE
    assert "in incidents-archive/" in done.stderr, done.stderr


def test_new_schema_and_index_refuse_options_when_mkdocs_yml_has_the_entry(
    site: SiteBuilder,
) -> None:
    site.add("postmortems/a.yaml", incident_yaml())
    site.write_config()
    (site.root / "postmortem.yml").write_text("recent: 5\n", encoding="utf-8")
    for args in (
        ("new", "-t", "Disk full", "-s", "SEV2"),
        ("schema",),
        ("index",),
    ):
        done = run_cli(site.root, *args, "--options", "postmortem.yml")
        assert done.returncode == 2, args
        assert "enables the postmortem plugin" in done.stderr, args
