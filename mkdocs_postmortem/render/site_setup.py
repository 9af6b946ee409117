"""What a site's ``mkdocs.yml`` gives the archive's pages: the Markdown extensions that a
postmortem's free text and the Markdown files of ``render`` use, and whether the site draws
Mermaid diagrams (the incident families), and whether it is built for Backstage TechDocs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REQUIRED_EXTENSIONS = (
    ("admonition", ("admonition", "markdown.extensions.admonition")),
    ("attr_list", ("attr_list", "markdown.extensions.attr_list")),
    ("tables", ("tables", "markdown.extensions.tables", "extra", "markdown.extensions.extra")),
    ("pymdownx.details", ("pymdownx.details",)),
    ("pymdownx.superfences", ("pymdownx.superfences",)),
)
"""Markdown extensions the pages use, each with the spellings that turn it on: the plugin adds
the missing ones; without the plugin, ``render`` says which ones mkdocs.yml lacks."""


DIAGRAM_THEMES = frozenset({"material"})
"""Themes that draw Mermaid diagrams from the ``mermaid`` fence by themselves."""


def draws_diagrams(theme: Any, extra_javascript: Any = ()) -> bool:
    """Whether a site draws the family diagrams: its theme does (Material), or it loads
    Mermaid itself (a script of ``extra_javascript`` named for it). ``theme`` as mkdocs.yml
    writes it (a name, or a mapping with ``name``) or MkDocs' theme object."""
    name = theme.get("name") if isinstance(theme, Mapping) else getattr(theme, "name", theme)
    if name in DIAGRAM_THEMES:
        return True
    for script in extra_javascript or ():
        path = (
            script.get("path") if isinstance(script, Mapping) else getattr(script, "path", script)
        )
        if "mermaid" in str(path).lower():
            return True
    return False


TECHDOCS_PLUGIN = "techdocs-core"
TECHDOCS_METADATA = "techdocs_metadata.json"
"""The file ``techdocs-core`` adds to the theme's templates, which Backstage's reader reads."""


def built_for_techdocs(plugins: Any, theme: Any = None) -> bool:
    """Whether the site is built for Backstage TechDocs: ``techdocs-core`` is among its plugins
    (MkDocs' plugins by name, or ``plugins:`` as mkdocs.yml writes it), or has been (its
    ``on_config`` removes itself from them, and leaves its metadata template in the theme)."""
    for entry in plugins or ():
        if entry == TECHDOCS_PLUGIN or (isinstance(entry, Mapping) and TECHDOCS_PLUGIN in entry):
            return True
    return TECHDOCS_METADATA in getattr(theme, "static_templates", ())
