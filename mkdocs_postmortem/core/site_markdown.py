"""The site's Markdown as mkdocs.yml configures it: its extensions and their options. Apart from
the plugin's options because it is the site's, read from mkdocs.yml's ``markdown_extensions``
by each front end."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_EXTENSIONS = (
    "toc",
    "tables",
    "fenced_code",
    "admonition",
    "attr_list",
    "pymdownx.details",
    "pymdownx.superfences",
)
"""MkDocs' own default extensions and those the plugin turns on: a site that configures none."""


@dataclass(frozen=True)
class SiteMarkdown:
    """The site's Markdown: its extensions and their configs, as mkdocs.yml gives them. The free
    text of a postmortem is converted with these, so it reads as the site's own pages do."""

    extensions: tuple[Any, ...] = DEFAULT_EXTENSIONS
    """Names, or extension objects that another plugin added."""
    configs: Mapping[str, Any] = field(default_factory=dict)
    """Each extension's options, by name."""

    @classmethod
    def from_site(cls, extensions: Any, configs: Mapping[str, Any] | None = None) -> SiteMarkdown:
        """From MkDocs' validated config (names, and ``mdx_configs``) or from mkdocs.yml as
        written (a list of names and ``{name: options}`` mappings)."""
        names: list[Any] = []
        options: dict[str, Any] = dict(configs or {})
        for entry in extensions or ():
            if isinstance(entry, Mapping):
                for name, value in entry.items():
                    names.append(str(name))
                    if value:
                        options[str(name)] = value
            else:
                names.append(entry)
        return cls(tuple(dict.fromkeys(names)), options)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(e for e in self.extensions if isinstance(e, str))

    def config(self, *names: str) -> Mapping[str, Any]:
        """The options of the first of ``names`` (the spellings of one extension) given."""
        for name in names:
            if name in self.configs:
                return dict(self.configs[name] or {})
        return {}
