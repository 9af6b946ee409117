"""The plugin's options as MkDocs reads them, made from the one declaration in ``Settings``:
each option's name, kind, default and documentation are written there, once."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.option_kinds import PAGEFIND_MODES, Option, date_text
from ..core.settings import Settings, options_of
from ..core.site_markdown import SiteMarkdown

COMPARE_REF_ENV = "POSTMORTEM_COMPARE_REF"
"""Set in CI to the pull request's base branch (e.g. origin/main) when compare_ref is not set."""


class LevelConfig(base.Config):
    id = c.Type(str)
    label = c.Optional(c.Type(str))
    description = c.Type(str, default="")
    aliases = c.ListOfItems(c.Type(str), default=[])
    response_target = c.Type(str, default="")


class TicketLinkConfig(base.Config):
    match = c.Type(str)
    url = c.Type(str)


class CategoryConfig(base.Config):
    id = c.Type(str)
    label = c.Optional(c.Type(str))
    description = c.Type(str, default="")


class Switch(base.BaseConfigOption[str]):
    """``auto``, ``true``, ``false`` or ``required``; YAML's booleans stand for the two middle
    ones."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, str) and value.lower() in PAGEFIND_MODES:
            return value.lower()
        raise base.ValidationError(f"expected one of {', '.join(PAGEFIND_MODES)}, got {value!r}")


class Day(base.BaseConfigOption[str]):
    """A date option, written as the docs show it (``as_of: 2026-11-25``, which YAML reads as a
    date) or quoted; ``Settings`` checks that the day exists, for every front end."""

    def run_validation(self, value: object) -> str:
        if isinstance(value, (str, date)):
            return date_text(value)
        raise base.ValidationError(f"expected a date YYYY-MM-DD, got {value!r}")


def _config_option(option: Option, default: Any) -> Any:
    """The MkDocs config option that reads ``option`` from mkdocs.yml."""
    kind = option.kind
    if kind == "flag":
        return c.Type(bool, default=default)
    if kind == "text":
        return c.Type(str, default=default)
    if kind == "count":
        return c.Type(int, default=default)
    if kind == "ratio":
        return c.Type(float, default=default)
    if kind == "optional text":
        return c.Optional(c.Type(str))
    if kind == "globs":
        return c.ListOfItems(c.Type(str), default=default)
    if kind == "levels":
        return c.ListOfItems(c.SubConfig(LevelConfig), default=default)
    if kind == "categories":
        return c.ListOfItems(c.SubConfig(CategoryConfig), default=default)
    if kind == "zones":
        return c.Type(dict, default=default)
    if kind == "ticket links":
        return c.ListOfItems(c.SubConfig(TicketLinkConfig), default=default)
    if kind == "switch":
        return Switch(default)
    if kind == "date":
        return c.Optional(Day())
    if kind == "file":
        return c.Optional(c.File(exists=True))
    if kind == "folder":
        return c.Optional(c.Dir(exists=True))
    raise AssertionError(f"no MkDocs config option for kind {kind!r}")


def _schema() -> tuple[tuple[str, Any], ...]:
    defaults = Settings(docs_dir="", project_dir="").option_values()
    return tuple((spec.name, _config_option(spec, defaults[spec.name])) for _, spec in options_of())


class PostmortemConfig(base.Config):
    """Options under ``postmortem`` in ``plugins:``; MkDocs reads ``_schema`` of a config class,
    here made from the fields of ``Settings``."""

    _schema = _schema()


def settings_from(
    options: PostmortemConfig,
    *,
    docs_dir: str,
    project_dir: str,
    site_url: str | None,
    directory_urls: bool = True,
    markdown: SiteMarkdown | None = None,
    diagrams: bool = True,
    techdocs: bool = False,
) -> Settings:
    """Raises ValueError (bad option values). Unknown keys are MkDocs' to warn about.
    ``techdocs``: the site is built for Backstage TechDocs (a fact of the site, not an option)."""
    values = {spec.name: options.get(spec.name) for _, spec in options_of()}
    values["compare_ref"] = values.get("compare_ref") or os.environ.get(COMPARE_REF_ENV) or None
    settings = Settings.from_options(
        values,
        docs_dir=docs_dir,
        project_dir=project_dir,
        site_url=site_url,
        directory_urls=directory_urls,
        markdown=markdown,
        diagrams=diagrams,
    )
    return replace(settings, techdocs=True) if techdocs else settings


def reference_table() -> str:
    """The options table of the configuration reference (docs/configuration.md), made from the
    declaration; a test keeps the page equal to it."""
    defaults = Settings(docs_dir="", project_dir="").option_values()
    rows = ["| Option | Default | What it does |", "| --- | --- | --- |"]
    for _, spec in options_of():
        rows.append(
            f"| `{spec.name}` | {spec.shown_default or _shown(defaults[spec.name])} | {spec.doc} |"
        )
    return "\n".join(rows) + "\n"


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"
