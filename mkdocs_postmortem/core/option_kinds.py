"""How each kind of option is written in mkdocs.yml: the metadata that makes a ``Settings``
field an option (``option``), and each kind's value read from what mkdocs.yml holds and
checked, for every front end alike."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from .scale import Scale

OptionKind = Literal[
    "flag", "text", "count", "ratio", "optional text", "globs", "levels", "categories", "file",
    "folder", "zones", "ticket links", "switch", "date",
]  # fmt: skip
"""How an option is written in mkdocs.yml; the plugin maps each kind to a MkDocs config option."""


@dataclass(frozen=True)
class Option:
    """How a ``Settings`` field is written under the plugin in mkdocs.yml, and documented."""

    name: str
    kind: OptionKind
    doc: str
    """The configuration reference's text (Markdown)."""
    shown_default: str = ""
    """The reference's Default column, where the value itself reads badly (a scale, none)."""


PAGEFIND_MODES = ("auto", "true", "false", "required")
"""The values of the ``pagefind`` option (``true`` and ``false`` may be written as YAML
booleans)."""


FAMILY_DIAGRAMS = ("svg", "mermaid")
"""The values of ``family_diagrams``: drawn at build time, or Mermaid's source."""

PERIOD_KINDS = ("quarter", "half", "year")
"""The values of ``patterns_period``: calendar quarters, half-years or years."""


def option(name: str, kind: OptionKind, doc: str, shown: str = "") -> dict[str, Option]:
    """The metadata that makes a ``Settings`` field a plugin option."""
    return {"option": Option(name, kind, " ".join(doc.split()), shown)}


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    description: str = ""


def _categories(entries: Any) -> tuple[Category, ...]:
    cats = tuple(
        Category(
            id=str(c["id"]),
            label=str(c.get("label") or c["id"]),
            description=str(c.get("description") or ""),
        )
        for c in entries
    )
    if len({c.id for c in cats}) != len(cats):
        raise ValueError("factor_categories has the same id twice")
    return cats


def date_text(value: Any) -> str:
    """An option's date as text: YAML reads ``as_of: 2026-11-25`` as a date, ``'2026-11-25'``
    as text; a date and time (``2026-11-25 10:00``) stays as written, to be refused."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def check_date(name: str, written: str) -> None:
    """A date option is one existing day written YYYY-MM-DD (compared as text with the
    postmortems' dates); raises ValueError naming the option."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", written)
    if not match:
        raise ValueError(f"{name} must be a date YYYY-MM-DD, got {written!r}")
    try:
        date(*map(int, match.groups()))
    except ValueError as exc:
        raise ValueError(f"{name} must be a date YYYY-MM-DD, got {written!r}: {exc}") from None


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    """An option of a few words is one of them; raises ValueError naming them all."""
    if value not in choices:
        raise ValueError(f"{name} is one of {', '.join(choices)}, not {value!r}")


def check_ticket_links(rules: tuple[tuple[str, str], ...]) -> None:
    """Each rule's ``match`` compiles and its ``url`` is a web address; raises ValueError."""
    for pattern, url in rules:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(
                f"ticket_links: {pattern!r} is not a regular expression: {exc}"
            ) from None
        if not url.startswith(("https://", "http://")):
            raise ValueError(
                f"ticket_links: the url of {pattern!r} must start with https:// or http://"
            )


def _same(name: str, value: Any) -> Any:
    return value


def _levels(name: str, value: Any) -> Scale:
    return Scale.build("severity" if name == "severity_levels" else "priority", value)


_CONVERT: dict[str, Callable[[str, Any], Any]] = {
    "globs": lambda name, value: tuple(str(v) for v in value),
    "levels": _levels,
    "categories": lambda name, value: _categories(value),
    "text": lambda name, value: str(value).strip("/") if name == "prefix" else value,
    "optional text": lambda name, value: str(value),
    "date": lambda name, value: date_text(value),
    "zones": lambda name, value: tuple(sorted((str(k), str(v)) for k, v in dict(value).items())),
    "ticket links": lambda name, value: tuple((str(r["match"]), str(r["url"])) for r in value),
    "switch": lambda name, value: str(value).lower() if isinstance(value, bool) else value,
}
