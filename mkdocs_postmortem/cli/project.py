"""A project as the command line finds it: which mkdocs.yml a file or folder belongs to, that
file read as MkDocs reads it (INHERIT, !ENV) but safely, the plugin's options, the files MkDocs
would leave out, and what a build without the plugin needs in mkdocs.yml."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pathspec
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from ..core.discover import Discovery, LookAlike, SourceFile, look_alikes, repository_root, walk
from ..core.links import docs_listing
from ..core.settings import Settings
from ..core.site_markdown import SiteMarkdown
from ..plugin.options import PostmortemConfig, settings_from
from ..render.addresses import Paths
from ..render.site_setup import REQUIRED_EXTENSIONS, built_for_techdocs, draws_diagrams
from .config_file import ConfigFileError, Tagged, read_config, read_options


class ProjectError(Exception):
    """mkdocs.yml cannot be used: a usage error for the command line."""


class NoPluginError(ProjectError):
    """mkdocs.yml does not enable the postmortem plugin: not an archive."""


CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
"""The names MkDocs looks for when it is given no config file."""


def find_config(start: str) -> str | None:
    """The mkdocs.yml (or mkdocs.yaml) of the site ``start`` (a folder) belongs to: the
    nearest one in ``start`` or a folder above it, up to the top of the git work tree when
    there is one, so a monorepo's site in a subfolder is found too; but never one that lies
    inside the docs_dir of a config above it. Everything under a docs folder may come from a
    stranger's pull request: such a file is neither used nor read. The configs above are read
    safely (``read_config``) for their docs_dir, from the top down."""
    used = None
    docs_dirs: list[str] = []
    for config in reversed(_candidates(start)):
        if any(_within(os.path.dirname(config), docs) for docs in docs_dirs):
            continue
        used = config
        docs_dirs.append(_docs_dir_of(config))
    return used


def _candidates(start: str) -> list[str]:
    """The config files of ``start`` and the folders above it, nearest first."""
    here = os.path.abspath(start)
    top = repository_root(here)
    found = []
    while True:
        for name in CONFIG_NAMES:
            path = os.path.join(here, name)
            if os.path.isfile(path):
                found.append(path)
                break
        parent = os.path.dirname(here)
        if here == top or parent == here:
            return found
        here = parent


def _docs_dir_of(config: str) -> str:
    """The docs_dir a config names (MkDocs' default when it names none or cannot be read)."""
    try:
        info = os.stat(config)
    except OSError:
        return _docs_dir_in(config, "docs")
    return _docs_dir_cached(config, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=64)
def _docs_dir_cached(config: str, _mtime: int, _size: int) -> str:
    """Keyed by the file's time and size too: a config edited in the same process is read
    again (the hook gives one process many files, each looking for its config)."""
    try:
        docs_dir = read_config(config).get("docs_dir", "docs")
    except ConfigFileError:
        docs_dir = "docs"
    return _docs_dir_in(config, docs_dir if isinstance(docs_dir, str) else "docs")


def _docs_dir_in(config: str, docs_dir: str) -> str:
    return os.path.join(os.path.dirname(os.path.abspath(config)), docs_dir)


def _within(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or under it, as written or once links are followed."""
    for a, b in ((os.path.abspath(path), os.path.abspath(folder)),
                 (os.path.realpath(path), os.path.realpath(folder))):  # fmt: skip
        a, b = os.path.normcase(a), os.path.normcase(b)
        if a == b or a.startswith(os.path.join(b, "")):
            return True
    return False


@dataclass
class Project:
    settings: Settings
    exclude: Callable[[str], bool]
    config: dict[str, Any]
    """mkdocs.yml as read (INHERIT and !ENV applied)."""
    config_file: str = ""
    options_from: str = ""
    """Where the plugin's options came from when mkdocs.yml has no postmortem entry: the
    options file given, or "the plugin's default options"; "" for mkdocs.yml's entry."""

    def sources(self) -> list[SourceFile]:
        """The postmortem files a build of this project would read."""
        return self.discovery().sources

    def discovery(self) -> Discovery:
        """The postmortem files and the other YAML files of docs_dir, in one walk."""
        return walk(self.settings, self.exclude)

    def look_alikes(self, discovery: Discovery | None = None) -> list[LookAlike]:
        """YAML files outside the ``paths`` globs that look like postmortems."""
        other = (discovery or self.discovery()).other_yaml
        return look_alikes(self.settings, other)

    def site_files(self) -> set[str]:
        """The docs files a build of this project would publish: what a link may lead to."""
        return docs_listing(self.settings.docs_dir, self.exclude)


def load_project(
    config_file: str,
    *,
    require_plugin: bool = True,
    converts_text: bool = False,
    options_file: str | None = None,
) -> Project:
    """Read mkdocs.yml (INHERIT and !ENV included) and the plugin options as MkDocs does.
    Without ``require_plugin``, a config that does not list the plugin gets the options of
    ``options_file`` (a mapping as under ``- postmortem:``), else the defaults (a site built
    by a generator that runs no plugin). An ``options_file`` for a config that lists the plugin
    is refused: the build reads the entry, and two sources of options would disagree.

    The file is read safely (``read_config``): no command but ``render`` converts text, and
    none needs a Python object that a tag names, so checking a postmortem runs nothing that a
    config names. With ``converts_text`` (``render``, which converts the postmortems' text with
    the site's Markdown extensions, whose options may name Python objects: Material's emoji
    index) the config is loaded with MkDocs' own loader, as ``mkdocs build`` loads it: use it
    only for a config that ``find_config`` found or that ``-f`` names."""
    config_file = os.path.abspath(config_file)
    if converts_text:
        raw = _mkdocs_load(config_file)
    else:
        try:
            raw = _untagged(read_config(config_file))
        except ConfigFileError as exc:
            raise ProjectError(str(exc)) from None
    if not isinstance(raw, dict):
        raise ProjectError(f"{config_file}: expected a mapping of settings such as site_name")
    project_dir = os.path.dirname(config_file)
    try:
        plugin_options = _plugin_options(raw.get("plugins"))
    except ProjectError as exc:
        raise ProjectError(f"{config_file}: {exc}") from None
    options_from = ""
    if plugin_options is not None and options_file is not None:
        raise ProjectError(
            f"{config_file} enables the postmortem plugin: its options are the ones under "
            "`- postmortem:` there, as the build reads them; --options is for a mkdocs.yml "
            "without that entry"
        )
    if plugin_options is None:
        if require_plugin:
            raise NoPluginError(f"{config_file} does not enable the postmortem plugin")
        plugin_options, options_from = _own_options(options_file)
    options = PostmortemConfig(config_file_path=config_file)
    options.load_dict(plugin_options)
    errors, _warnings = options.validate()
    if errors:
        details = "; ".join(f"{key}: {error}" for key, error in errors)
        where = os.path.abspath(options_file) if options_from and options_file else config_file
        raise ProjectError(f"{where}: postmortem plugin options: {details}")
    docs_dir = os.path.join(project_dir, str(raw.get("docs_dir", "docs")))
    try:
        settings = settings_from(
            options,
            docs_dir=docs_dir,
            project_dir=project_dir,
            site_url=raw.get("site_url"),
            directory_urls=bool(raw.get("use_directory_urls", True)),
            markdown=site_markdown(raw),
            diagrams=draws_diagrams(raw.get("theme", "mkdocs"), raw.get("extra_javascript")),
            techdocs=built_for_techdocs(raw.get("plugins")),
        )
    except ValueError as exc:
        where = os.path.abspath(options_file) if options_from and options_file else config_file
        raise ProjectError(f"{where}: postmortem: {exc}") from None
    lines = [".*", "/templates/"]
    extra = raw.get("exclude_docs")
    if isinstance(extra, str):
        lines += extra.splitlines()
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    return Project(settings, spec.match_file, raw, config_file, options_from)


def _own_options(options_file: str | None) -> tuple[dict[str, Any], str]:
    """The options of a config without the plugin, and what to call where they came from."""
    if options_file is None:
        return {}, "the plugin's default options"
    try:
        options = _untagged(read_options(options_file))
    except ConfigFileError as exc:
        raise ProjectError(str(exc)) from None
    return options, f"the options of {os.path.relpath(options_file)}"


def _mkdocs_load(config_file: str) -> dict[str, Any]:
    """mkdocs.yml read by MkDocs' own loader, which constructs what its tags name."""
    try:
        with open(config_file, "rb") as fh:
            raw = yaml_load(fh, get_yaml_loader())
    except FileNotFoundError:
        raise ProjectError(
            f"{config_file} does not exist (use -f to point at mkdocs.yml)"
        ) from None
    except (ConfigurationError, OSError, ValueError) as exc:
        raise ProjectError(f"{config_file}: {exc}") from None
    return raw


def _untagged(value: Any) -> Any:
    """``value`` without the tagged values the safe reader kept unbuilt, as if not written: an
    extension's option that names a Python object (Material's emoji index) is then its
    default, which changes nothing where no text is converted."""
    if isinstance(value, dict):
        return {k: _untagged(v) for k, v in value.items() if not isinstance(v, Tagged)}
    if isinstance(value, list):
        return [_untagged(v) for v in value if not isinstance(v, Tagged)]
    return value


def site_markdown(config: dict[str, Any]) -> SiteMarkdown:
    """The Markdown the site's pages are converted with: MkDocs' built-in extensions, those
    mkdocs.yml names, and those the archive's pages need (the plugin adds them; a build
    without it is told to, see ``plain_build_hints``)."""
    written = config.get("markdown_extensions") or []
    if not isinstance(written, list):
        written = [written]
    site = SiteMarkdown.from_site([*MKDOCS_BUILTINS, *written])
    missing = [
        name for name, spellings in REQUIRED_EXTENSIONS if not set(spellings) & set(site.names)
    ]
    return SiteMarkdown.from_site([*site.extensions, *missing], site.configs)


MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
"""The extensions MkDocs turns on for every site, whatever mkdocs.yml lists."""


def _plugin_options(plugins: Any) -> dict[str, Any] | None:
    """The postmortem entry of ``plugins:`` in either of MkDocs' two forms."""
    if isinstance(plugins, dict):
        items = list(plugins.items())
    elif isinstance(plugins, list):
        items = [next(iter(p.items())) if isinstance(p, dict) and p else (p, {}) for p in plugins]
    else:
        items = []
    for name, value in items:
        if name == "postmortem":
            if value is not None and not isinstance(value, dict):
                raise ProjectError("the postmortem plugin's options must be a mapping")
            return dict(value or {})
    return None


def plain_build_hints(config: dict[str, Any], prefix: str, search: bool = False) -> list[str]:
    """What mkdocs.yml needs for rendered pages when no plugin completes it (Zensical, or
    MkDocs without the plugin): the plugin turns these on by itself. With ``search`` (the
    incidents searched with Pagefind), the script that leads from the theme's search to the
    archive's."""
    options = _plugin_options(config.get("plugins"))
    if options is not None and options.get("enabled", True) is not False:
        return []
    extensions: dict[str, Any] = {}
    for entry in config.get("markdown_extensions") or []:
        extensions.update(entry if isinstance(entry, dict) else {str(entry): None})
    hints = [
        f"add {name} to markdown_extensions"
        for name, spellings in REQUIRED_EXTENSIONS
        if not extensions.keys() & set(spellings)
    ]
    stylesheet = f"{prefix}/assets/postmortem.css"
    if stylesheet not in (config.get("extra_css") or []):
        hints.append(f"add {stylesheet} to extra_css")
    script = Paths(prefix).header_search_script
    if search and script not in _script_paths(config.get("extra_javascript")):
        hints.append(
            f"add {script} to extra_javascript: the theme's search then leads to the "
            "archive's search page, which finds the incidents"
        )
    incidents = Paths(prefix).incidents
    if f"/{incidents}/" not in str(config.get("not_in_nav") or ""):
        hints.append(
            f"add /{incidents}/ to not_in_nav: a nav entry per incident makes every "
            "page of a large archive slow to build"
        )
    return hints


def _script_paths(scripts: Any) -> list[str]:
    """The paths of ``extra_javascript``, written as a path or as a mapping with ``path``."""
    return [
        str(entry.get("path")) if isinstance(entry, dict) else str(entry) for entry in scripts or []
    ]
