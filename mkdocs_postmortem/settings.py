"""What the core pipeline needs to know about a team's archive, independent of any front end."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .scale import DEFAULT_FACTOR_CATEGORIES, DEFAULT_PRIORITIES, DEFAULT_SEVERITIES, Scale

DEFAULT_PATHS = ("postmortems/**/*.yaml", "postmortems/**/*.yml")


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Settings:
    """The team's archive options; the plugin builds one from mkdocs.yml, so will the CLI."""

    docs_dir: str
    project_dir: str
    paths: tuple[str, ...] = DEFAULT_PATHS
    prefix: str = "postmortems"
    severity: Scale = field(default_factory=lambda: Scale.build("severity", DEFAULT_SEVERITIES))
    priority: Scale = field(default_factory=lambda: Scale.build("priority", DEFAULT_PRIORITIES))
    factor_categories: tuple[Category, ...] = tuple(
        Category(**c) for c in DEFAULT_FACTOR_CATEGORIES
    )
    timezone: str = "UTC"
    team_schema: str | None = None
    templates_dir: str | None = None
    max_file_size: int = 1_048_576
    max_list_items: int = 2_000
    """Most entries a list (timeline, action items...) may hold; a longer one is reported."""
    recent: int = 20
    id_format: str = "INC-{year}-{seq:03d}"
    site_url: str = ""
    as_of: str = ""
    """Date action items are overdue against (YYYY-MM-DD); empty: the day of the build."""
    similar_k: int = 3
    similar_threshold: float = 0.1
    directory_urls: bool = True
    compare_ref: str = ""
    """Git ref that a preview build compares the postmortems with (empty: no comparison)."""

    @property
    def as_of_date(self) -> str:
        return self.as_of or date.today().isoformat()

    @classmethod
    def create(
        cls,
        *,
        docs_dir: str,
        project_dir: str,
        severity_levels: Sequence[Mapping[str, Any]] | None = None,
        priorities: Sequence[Mapping[str, Any]] | None = None,
        factor_categories: Sequence[Mapping[str, Any]] | None = None,
        **options: Any,
    ) -> Settings:
        """Build from plain option values; raises ValueError with a message for a person."""
        prefix = str(options.pop("prefix", "postmortems")).strip("/")
        if not prefix or ".." in prefix.split("/") or posixpath.isabs(prefix):
            raise ValueError(
                f"prefix must be a relative folder such as 'postmortems', got {prefix!r}"
            )
        extra: dict[str, Any] = {"prefix": prefix}
        if severity_levels is not None:
            extra["severity"] = Scale.build("severity", severity_levels)
        if priorities is not None:
            extra["priority"] = Scale.build("priority", priorities)
        if factor_categories is not None:
            cats = tuple(
                Category(
                    id=str(c["id"]),
                    label=str(c.get("label") or c["id"]),
                    description=str(c.get("description") or ""),
                )
                for c in factor_categories
            )
            if len({c.id for c in cats}) != len(cats):
                raise ValueError("factor_categories has the same id twice")
            extra["factor_categories"] = cats
        if int(options.get("max_file_size", 1)) <= 0:
            raise ValueError("max_file_size must be a positive number of bytes")
        if int(options.get("max_list_items", 1)) <= 0:
            raise ValueError("max_list_items must be a positive number")
        if int(options.get("recent", 0)) < 0:
            raise ValueError("recent must be zero or more")
        as_of = str(options.get("as_of") or "")
        if as_of:
            try:
                date.fromisoformat(as_of)
            except ValueError:
                raise ValueError(f"as_of must be a date YYYY-MM-DD, got {as_of!r}") from None
        if not 0 < float(options.get("similar_threshold", 0.1)) <= 1:
            raise ValueError("similar_threshold must be above 0 and at most 1")
        if "paths" in options:
            options["paths"] = tuple(options["paths"])
        return cls(docs_dir=docs_dir, project_dir=project_dir, **extra, **options)
