"""A project as the command line finds it: mkdocs.yml read as MkDocs reads it (INHERIT, !ENV),
the plugin's options, the files MkDocs would leave out, and what a build without the plugin
needs in mkdocs.yml."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pathspec
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from ..core.discover import Discovery, LookAlike, SourceFile, look_alikes, repository_root, walk
from ..core.links import docs_listing
from ..core.settings import Settings, SiteMarkdown
from ..plugin.options import PostmortemConfig, settings_from
from ..render.addresses import Paths
from ..render.pages import REQUIRED_EXTENSIONS, draws_diagrams


class ProjectError(Exception):
    """mkdocs.yml cannot be used: a usage error for the command line."""


class NoPluginError(ProjectError):
    """mkdocs.yml does not enable the postmortem plugin: not an archive."""


CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
"""The names MkDocs looks for when it is given no config file."""


def find_config(start: str) -> str | None:
    """The nearest mkdocs.yml (or mkdocs.yaml) in ``start`` or a folder above it, up to the
    top of the git work tree when there is one: the site a file or folder belongs to, also
    in a monorepo whose site lives in a subfolder."""
    here = os.path.abspath(start)
    top = repository_root(here)
    while True:
        for name in CONFIG_NAMES:
            path = os.path.join(here, name)
            if os.path.isfile(path):
                return path
        parent = os.path.dirname(here)
        if here == top or parent == here:
            return None
        here = parent


@dataclass
class Project:
    settings: Settings
    exclude: Callable[[str], bool]
    config: dict[str, Any]
    """mkdocs.yml as read (INHERIT and !ENV applied by MkDocs' loader)."""

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


def load_project(config_file: str, *, require_plugin: bool = True) -> Project:
    """Read mkdocs.yml (INHERIT and !ENV included) and the plugin options as MkDocs does.
    Without ``require_plugin``, a config that does not list the plugin gets its defaults
    (a site built by a generator that runs no plugin)."""
    config_file = os.path.abspath(config_file)
    try:
        with open(config_file, "rb") as fh:
            raw = yaml_load(fh, get_yaml_loader())
    except FileNotFoundError:
        raise ProjectError(
            f"{config_file} does not exist (use -f to point at mkdocs.yml)"
        ) from None
    except (ConfigurationError, OSError, ValueError) as exc:
        raise ProjectError(f"{config_file}: {exc}") from None
    if not isinstance(raw, dict):
        raise ProjectError(f"{config_file}: expected a mapping of settings such as site_name")
    project_dir = os.path.dirname(config_file)
    plugin_options = _plugin_options(raw.get("plugins"))
    if plugin_options is None:
        if require_plugin:
            raise NoPluginError(f"{config_file} does not enable the postmortem plugin")
        plugin_options = {}
    options = PostmortemConfig(config_file_path=config_file)
    options.load_dict(plugin_options)
    errors, _warnings = options.validate()
    if errors:
        details = "; ".join(f"{key}: {error}" for key, error in errors)
        raise ProjectError(f"{config_file}: postmortem plugin options: {details}")
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
        )
    except ValueError as exc:
        raise ProjectError(f"{config_file}: postmortem: {exc}") from None
    lines = [".*", "/templates/"]
    extra = raw.get("exclude_docs")
    if isinstance(extra, str):
        lines += extra.splitlines()
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    return Project(settings=settings, exclude=spec.match_file, config=raw)


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
    items = (
        plugins.items()
        if isinstance(plugins, dict)
        else [next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins or []]
    )
    for name, value in items:
        if name == "postmortem":
            return dict(value or {})
    return None


def plain_build_hints(config: dict[str, Any], prefix: str) -> list[str]:
    """What mkdocs.yml needs for rendered pages when no plugin completes it (Zensical, or
    MkDocs without the plugin): the plugin turns these on by itself."""
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
    draws = draws_diagrams(config.get("theme", "mkdocs"), config.get("extra_javascript"))
    if draws and "mermaid" not in str(extensions.get("pymdownx.superfences")):
        hints.append("give pymdownx.superfences a custom fence 'mermaid' for the family diagrams")
    stylesheet = f"{prefix}/assets/postmortem.css"
    if stylesheet not in (config.get("extra_css") or []):
        hints.append(f"add {stylesheet} to extra_css")
    incidents = Paths(prefix).incidents
    if f"/{incidents}/" not in str(config.get("not_in_nav") or ""):
        hints.append(
            f"add /{incidents}/ to not_in_nav: a nav entry per incident makes every "
            "page of a large archive slow to build"
        )
    return hints
