"""A project as the command line reads it: mkdocs.yml (as MkDocs reads it), the plugin's
options, the files a build would leave out, and what a build without the plugin needs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mkdocs_postmortem.cli.project import ProjectError, load_project, plain_build_hints
from mkdocs_postmortem.plugin.options import COMPARE_REF_ENV


@pytest.fixture(autouse=True)
def _no_compare_ref_from_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI sets the compare ref in the environment; these tests read mkdocs.yml alone."""
    monkeypatch.delenv(COMPARE_REF_ENV, raising=False)


def write(tmp_path: Path, text: str, name: str = "mkdocs.yml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


LIST_FORM = """\
site_name: T
plugins:
  - search
  - postmortem:
      prefix: /incidents/
      recent: 5
      severity_levels:
        - id: Red
          aliases: [red]
        - id: Amber
"""

MAPPING_FORM = """\
site_name: T
plugins:
  search: {}
  postmortem:
    prefix: incidents
    recent: 5
    severity_levels:
      - id: Red
        aliases: [red]
      - id: Amber
"""


@pytest.mark.parametrize("text", [LIST_FORM, MAPPING_FORM], ids=["list", "mapping"])
def test_plugin_options_in_both_forms(tmp_path: Path, text: str) -> None:
    project = load_project(write(tmp_path, text))
    s = project.settings
    assert s.prefix == "incidents"  # slashes trimmed
    assert s.recent == 5
    assert [(lv.id, lv.aliases) for lv in s.severity.levels] == [("Red", ("red",)), ("Amber", ())]
    assert s.docs_dir == os.path.join(str(tmp_path), "docs")
    assert s.project_dir == str(tmp_path)
    assert s.site_url == "" and s.directory_urls is True
    assert project.config["site_name"] == "T"


@pytest.mark.parametrize(
    "plugins",
    ["plugins:\n  - postmortem\n", "plugins:\n  - postmortem:\n", "plugins:\n  postmortem:\n"],
    ids=["bare", "list-null", "mapping-null"],
)
def test_a_plugin_listed_without_options_has_the_defaults(tmp_path: Path, plugins: str) -> None:
    s = load_project(write(tmp_path, "site_name: T\n" + plugins)).settings
    assert (s.prefix, s.recent, s.nav, s.paths, s.id_format) == (
        "postmortems",
        20,
        True,
        ("postmortems/**/*.yaml", "postmortems/**/*.yml"),
        "INC-{year}-{seq:03d}",
    )
    assert [lv.id for lv in s.severity.levels] == ["SEV1", "SEV2", "SEV3", "SEV4"]


def test_site_settings_from_mkdocs_yml(tmp_path: Path) -> None:
    text = (
        "site_name: T\nsite_url: https://docs.example.org/\nuse_directory_urls: false\n"
        "docs_dir: content\nplugins:\n  - postmortem\n"
    )
    s = load_project(write(tmp_path, text)).settings
    assert s.site_url == "https://docs.example.org/"
    assert s.directory_urls is False
    assert s.docs_dir == os.path.join(str(tmp_path), "content")


def test_require_plugin(tmp_path: Path) -> None:
    config = write(tmp_path, "site_name: T\nplugins:\n  - search\n")
    with pytest.raises(ProjectError) as raised:
        load_project(config)
    assert str(raised.value) == f"{config} does not enable the postmortem plugin"
    s = load_project(config, require_plugin=False).settings
    assert (s.prefix, s.recent) == ("postmortems", 20)


def test_no_plugins_at_all_without_require_plugin(tmp_path: Path) -> None:
    s = load_project(write(tmp_path, "site_name: T\n"), require_plugin=False).settings
    assert s.prefix == "postmortems"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yml"
    with pytest.raises(ProjectError) as raised:
        load_project(str(missing))
    assert str(raised.value) == f"{missing} does not exist (use -f to point at mkdocs.yml)"


def test_bad_yaml_is_named(tmp_path: Path) -> None:
    config = write(tmp_path, "site_name: [\n")
    with pytest.raises(ProjectError, match=rf"^{re.escape(config)}: .*parsing the configuration"):
        load_project(config)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("recent: many", r"postmortem plugin options: recent: Expected type: <class 'int'>"),
        ("nav: maybe", r"postmortem plugin options: nav: Expected type: <class 'bool'>"),
        ("schema: missing.json", r"postmortem plugin options: schema: The path '.*missing\.json'"),
        ("prefix: ../outside", r"postmortem: prefix must be a relative folder"),
        ("recent: -1", r"postmortem: recent must be zero or more"),
        ("similar_threshold: 0.0", r"postmortem: similar_threshold must be above 0"),
    ],
)
def test_an_invalid_option_value_is_a_project_error_naming_the_file(
    tmp_path: Path, options: str, message: str
) -> None:
    config = write(tmp_path, f"site_name: T\nplugins:\n  - postmortem:\n      {options}\n")
    with pytest.raises(ProjectError, match=rf"^{re.escape(config)}: {message}"):
        load_project(config)


def test_a_config_that_is_not_a_mapping_is_a_project_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError):
        load_project(write(tmp_path, "- site_name\n- plugins\n"))


def test_env_tags_are_resolved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "site_name: T\n"
        "site_url: !ENV [PM_TEST_SITE_URL, 'https://fallback.example.org/']\n"
        "plugins:\n  - postmortem:\n      prefix: !ENV PM_TEST_PREFIX\n"
    )
    monkeypatch.setenv("PM_TEST_PREFIX", "from-env")
    monkeypatch.delenv("PM_TEST_SITE_URL", raising=False)
    s = load_project(write(tmp_path, text)).settings
    assert (s.prefix, s.site_url) == ("from-env", "https://fallback.example.org/")
    monkeypatch.setenv("PM_TEST_SITE_URL", "https://env.example.org/")
    assert load_project(write(tmp_path, text)).settings.site_url == "https://env.example.org/"


def test_inherit_is_applied(tmp_path: Path) -> None:
    write(tmp_path, "site_name: Base\nplugins:\n  - postmortem:\n      recent: 3\n", "base.yml")
    project = load_project(write(tmp_path, "INHERIT: base.yml\nsite_name: Child\n"))
    assert project.config["site_name"] == "Child"
    assert project.settings.recent == 3


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("postmortems/a.yaml", False),
        ("postmortems/drafts/b.yaml", True),
        ("drafts/c.yaml", True),
        ("postmortems/old-1.yaml", True),
        ("postmortems/old/d.yaml", False),
        ("postmortems/.hidden.yaml", True),
        (".cache/e.yaml", True),
        ("templates/x.md.j2", True),
        ("postmortems/templates/f.yaml", False),
    ],
)
def test_exclude_follows_exclude_docs_and_leaves_out_dot_files(
    tmp_path: Path, path: str, excluded: bool
) -> None:
    """As MkDocs does: its defaults (dot files, the root templates folder) plus exclude_docs."""
    text = "site_name: T\nexclude_docs: |\n  drafts/\n  old-*.yaml\nplugins:\n  - postmortem\n"
    assert load_project(write(tmp_path, text)).exclude(path) is excluded


def test_sources_are_the_files_a_build_reads(tmp_path: Path) -> None:
    text = "site_name: T\nexclude_docs: |\n  drafts/\nplugins:\n  - postmortem\n"
    project = load_project(write(tmp_path, text))
    pm = tmp_path / "docs" / "postmortems"
    for name in [
        "a.yaml",
        "sub/b.yml",
        "drafts/c.yaml",
        ".hidden.yaml",
        ".git/d.yaml",
        "notes.md",
        "e.json",
    ]:
        (pm / name).parent.mkdir(parents=True, exist_ok=True)
        (pm / name).write_text("id: X\n", encoding="utf-8")
    (tmp_path / "docs" / "elsewhere.yaml").write_text("id: Y\n", encoding="utf-8")
    sources = project.sources()
    assert [(f.src_uri, f.display) for f in sources] == [
        ("postmortems/a.yaml", "docs/postmortems/a.yaml"),
        ("postmortems/sub/b.yml", "docs/postmortems/sub/b.yml"),
    ]
    assert sources[0].abs_path == str(pm / "a.yaml")


EVERY_HINT = [
    "add admonition to markdown_extensions",
    "add attr_list to markdown_extensions",
    "add tables to markdown_extensions",
    "add pymdownx.details to markdown_extensions",
    "add pymdownx.superfences to markdown_extensions",
    "add postmortems/assets/postmortem.css to extra_css",
    "add /postmortems/incidents/ to not_in_nav: a nav entry per incident makes every page "
    "of a large archive slow to build",
]


@pytest.mark.parametrize(
    "config",
    [
        {"theme": "material"},
        {"theme": {"name": "material"}, "plugins": ["search"]},
        {"theme": "material", "plugins": {"postmortem": {"enabled": False}}},
    ],
    ids=["nothing", "other-plugin", "plugin-disabled"],
)
def test_plain_build_hints_list_everything_missing(config: dict[str, object]) -> None:
    assert plain_build_hints(config, "postmortems") == EVERY_HINT


@pytest.mark.parametrize("theme", [None, "material", "mkdocs", {"name": "readthedocs"}])
def test_no_theme_needs_a_mermaid_fence(theme: object) -> None:
    """The related page writes its diagrams as HTML (``<pre class="mermaid">``, which Material
    draws), not as fences for the site's Markdown: no theme needs a fence configured."""
    config = {} if theme is None else {"theme": theme}
    assert plain_build_hints(config, "postmortems") == EVERY_HINT


COMPLETE = {
    "markdown_extensions": [
        "extra",
        "admonition",
        "markdown.extensions.attr_list",
        "pymdownx.details",
        {"pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid"}]}},
    ],
    "extra_css": ["pm/assets/postmortem.css"],
    "not_in_nav": "/pm/incidents/\n",
}


def test_plain_build_hints_accept_every_spelling() -> None:
    """``extra`` turns tables on; long module names count as their short ones."""
    assert plain_build_hints(COMPLETE, "pm") == []


def test_plain_build_hints_name_only_what_is_missing() -> None:
    config = {
        "theme": "material",
        "markdown_extensions": ["tables", "pymdownx.superfences"],
        "extra_css": ["postmortems/assets/postmortem.css"],
    }
    assert plain_build_hints(config, "postmortems") == [
        EVERY_HINT[0],
        EVERY_HINT[1],
        EVERY_HINT[3],
        EVERY_HINT[6],
    ]


@pytest.mark.parametrize(
    "plugins",
    [
        ["postmortem"],
        [{"postmortem": None}],
        [{"postmortem": {"enabled": True}}],
        {"postmortem": {}},
    ],
)
def test_plain_build_hints_say_nothing_when_the_plugin_is_enabled(plugins: object) -> None:
    """The plugin turns these on by itself."""
    assert plain_build_hints({"plugins": plugins}, "postmortems") == []
