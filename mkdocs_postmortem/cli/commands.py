"""The command line: validate, scaffold and describe postmortems exactly as the build does."""

from __future__ import annotations

import os
import posixpath
import shlex
import sys
import unicodedata
from dataclasses import replace
from datetime import date

import click

from .. import __version__
from ..core.discover import glob_matcher
from ..core.problems import Problem
from ..core.read import DocumentError, parse
from ..core.schema import schema_document
from ..core.settings import Settings
from ..pipeline import Pipeline
from ..render.addresses import rendered_link_root
from ..render.site_search import SearchIndexError, index_site
from ..render.tree import MARKER, TreeDifference, compare_tree, read_manifest, write_tree
from . import formats
from .project import plain_build_hints
from .scaffold import file_name, folder, new_postmortem, next_id, schema_url, team_required
from .usage import UsageFailure, _own_project, _pipeline, _project, options_note
from .validate_paths import _check, _plan, _unchecked

OPTIONS_HELP = (
    "For a mkdocs.yml without a postmortem entry (a site built without the plugin): a YAML "
    "file of the plugin's options, written as under `- postmortem:` in mkdocs.yml. "
    "Default: the plugin's default options."
)
CONFIG_HELP = (
    "Path of mkdocs.yml; the plugin's options are read from it. Default: the nearest "
    "mkdocs.yml in the current folder or a folder above it."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__)
def main() -> None:
    """Check, create and describe incident postmortems of an MkDocs archive.

    Every command reads the postmortem plugin's options from mkdocs.yml, so it agrees
    with `mkdocs build`.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-f", "--config-file", help=CONFIG_HELP)
@click.option("--options", "options_file", type=click.Path(dir_okay=False), help=OPTIONS_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(formats.FORMATS),
    default="text",
    show_default=True,
    help="text: file:line:col: field: message; github: workflow annotations; json.",
)
def validate(
    paths: tuple[str, ...], config_file: str | None, options_file: str | None, fmt: str
) -> None:
    """Check postmortem files against the schema and the cross-file rules.

    Without PATHS, every postmortem of the archive is checked. With PATHS (files, as
    pre-commit passes them, or folders), the whole archive is still read, so duplicate ids and
    relations are checked, but only the problems of those files (or of the postmortems under
    those folders) are reported. Without -f, each path is checked against the nearest
    mkdocs.yml above it that does not lie in a docs folder, so a repository may hold several
    sites. A file that is not a postmortem is skipped and counted; one that looks like a
    postmortem (top-level id and severity) but that no archive checks is a problem, as is a
    YAML file of docs_dir outside the plugin's `paths` that looks like one. A mkdocs.yml
    without a postmortem entry is checked with --options or the plugin's defaults, and says
    so. Exit status: 0 clean, 1 problems, 2 usage error.
    """
    problems: list[Problem] = []
    checked = 0
    reported: set[str] = set()
    plan = _plan(paths, config_file, options_file)
    for project, wanted in plan.projects:
        note = options_note(project)
        if note:
            click.echo(note, err=True)
        found, count, seen = _check(project, wanted)
        problems += found
        checked += count
        reported |= seen
    skipped = 0
    for path in paths:
        if os.path.isdir(path) or os.path.realpath(path) in reported:
            continue
        unchecked = _unchecked(path, plan)
        if unchecked is None:
            skipped += 1
        else:
            problems.append(unchecked)
            checked += 1
    click.echo(formats.render(problems, checked, fmt, skipped=skipped))
    sys.exit(1 if problems else 0)


@main.command()
@click.option("-t", "--title", required=True, help="Title of the incident.")
@click.option("-s", "--severity", required=True, help="A level id or alias of the severity scale.")
@click.option("--date", "incident_date", help="Day the incident started (default: today).")
@click.option("--id", "incident_id", help="Incident id (default: the next free id of id_format).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@click.option("-f", "--config-file", help=CONFIG_HELP)
@click.option("--options", "options_file", type=click.Path(dir_okay=False), help=OPTIONS_HELP)
def new(
    title: str,
    severity: str,
    incident_date: str | None,
    incident_id: str | None,
    output: str | None,
    force: bool,
    config_file: str | None,
    options_file: str | None,
) -> None:
    """Create a postmortem with the required fields filled and every section as a hint.

    Ids and titles the build would refuse are refused here, and nothing is written, as are
    control characters in anything written into the file.
    """
    title = title.strip()
    _refuse_control_characters(
        {"--title": title, "--severity": severity, "--date": incident_date, "--id": incident_id}
    )
    project = _own_project(config_file, options_file)
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
    discovery = project.discovery()
    taken = [f.declared_id for f in pipeline.check(discovery.sources) if f.declared_id]
    # Files outside `paths` that look like postmortems hold ids too: never hand those out.
    taken += [s.declared_id for s in project.look_alikes(discovery) if s.declared_id]
    if incident_id is None:
        try:
            incident_id = next_id(settings, taken, date.fromisoformat(day))
        except ValueError as exc:
            raise UsageFailure(str(exc)) from None
        id_hint = "id_format"
    else:
        id_hint = "--id"
    text = new_postmortem(
        pipeline.schema,
        settings,
        incident_id=incident_id,
        title=title,
        severity=severity,
        incident_date=day,
    )
    _refuse_invalid(pipeline, text, {"id": id_hint, "title": "--title"})
    if incident_id.lower() in {t.lower() for t in taken}:
        raise click.BadParameter(f"{incident_id!r} is already used", param_hint=id_hint)
    default_folder = os.path.join(settings.docs_dir, folder(settings))
    path = output or os.path.join(default_folder, file_name(day, title, incident_id))
    if os.path.exists(path) and not force:
        raise UsageFailure(f"{path} exists; use --force to overwrite it")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    shown = os.path.relpath(path)
    click.echo(shown)
    outside = _outside_paths(settings, path)
    if outside:
        click.echo(f"warning: {shown} {outside}", err=True)
    also = team_required(pipeline.schema)
    fill = f" and fill in {', '.join(also)} (required by the team's schema)" if also else ""
    click.echo(
        f"next: replace the summary's placeholder text{fill} in {shown}; until then validate "
        "and the build report it",
        err=True,
    )
    if not schema_url(settings):
        click.echo(
            "hint: set site_url in mkdocs.yml so that new files point editors at the "
            "published schema",
            err=True,
        )


CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "TAB",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}
"""Names of the common control characters (Python's unicodedata has none for them)."""


def _refuse_control_characters(options: dict[str, str | None]) -> None:
    """Exit 2 on a control character in a value ``new`` writes into the file: a tab, a line
    break, DEL, an escape or a line separator would make a line that reads otherwise than it
    is written, and a byte that is not UTF-8 (a surrogate, as Python decodes such an
    argument) cannot be written at all."""
    for hint, value in options.items():
        for position, char in enumerate(value or "", start=1):
            category = unicodedata.category(char)
            if category not in ("Cc", "Cs", "Zl", "Zp"):
                continue
            code = ord(char)
            name = CONTROL_NAMES.get(code) or unicodedata.name(char, "")
            if category == "Cs":
                name = "a byte that is not UTF-8"
            what = "control character" if category == "Cc" else "character"
            shown = f"U+{code:04X}" + (f" ({name})" if name else "")
            raise click.BadParameter(
                f"{what} {shown} at position {position} is not allowed; write the value without it",
                param_hint=hint,
            )


def _refuse_invalid(pipeline: Pipeline, text: str, options: dict[str, str]) -> None:
    """Exit 2 when a value given on the command line (or made from id_format) would fail
    validation: the file is not written. The fields an author fills in later are not judged."""
    try:
        data = parse(text).data
    except DocumentError as exc:  # a character YAML refuses: never a traceback
        raise UsageFailure(f"the new file would not be valid YAML: {exc.message}") from None
    for issue in pipeline.loader.validator.issues(data):
        field = str(issue.path[0]) if issue.path else ""
        if field in options:
            raise click.BadParameter(f"{field}: {issue.message}", param_hint=options[field])


def _outside_paths(settings: Settings, path: str) -> str:
    """Why the build would not publish a file at ``path``, or "" when it would."""
    docs = os.path.realpath(settings.docs_dir)
    real = os.path.realpath(path)
    if not real.startswith(os.path.join(docs, "")):
        return (
            f"is outside docs_dir ({os.path.relpath(docs)}): the build will neither check "
            "nor publish it"
        )
    rel = os.path.relpath(real, docs).replace(os.sep, "/")
    if glob_matcher(settings.paths)(rel):
        return ""
    return (
        f"is outside the plugin's paths option ({', '.join(settings.paths)}): the build will "
        "neither check nor publish it, and reports it as a postmortem out of place; move it "
        f"to {os.path.relpath(os.path.join(docs, folder(settings)))}/ or add a glob for it "
        "to paths"
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
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing: exit 1, listing the files, when those on disk differ from what "
    "render would write now (stale, missing or extra); exit 0 when they are the same.",
)
@click.option("-f", "--config-file", help=CONFIG_HELP)
@click.option("--options", "options_file", type=click.Path(dir_okay=False), help=OPTIONS_HELP)
def render(
    out_dir: str | None,
    allow_invalid: bool,
    check: bool,
    config_file: str | None,
    options_file: str | None,
) -> None:
    """Write the archive as plain Markdown files, for builds that run no plugin (Zensical).

    Every incident page, index page, chart and export is written under the output folder,
    with a manifest (.postmortem-render.json) that tells the plugin, if enabled, not to
    generate them again. A second run removes the pages of deleted incidents and leaves every
    file it did not write alone. The problems are those of the build; with any of them the
    command writes nothing and exits 1, unless --allow-invalid. With --check (for CI) it
    compares instead of writing, against the day the last run counted overdue items against,
    as the build does.
    """
    project = _project(
        config_file, require_plugin=False, converts_text=True, options_file=options_file
    )
    note = options_note(project)
    if note:
        click.echo(note, err=True)
    docs = os.path.realpath(project.settings.docs_dir)
    out = os.path.realpath(out_dir or os.path.join(docs, project.settings.prefix))
    if not out.startswith(docs + os.sep):
        raise UsageFailure(f"--out must be a folder inside docs_dir ({docs}), not {out}")
    prefix = os.path.relpath(out, docs).replace(os.sep, "/")
    rendered = read_manifest(os.path.join(out, MARKER)) if check else None
    as_of = project.settings.as_of or (rendered.as_of if rendered else "")
    try:
        settings = replace(project.settings, prefix=prefix, as_of=as_of)
    except ValueError as exc:
        raise UsageFailure(str(exc)) from None
    discovery = project.discovery()
    sources = discovery.sources
    result = _pipeline(settings, rendered=True).run(
        sources, in_nav=project.settings.nav, site_files=project.site_files()
    )
    strays = project.look_alikes(discovery)
    problems = [*result.archive.problems, *(s.problem(settings) for s in strays)]
    if problems:
        checked = len(sources) + len(strays)
        click.echo(formats.render(problems, checked, "text"), err=True)
        if not allow_invalid:
            what = "nothing compared" if check else "nothing written"
            click.echo(f"{what}: fix the problems or pass --allow-invalid", err=True)
            sys.exit(1)
    files = {posixpath.relpath(page.src_uri, prefix): page.text for page in result.pages}
    files.update(
        {posixpath.relpath(asset.src_uri, prefix): asset.content for asset in result.assets}
    )
    if check:
        again = ["mkdocs-postmortem", "render"]
        if os.path.relpath(project.config_file) != "mkdocs.yml":
            again += ["-f", os.path.relpath(project.config_file)]
        again += ["--out", os.path.relpath(out)] if out_dir else []
        again += ["--options", options_file] if options_file else []
        _report_check(out, compare_tree(out, files), len(files), again)
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
    for hint in plain_build_hints(project.config, prefix, result.search.on):
        click.echo(f"hint: {hint}", err=True)
    if rendered_link_root(settings) and not settings.site_url:
        click.echo(
            "note: site_url is not set: the links of the written pages start from the site's "
            "root (/); set site_url when the site is published under a path",
            err=True,
        )
    if result.search.on:
        click.echo(
            "hint: the incidents are searched with Pagefind: after building the site, run "
            "`mkdocs-postmortem index` on it",
            err=True,
        )
    elif result.search.note:
        click.echo(f"{'warning' if result.search.warn else 'note'}: {result.search.note}", err=True)
    if written.refused:
        sys.exit(1)


def _report_check(out: str, difference: TreeDifference, count: int, again: list[str]) -> None:
    """The outcome of ``render --check``: exit 0 when the files are as a run would write
    them, else 1 with each file that differs and the command (``again``) that writes them."""
    shown = os.path.relpath(out)
    if not difference:
        click.echo(f"{shown}: {count} files as render writes them, nothing to do")
        sys.exit(0)
    lines = difference.lines()
    files = "1 file differs" if len(lines) == 1 else f"{len(lines)} files differ"
    click.echo(f"{shown}: {files} from what render writes now:")
    for line in lines:
        click.echo(f"  {line}")
    click.echo(f"run `{shlex.join(again)}` and commit the files", err=True)
    sys.exit(1)


@main.command("index")
@click.argument("site_dir", required=False, type=click.Path(file_okay=False))
@click.option(
    "--prefix",
    help="Folder of the archive in the site (default: the folder `render` last wrote to, "
    "or the prefix option).",
)
@click.option("-f", "--config-file", help=CONFIG_HELP)
@click.option("--options", "options_file", type=click.Path(dir_okay=False), help=OPTIONS_HELP)
def index(
    site_dir: str | None, prefix: str | None, config_file: str | None, options_file: str | None
) -> None:
    """Index the incident pages of a built site with Pagefind, as the plugin does after a build.

    For sites built without the plugin (Zensical, or MkDocs without it) from the files of
    `mkdocs-postmortem render`, made with the pagefind option on (true or required). Writes
    SITE_DIR/<prefix>/pagefind/, replacing an earlier index there. SITE_DIR defaults to the
    site_dir of mkdocs.yml. Exit status: 0 indexed, 1 indexing failed, 2 usage error.
    """
    project = _own_project(config_file, options_file)
    settings = project.settings
    if site_dir is None:
        site_dir = os.path.join(settings.project_dir, str(project.config.get("site_dir") or "site"))
    if prefix is None:
        manifest = read_manifest(os.path.join(settings.docs_dir, settings.prefix, MARKER))
        prefix = manifest.prefix if manifest and manifest.prefix else settings.prefix
    prefix = prefix.strip("/")
    if not prefix or ".." in prefix.split("/"):
        raise UsageFailure(f"--prefix must be a folder of the site, not {prefix!r}")
    try:
        report = index_site(site_dir, prefix)
    except SearchIndexError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(
        f"{os.path.relpath(os.path.join(site_dir, report.bundle))}: {report.pages} incident "
        f"pages indexed in {report.seconds:.1f} s"
    )


@main.command()
@click.option("-f", "--config-file", help=CONFIG_HELP)
@click.option("--options", "options_file", type=click.Path(dir_okay=False), help=OPTIONS_HELP)
def schema(config_file: str | None, options_file: str | None) -> None:
    """Print the effective JSON Schema: bundled, team severity scale and team extension."""
    pipeline = _pipeline(_own_project(config_file, options_file).settings)
    click.echo(schema_document(pipeline.schema), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
