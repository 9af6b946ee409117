"""Figures as postmortems write them: ``80``, ``about 80%``, ``40-50%``, ``>5 million``,
``nearly 100%``, or ``{min: 40, max: 50, unit: "%"}``. Each keeps its text and reads as an
interval (low, high) with a unit, and whether it is approximate: a page shows the text, and only
an exact figure is ever computed with as if it were exact."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FORMS = (
    "a number, or a figure as written: about 80%, ~80%, 40-50%, >5 million, at least 300, "
    "up to 2,000, nearly 100%, 1.2M; or {value: 80, approximate: true, unit: '%'}, "
    "{min: 40, max: 50}, {at_least: 5000000}, {at_most: 10}"
)

MAX_LENGTH = 100
"""The longest figure read as text, as the schema allows one: a longer text is refused before
the pattern sees it."""
MAX_DIGITS = 15
"""The most digits a figure has before its decimal point: every whole number up to there is
exact as a float (2**53 is about 9.0e15), and pages, metrics and incidents.json compute with
floats. Larger figures are refused rather than shown rounded or overflowing."""
_LIMIT = 10**MAX_DIGITS

_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
_SCALE = r"(?:(?-i:k|K|M|B)|bn|thousand|million|billion)\b"
"""A multiplier right after the number: a single letter only as a word of its own (``5 km`` is
five kilometres, ``10 ms`` ten milliseconds)."""
_QUALIFIERS = {
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "approx.": "approx",
    "approx": "approx",
    "roughly": "approx",
    "~": "approx",
    "≈": "approx",
    "some": "approx",
    "nearly": "below",
    "almost": "below",
    "over": "low",
    "more than": "low",
    "greater than": "low",
    "above": "low",
    ">": "low",
    ">=": "low",
    "≥": "low",
    "at least": "low",
    "under": "high",
    "less than": "high",
    "fewer than": "high",
    "below": "high",
    "<": "high",
    "<=": "high",
    "≤": "high",
    "at most": "high",
    "up to": "high",
}
_QUALIFIER = "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))
QUANTITY_PATTERN = (
    rf"^\s*(?:(?P<q>{_QUALIFIER})\s*)?(?P<a>{_NUMBER})\s*(?P<sa>{_SCALE})?"
    rf"(?:\s*(?:-|–|—|to)\s*(?P<b>{_NUMBER})\s*(?P<sb>{_SCALE})?)?"
    r"\s*(?P<unit>%|percent|[A-Za-z][A-Za-z /.-]{0,40})?\s*$"
)
"""What the schema accepts as a figure written as text (the model reads it with this too)."""
_TEXT = re.compile(QUANTITY_PATTERN, re.IGNORECASE)
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}


class QuantityError(ValueError):
    """A figure that cannot be read; the message is for a person. ``forms``: whether the forms
    a figure is written in would help (not for one that is only too large)."""

    def __init__(self, message: str, *, forms: bool = True) -> None:
        super().__init__(message)
        self.forms = forms


@dataclass(frozen=True)
class Quantity:
    text: str
    """As written; the structured form: its parts joined."""
    low: float | None
    high: float | None
    approximate: bool = False
    unit: str = ""
    note: str = ""

    @property
    def exact(self) -> float | None:
        """The figure, when the author gave one exact figure."""
        if self.low is not None and self.low == self.high and not self.approximate:
            return self.low
        return None

    @property
    def estimate(self) -> float | None:
        """The one figure given, exact or approximate (None for a range or a bound)."""
        return self.low if self.low is not None and self.low == self.high else None

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "low": _plain_number(self.low),
            "high": _plain_number(self.high),
            "approximate": self.approximate,
            "exact": self.exact is not None,
            "unit": self.unit,
        }


def _plain_number(value: float | None) -> float | int | None:
    return int(value) if value is not None and value.is_integer() else value


def _number(text: str, scale: str | None) -> float:
    value = float(text.replace(",", ""))
    return value * _MULTIPLIERS[scale.lower()] if scale else value


def read_quantity(value: Any, what: str = "a figure") -> Quantity:
    """A figure from a number, a text as written or the structured mapping; ``what`` it counts
    names it in messages (``a count of users``)."""
    if isinstance(value, bool) or value is None:
        raise QuantityError(f"expected a figure, got {str(value).lower()}")
    if isinstance(value, (int, float)):
        number = _checked(value, what)
        return Quantity(_shown(value), number, number)
    if isinstance(value, Mapping):
        return _structured(value, what)
    written = str(value)
    if len(written) > MAX_LENGTH:
        raise QuantityError(
            f"is too long ({len(written):,} characters; at most {MAX_LENGTH:,})", forms=False
        )
    text = " ".join(written.split())
    match = _TEXT.match(text)
    if match is None:
        raise QuantityError(f"{text!r} is not a figure this archive can read")
    qualifier = _QUALIFIERS.get((match.group("q") or "").lower(), "")
    unit = match.group("unit") or ""
    unit = "%" if unit.lower() == "percent" else unit.strip()
    scale_b = match.group("sb")
    scale_a = match.group("sa") or (scale_b if match.group("b") else None)
    first = _number(match.group("a"), scale_a)
    last = _number(match.group("b"), scale_b) if match.group("b") else first
    if max(first, last) >= _LIMIT:
        raise QuantityError(
            f"{text!r} is too large; {what} has at most {MAX_DIGITS} digits", forms=False
        )
    if last < first:
        raise QuantityError(f"{text!r}: the range ends below where it starts")
    approximate = qualifier in ("approx", "below")
    low: float | None = None if qualifier in ("high", "below") else first
    high: float | None = None if qualifier == "low" else last
    return Quantity(text, low, high, approximate, unit)


def _checked(number: int | float, what: str, key: str = "") -> float:
    """``number`` as a float, when it is a finite figure of at most ``MAX_DIGITS`` digits (an
    integer is measured before it is converted: a long one overflows a float)."""
    prefix = f"{key}: " if key else ""
    if isinstance(number, int):
        if abs(number) >= _LIMIT:
            digits = (
                f"{len(str(abs(number))):,}" if number.bit_length() < 10_000 else "thousands of"
            )
            raise QuantityError(
                f"{prefix}{digits} digits; {what} has at most {MAX_DIGITS} digits", forms=False
            )
        return float(number)
    if not math.isfinite(number):
        raise QuantityError(f"{prefix}{number} is not a figure")
    if abs(number) >= _LIMIT:
        raise QuantityError(
            f"{prefix}{number:.3g} is too large; {what} has at most {MAX_DIGITS} digits",
            forms=False,
        )
    return float(number)


def _structured(value: Mapping[str, Any], what: str) -> Quantity:
    unit = str(value.get("unit") or "")
    note = str(value.get("note") or "")
    approximate = bool(value.get("approximate", False))
    numbers = {k: value[k] for k in ("value", "min", "max", "at_least", "at_most") if k in value}
    low: float | None
    high: float | None
    for key, number in numbers.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise QuantityError(f"{key} must be a number")
        _checked(number, what, key)
    if "value" in numbers:
        if len(numbers) > 1:
            raise QuantityError("give value, or min and max, or at_least / at_most: not both")
        low = high = float(numbers["value"])
        text = ("~" if approximate else "") + _shown(numbers["value"])
    elif "min" in numbers or "max" in numbers:
        if set(numbers) - {"min", "max"}:
            raise QuantityError("give min and max, or at_least / at_most: not both")
        if len(numbers) != 2:
            raise QuantityError("a range needs both min and max")
        low, high = float(numbers["min"]), float(numbers["max"])
        if high < low:
            raise QuantityError(f"max ({_shown(high)}) is below min ({_shown(low)})")
        text = ("~" if approximate else "") + f"{_shown(low)}–{_shown(high)}"
    elif "at_least" in numbers and "at_most" not in numbers:
        low, high = float(numbers["at_least"]), None
        text = f"at least {_shown(low)}"
    elif "at_most" in numbers and "at_least" not in numbers:
        low, high = None, float(numbers["at_most"])
        text = f"at most {_shown(high)}"
    else:
        raise QuantityError("give value, min and max, at_least or at_most")
    text += (" %" if unit == "%" else f" {unit}") if unit else ""
    return Quantity(text, low, high, approximate, unit, note)


def _shown(value: float | int) -> str:
    """``1,200``, ``0.5``, ``12``: as a reader expects a figure."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"
