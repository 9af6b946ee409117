"""How a severity level looks, in one place: its badge's class, label and tooltip, its colour on
badges and charts, and the unrated group (outlined, never a colour of the scale). Templates,
the search page's badges, the charts and the stylesheet's level rules all take it from here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.scale import UNRATED, Level

COLOURS = ("#c62828", "#ef6c00", "#f9a825", "#1565c0", "#546e7a")
"""By rank, most severe first; every rank past the last takes the last colour."""
DARK_TEXT = frozenset({1, 2})
"""Ranks whose colour needs dark text: white on the orange is 3:1, too little for text this
small, and the yellow is lighter still."""
UNRATED_COLOUR = "#9e9e9e"
"""The unrated group on a chart: grey, never a colour of the scale."""
DARK = "#1c1c1c"
"""The text on a badge whose colour is light (``DARK_TEXT``); the others are white."""


@dataclass(frozen=True)
class SeverityLook:
    css_class: str
    label: str
    tooltip: str
    colour: str
    text: str = "#ffffff"
    """The badge's text colour on ``colour``."""
    unrated: bool = False


def colour_of(rank: int) -> str:
    return COLOURS[min(rank, len(COLOURS) - 1)]


def text_colour(rank: int) -> str | None:
    """The badge's text colour where the white of every badge is too light on its fill."""
    return DARK if min(rank, len(COLOURS)) in DARK_TEXT else None


def look(level: Level) -> SeverityLook:
    if level.id == UNRATED:
        return SeverityLook(
            "pm-sev-unrated", "not rated", level.description, UNRATED_COLOUR, unrated=True
        )
    rank = min(level.rank, len(COLOURS))
    text = text_colour(rank) or "#ffffff"
    return SeverityLook(f"pm-sev-{rank}", level.id, level.description, colour_of(rank), text)


def badge_classes(levels: Iterable[Level]) -> dict[str, str]:
    """Each level's badge class, by id: what the search page colours its results with."""
    return {level.id: look(level).css_class for level in levels}


def stylesheet_rules() -> str:
    """The badge colour of each rank (rank ``len(COLOURS)`` and beyond: the last colour)."""
    rules = []
    for rank in range(len(COLOURS) + 1):
        dark = text_colour(rank)
        text = f" color: {dark};" if dark else ""
        rules.append(f".pm-sev-{rank} {{ background-color: {colour_of(rank)};{text} }}")
    return "/* Severity colours (render/severity_look.py). */\n" + "\n".join(rules) + "\n"
