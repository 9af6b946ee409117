"""The plugin's options, read the same way by the plugin and by the command line.

This is a front-end module (it imports MkDocs); the core receives a ``Settings``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from .scale import DEFAULT_FACTOR_CATEGORIES, DEFAULT_PRIORITIES, DEFAULT_SEVERITIES
from .settings import DEFAULT_PATHS, Settings

COMPARE_REF_ENV = "POSTMORTEM_COMPARE_REF"
"""Set in CI to the pull request's base branch (e.g. origin/main) when compare_ref is not set."""


class LevelConfig(base.Config):
    id = c.Type(str)
    label = c.Optional(c.Type(str))
    description = c.Type(str, default="")
    aliases = c.ListOfItems(c.Type(str), default=[])
    response_target = c.Type(str, default="")


class CategoryConfig(base.Config):
    id = c.Type(str)
    label = c.Optional(c.Type(str))
    description = c.Type(str, default="")


class PostmortemConfig(base.Config):
    enabled = c.Type(bool, default=True)
    paths = c.ListOfItems(c.Type(str), default=list(DEFAULT_PATHS))
    prefix = c.Type(str, default="postmortems")
    nav = c.Type(bool, default=True)
    nav_title = c.Type(str, default="Postmortems")
    severity_levels = c.ListOfItems(c.SubConfig(LevelConfig), default=DEFAULT_SEVERITIES)
    priorities = c.ListOfItems(c.SubConfig(LevelConfig), default=DEFAULT_PRIORITIES)
    factor_categories = c.ListOfItems(
        c.SubConfig(CategoryConfig), default=DEFAULT_FACTOR_CATEGORIES
    )
    schema = c.Optional(c.File(exists=True))
    templates = c.Optional(c.Dir(exists=True))
    timezone = c.Type(str, default="UTC")
    max_file_size = c.Type(int, default=1_048_576)
    max_list_items = c.Type(int, default=2_000)
    recent = c.Type(int, default=20)
    id_format = c.Type(str, default="INC-{year}-{seq:03d}")
    compare_ref = c.Optional(c.Type(str))
    as_of = c.Optional(c.Type(str))
    similar_k = c.Type(int, default=3)
    similar_threshold = c.Type(float, default=0.1)


def settings_from(
    options: PostmortemConfig,
    *,
    docs_dir: str,
    project_dir: str,
    site_url: str | None,
    directory_urls: bool = True,
) -> Settings:
    """Raises ValueError (bad option values) or SchemaSetupError (unusable team schema)."""
    return Settings.create(
        docs_dir=docs_dir,
        project_dir=project_dir,
        severity_levels=options.severity_levels,
        priorities=options.priorities,
        factor_categories=options.factor_categories,
        paths=options.paths,
        prefix=options.prefix,
        timezone=options.timezone,
        team_schema=options.schema,
        templates_dir=options.templates,
        max_file_size=options.max_file_size,
        max_list_items=options.max_list_items,
        recent=options.recent,
        id_format=options.id_format,
        site_url=site_url or "",
        compare_ref=options.compare_ref or os.environ.get(COMPARE_REF_ENV, ""),
        as_of=options.as_of or "",
        similar_k=options.similar_k,
        similar_threshold=options.similar_threshold,
        directory_urls=directory_urls,
    )


class ProjectError(Exception):
    """mkdocs.yml cannot be used: a usage error for the command line."""


@dataclass
class Project:
    settings: Settings
    options: PostmortemConfig
    exclude: Callable[[str], bool]
    config: dict[str, Any]
    """mkdocs.yml as read (INHERIT and !ENV applied by MkDocs' loader)."""


def load_project(config_file: str, *, require_plugin: bool = True) -> Project:
    """Read mkdocs.yml (INHERIT and !ENV included) and the plugin options as MkDocs does.
    Without ``require_plugin``, a config that does not list the plugin gets its defaults
    (a site built by a generator that runs no plugin)."""
    import pathspec
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

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
    project_dir = os.path.dirname(config_file)
    plugin_options = _plugin_options(raw.get("plugins"))
    if plugin_options is None:
        if require_plugin:
            raise ProjectError(f"{config_file} does not enable the postmortem plugin")
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
        )
    except ValueError as exc:
        raise ProjectError(f"{config_file}: postmortem: {exc}") from None
    lines = [".*", "/templates/"]
    extra = raw.get("exclude_docs")
    if isinstance(extra, str):
        lines += extra.splitlines()
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    return Project(settings=settings, options=options, exclude=spec.match_file, config=raw)


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


REQUIRED_EXTENSIONS = (
    ("admonition", ("admonition", "markdown.extensions.admonition")),
    ("attr_list", ("attr_list", "markdown.extensions.attr_list")),
    ("tables", ("tables", "markdown.extensions.tables", "extra", "markdown.extensions.extra")),
    ("pymdownx.details", ("pymdownx.details",)),
    ("pymdownx.superfences", ("pymdownx.superfences",)),
)
"""Markdown extensions the pages use, each with the spellings that turn it on: the plugin adds
the missing ones; without the plugin, ``render`` says which ones mkdocs.yml lacks."""


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
    if "mermaid" not in str(extensions.get("pymdownx.superfences")):
        hints.append("give pymdownx.superfences a custom fence 'mermaid' for the family diagrams")
    stylesheet = f"{prefix}/assets/postmortem.css"
    if stylesheet not in (config.get("extra_css") or []):
        hints.append(f"add {stylesheet} to extra_css")
    if f"/{prefix}/incidents/" not in str(config.get("not_in_nav") or ""):
        hints.append(
            f"add /{prefix}/incidents/ to not_in_nav: a nav entry per incident makes every "
            "page of a large archive slow to build"
        )
    return hints
