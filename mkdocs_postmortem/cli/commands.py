"""The command line: validate, scaffold and describe postmortems exactly as the build does."""

from __future__ import annotations

import os
import posixpath
import sys
from dataclasses import replace
from datetime import date

import click

from ..core.schema import SchemaSetupError, schema_document
from ..core.settings import Settings
from ..pipeline import Pipeline
from ..render.tree import write_tree
from . import formats
from .project import Project, ProjectError, load_project, plain_build_hints
from .scaffold import file_name, folder, new_postmortem, next_id, schema_url

CONFIG_HELP = "Path of mkdocs.yml; the plugin's options are read from it."


class UsageFailure(click.ClickException):
    """Exit status 2, like click's own usage errors: the command could not do its job."""

    exit_code = 2


def _project(config_file: str, *, require_plugin: bool = True) -> Project:
    try:
        return load_project(config_file, require_plugin=require_plugin)
    except ProjectError as exc:
        raise UsageFailure(str(exc)) from None


def _pipeline(settings: Settings) -> Pipeline:
    try:
        return Pipeline(settings)
    except (SchemaSetupError, ValueError) as exc:
        raise UsageFailure(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mkdocs-postmortem")
def main() -> None:
    """Check, create and describe incident postmortems of an MkDocs archive.

    Every command reads the postmortem plugin's options from mkdocs.yml, so it agrees
    with `mkdocs build`.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(formats.FORMATS),
    default="text",
    show_default=True,
    help="text: file:line:col: field: message; github: workflow annotations; json.",
)
def validate(paths: tuple[str, ...], config_file: str, fmt: str) -> None:
    """Check postmortem files against the schema and the cross-file rules.

    Without PATHS, every postmortem of the archive is checked. With PATHS (as pre-commit
    passes them), the whole archive is still read, so duplicate ids and relations are checked,
    but only the problems of those files are reported; files outside the plugin's `paths`
    globs are skipped. Exit status: 0 clean, 1 problems, 2 usage error.
    """
    project = _project(config_file)
    files = _pipeline(project.settings).check(project.sources(), site_files=project.site_files())
    if paths:
        wanted = {os.path.realpath(p) for p in paths}
        files = [f for f in files if os.path.realpath(f.source.abs_path) in wanted]
    problems = [p for f in files for p in f.problems]
    click.echo(formats.render(problems, len(files), fmt))
    sys.exit(1 if problems else 0)


@main.command()
@click.option("-t", "--title", required=True, help="Title of the incident.")
@click.option("-s", "--severity", required=True, help="A level id or alias of the severity scale.")
@click.option("--date", "incident_date", help="Day the incident started (default: today).")
@click.option("--id", "incident_id", help="Incident id (default: the next free id of id_format).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
def new(
    title: str,
    severity: str,
    incident_date: str | None,
    incident_id: str | None,
    output: str | None,
    force: bool,
    config_file: str,
) -> None:
    """Create a postmortem with the required fields filled and every section as a hint."""
    project = _project(config_file)
    settings = project.settings
    pipeline = _pipeline(settings)
    if settings.severity.resolve(severity) is None:
        raise click.BadParameter(
            f"expected one of {settings.severity.describe()}", param_hint="--severity"
        )
    day = incident_date or date.today().isoformat()
    try:
        date.fromisoformat(day)
    except ValueError:
        raise click.BadParameter(f"{day!r} is not a date YYYY-MM-DD", param_hint="--date") from None
    taken = [f.declared_id for f in pipeline.check(project.sources()) if f.declared_id]
    if incident_id is None:
        try:
            incident_id = next_id(settings, taken, date.fromisoformat(day))
        except ValueError as exc:
            raise UsageFailure(str(exc)) from None
    elif incident_id.lower() in {t.lower() for t in taken}:
        raise click.BadParameter(f"{incident_id!r} is already used", param_hint="--id")
    text = new_postmortem(
        pipeline.schema,
        settings,
        incident_id=incident_id,
        title=title,
        severity=severity,
        incident_date=day,
    )
    path = output or os.path.join(settings.docs_dir, folder(settings), file_name(day, title))
    if os.path.exists(path) and not force:
        raise UsageFailure(f"{path} exists; use --force to overwrite it")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    click.echo(os.path.relpath(path))
    if not schema_url(settings):
        click.echo(
            "hint: set site_url in mkdocs.yml so that new files point editors at the "
            "published schema",
            err=True,
        )


@main.command()
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Folder inside docs_dir to write to; its path is the URL prefix of the pages "
    "(default: docs_dir/<prefix option>).",
)
@click.option(
    "--allow-invalid",
    is_flag=True,
    help="Write the pages even when there are problems (previews of the invalid postmortems "
    "included) and exit 0.",
)
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
def render(out_dir: str | None, allow_invalid: bool, config_file: str) -> None:
    """Write the archive as plain Markdown files, for builds that run no plugin (Zensical).

    Every incident page, index page, chart and export is written under the output folder,
    with a manifest (.postmortem-render.json) that tells the plugin, if enabled, not to
    generate them again. A second run removes the pages of deleted incidents and leaves every
    file it did not write alone. The problems are those of the build; with any of them the
    command writes nothing and exits 1, unless --allow-invalid.
    """
    project = _project(config_file, require_plugin=False)
    docs = os.path.realpath(project.settings.docs_dir)
    out = os.path.realpath(out_dir or os.path.join(docs, project.settings.prefix))
    if not out.startswith(docs + os.sep):
        raise UsageFailure(f"--out must be a folder inside docs_dir ({docs}), not {out}")
    prefix = os.path.relpath(out, docs).replace(os.sep, "/")
    try:
        settings = replace(project.settings, prefix=prefix)
    except ValueError as exc:
        raise UsageFailure(str(exc)) from None
    sources = project.sources()
    result = _pipeline(settings).run(
        sources, in_nav=project.settings.nav, site_files=project.site_files()
    )
    problems = result.archive.problems
    if problems:
        click.echo(formats.render(problems, len(sources), "text"), err=True)
        if not allow_invalid:
            click.echo("nothing written: fix the problems or pass --allow-invalid", err=True)
            sys.exit(1)
    files = {posixpath.relpath(page.src_uri, prefix): page.text for page in result.pages}
    files.update(
        {posixpath.relpath(asset.src_uri, prefix): asset.content for asset in result.assets}
    )
    ledger = result.archive.ledger
    written = write_tree(out, prefix, files, as_of=ledger.as_of if ledger else "")
    for rel in written.refused:
        click.echo(
            f"{os.path.join(out, rel)}: not written: a file that an earlier run did not write "
            "is in the way (move it or choose another --out)",
            err=True,
        )
    click.echo(
        f"{os.path.relpath(out)}: {len(written.written)} files written, "
        f"{len(written.unchanged)} unchanged, {len(written.removed)} removed"
    )
    for hint in plain_build_hints(project.config, prefix):
        click.echo(f"hint: {hint}", err=True)
    if written.refused:
        sys.exit(1)


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
def schema(config_file: str) -> None:
    """Print the effective JSON Schema: bundled, team severity scale and team extension."""
    pipeline = _pipeline(_project(config_file).settings)
    click.echo(schema_document(pipeline.schema), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
