"""mkdocs.yml as the command line reads it: safely, with a loader that builds no Python object
(tags are kept as opaque values), ``!ENV`` and ``INHERIT`` as MkDocs reads them, a file that is
not a regular file refused unread."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli.test_commands import run_cli
from cli.test_config_discovery import write
from factories import incident_yaml
from special_files import fifo, needs_fifo

from mkdocs_postmortem.cli.config_file import ConfigFileError, Tagged, read_config
from mkdocs_postmortem.cli.project import ProjectError, load_project


def test_configs_are_read_without_building_what_their_tags_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Material's emoji options name functions with ``!!python/name``: kept as opaque values,
    neither imported nor called; ``!ENV`` is read as MkDocs reads it; INHERIT is merged."""
    marker = tmp_path / "ran"
    write(tmp_path / "base.yml", "theme:\n  name: material\n  palette: {scheme: slate}\n")
    config = write(
        tmp_path / "mkdocs.yml",
        "INHERIT: base.yml\n"
        "site_name: !ENV [PM_TEST_NAME, Fallback]\n"
        "theme:\n  features: [search.suggest]\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        f'extra:\n  x: !!python/object/apply:os.mkdir ["{marker}"]\n'
        "plugins:\n  - postmortem\n",
    )
    monkeypatch.setenv("PM_TEST_NAME", "From env")
    raw = read_config(str(config))
    assert raw["site_name"] == "From env"
    assert raw["theme"] == {
        "name": "material",
        "palette": {"scheme": "slate"},
        "features": ["search.suggest"],
    }
    assert raw["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"] == Tagged(
        "tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji"
    )
    assert raw["extra"]["x"] == Tagged("tag:yaml.org,2002:python/object/apply:os.mkdir")
    project = load_project(str(config))
    assert project.settings.markdown.config("pymdownx.emoji") == {}
    (tmp_path / "docs" / "postmortems").mkdir(parents=True)
    write(tmp_path / "docs" / "postmortems" / "a.yaml", incident_yaml())
    for args in (["validate"], ["schema"], ["new", "-t", "Disk full", "-s", "SEV2"]):
        done = run_cli(tmp_path, *args)
        assert done.returncode == 0, (args, done.stderr)
    assert not marker.exists()


@needs_fifo
def test_a_config_or_inherited_file_that_is_a_pipe_is_refused_unread(tmp_path: Path) -> None:
    config = write(tmp_path / "mkdocs.yml", "INHERIT: base.yml\nplugins: [postmortem]\n")
    with fifo(tmp_path / "base.yml"):
        with pytest.raises(ConfigFileError) as refused:
            read_config(str(config))
        assert str(refused.value) == (
            f"{tmp_path / 'base.yml'}: refused: a named pipe (FIFO), not a regular file"
        )
        with pytest.raises(ProjectError):
            load_project(str(config))
    with fifo(tmp_path / "pipe.yml"):
        done = run_cli(tmp_path, "validate", "-f", "pipe.yml")
    assert done.returncode == 2
    assert "pipe.yml: refused: a named pipe (FIFO), not a regular file" in done.stderr


def test_inherit_in_a_circle_is_an_error_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path / "a.yml", "INHERIT: b.yml\n")
    write(tmp_path / "b.yml", "INHERIT: a.yml\n")
    with pytest.raises(ConfigFileError, match="INHERIT goes more than 16 files deep"):
        read_config(str(tmp_path / "a.yml"))


@pytest.mark.parametrize(
    "text",
    [
        "plugins: !!python/name:os.system\n",
        "plugins:\n  - postmortem: !!python/name:os.system\n",
        "plugins:\n  - {}\n  - postmortem: just words\n",
    ],
    ids=["tagged-plugins", "tagged-options", "options-not-a-mapping"],
)
def test_odd_plugin_entries_are_usage_errors(tmp_path: Path, text: str) -> None:
    config = write(tmp_path / "mkdocs.yml", "site_name: T\n" + text)
    with pytest.raises(ProjectError) as raised:
        load_project(str(config))
    assert str(raised.value).startswith(str(config))
