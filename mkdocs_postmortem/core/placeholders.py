"""The text `mkdocs-postmortem new` writes for the author to replace. It lives in the core so
that the loader can refuse a postmortem whose author never replaced it: the scaffold's
sentences are valid YAML and valid against the schema, and would otherwise be published."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Placeholder:
    field: str
    """Top-level field the scaffold fills with this text."""
    lines: tuple[str, ...]
    """The text as the scaffold writes it, one line each."""
    instead: str
    """What the author should write, for the message."""

    @property
    def text(self) -> str:
        return " ".join(self.lines)


SUMMARY = Placeholder(
    "summary",
    (
        "What happened, who or what was impacted, and how service was restored,",
        "in 2-3 sentences a non-technical reader understands.",
    ),
    "write 2-3 sentences a non-technical reader understands: what happened, who or what was "
    "impacted, and how service was restored",
)

PLACEHOLDERS = (SUMMARY,)


def unreplaced(data: Mapping[str, Any]) -> list[tuple[tuple[str], str]]:
    """(path, message) for each field that still holds the scaffold's text, whatever its line
    breaks and spacing (an editor may rewrap it)."""
    found: list[tuple[tuple[str], str]] = []
    for placeholder in PLACEHOLDERS:
        value = data.get(placeholder.field)
        if isinstance(value, str) and placeholder.text in " ".join(value.split()):
            found.append(
                (
                    (placeholder.field,),
                    "still the placeholder text from mkdocs-postmortem new; " + placeholder.instead,
                )
            )
    return found
