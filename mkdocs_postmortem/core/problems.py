"""A problem found in a postmortem file, in the one format every front end prints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """``file:line:col: field: message``; ``blocking`` problems keep the incident off the site."""

    file: str
    line: int
    column: int
    field: str
    message: str
    blocking: bool = True

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.field}: {self.message}"


DOCUMENT = "(document)"
"""Field name used when a problem concerns the whole file (syntax error, wrong top level)."""


def field_path(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """``("action_items", 2, "owner")`` -> ``action_items[2].owner``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            if not part.isprintable():  # a line break in a key must not break the line
                part = part.encode("unicode_escape").decode("ascii")
            out += ("." if out else "") + part
    return out or DOCUMENT
