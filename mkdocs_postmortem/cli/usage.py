"""What every command starts from, the project of mkdocs.yml (``-f``, or the nearest one) and
its pipeline, and what stops a command that cannot do its job: ``UsageFailure``, exit status 2
like click's own usage errors."""

from __future__ import annotations

import os

import click

from ..core.schema import SchemaSetupError
from ..core.settings import Settings
from ..pipeline import Pipeline
from .project import Project, ProjectError, find_config, load_project


class UsageFailure(click.ClickException):
    """Exit status 2, like click's own usage errors: the command could not do its job."""

    exit_code = 2


def _project(
    config_file: str | None,
    *,
    require_plugin: bool = True,
    converts_text: bool = False,
    options_file: str | None = None,
) -> Project:
    try:
        return load_project(
            config_file or _config_here(),
            require_plugin=require_plugin,
            converts_text=converts_text,
            options_file=options_file,
        )
    except ProjectError as exc:
        raise UsageFailure(str(exc)) from None


def _own_project(config_file: str | None, options_file: str | None) -> Project:
    """The project of a command that works with or without a postmortem entry in mkdocs.yml
    (the options then from ``--options`` or the defaults), saying so on standard error."""
    project = _project(config_file, require_plugin=False, options_file=options_file)
    note = options_note(project)
    if note:
        click.echo(note, err=True)
    return project


def _config_here() -> str:
    """mkdocs.yml of the current folder or the nearest folder above it (as git finds its
    repository), so the commands also work from a subfolder of the site; never one inside
    a docs folder (``find_config``)."""
    found = find_config(os.getcwd())
    if found is None:
        raise UsageFailure(
            f"no mkdocs.yml in {os.getcwd()} or a folder above it (use -f to point at mkdocs.yml)"
        )
    return found


def options_note(project: Project) -> str | None:
    """What to say when the options are not mkdocs.yml's entry, so that a run with the
    defaults is never mistaken for one with the site's options."""
    if not project.options_from:
        return None
    return (
        f"note: {os.path.relpath(project.config_file)} does not enable the postmortem plugin: "
        f"using {project.options_from}"
    )


def _pipeline(settings: Settings, *, rendered: bool = False) -> Pipeline:
    try:
        return Pipeline(settings, rendered=rendered)
    except (SchemaSetupError, ValueError) as exc:
        raise UsageFailure(str(exc)) from None
