"""Figures as postmortems write them: each keeps its text and reads as an interval with a unit."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest

from mkdocs_postmortem.core.quantities import (
    FORMS,
    QUANTITY_PATTERN,
    Quantity,
    QuantityError,
    read_quantity,
)

INF = math.inf


def _values(quantity: Quantity) -> tuple[float | None, float | None, bool, str]:
    return (quantity.low, quantity.high, quantity.approximate, quantity.unit)


@pytest.mark.parametrize(
    ("value", "text", "low", "high"),
    [
        (80, "80", 80.0, 80.0),
        (0, "0", 0.0, 0.0),
        (-3, "-3", -3.0, -3.0),
        (80.5, "80.5", 80.5, 80.5),
        (1200, "1,200", 1200.0, 1200.0),
        (1234567.25, "1,234,567.25", 1234567.25, 1234567.25),
    ],
)
def test_numbers(value: float, text: str, low: float, high: float) -> None:
    quantity = read_quantity(value)
    assert quantity == Quantity(text, low, high, False, "", "")
    assert quantity.exact == value
    assert quantity.estimate == value


@pytest.mark.parametrize(
    ("written", "low", "high", "approximate", "unit"),
    [
        ("80", 80.0, 80.0, False, ""),
        ("80%", 80.0, 80.0, False, "%"),
        ("80 percent", 80.0, 80.0, False, "%"),
        (".5", 0.5, 0.5, False, ""),
        ("1,234.5", 1234.5, 1234.5, False, ""),
        ("about 80%", 80.0, 80.0, True, "%"),
        ("About 80%", 80.0, 80.0, True, "%"),
        ("~80%", 80.0, 80.0, True, "%"),
        ("~ 80 %", 80.0, 80.0, True, "%"),
        ("≈80%", 80.0, 80.0, True, "%"),
        ("around 80%", 80.0, 80.0, True, "%"),
        ("approximately 80%", 80.0, 80.0, True, "%"),
        ("approx. 80%", 80.0, 80.0, True, "%"),
        ("roughly 80 %", 80.0, 80.0, True, "%"),
        ("some 300 users", 300.0, 300.0, True, "users"),
        ("40-50%", 40.0, 50.0, False, "%"),
        ("40 - 50 %", 40.0, 50.0, False, "%"),
        ("40–50%", 40.0, 50.0, False, "%"),
        ("40—50%", 40.0, 50.0, False, "%"),
        ("40 to 50%", 40.0, 50.0, False, "%"),
        ("about 40-50%", 40.0, 50.0, True, "%"),
        ("50-50%", 50.0, 50.0, False, "%"),
        ("more than 5,000,000", 5_000_000.0, None, False, ""),
        ("over 9000", 9000.0, None, False, ""),
        ("above 10 requests", 10.0, None, False, "requests"),
        ("greater than 3", 3.0, None, False, ""),
        ("≥ 10", 10.0, None, False, ""),
        (">= 10", 10.0, None, False, ""),
        ("at least 300", 300.0, None, False, ""),
        ("up to 2,000", None, 2000.0, False, ""),
        ("at most 10", None, 10.0, False, ""),
        ("under 20%", None, 20.0, False, "%"),
        ("less than 1%", None, 1.0, False, "%"),
        ("fewer than 10 requests", None, 10.0, False, "requests"),
        ("below 5", None, 5.0, False, ""),
        ("<5", None, 5.0, False, ""),
        ("<= 10", None, 10.0, False, ""),
        ("≤ 10", None, 10.0, False, ""),
        ("nearly 100%", None, 100.0, True, "%"),
        ("almost 2,000 customers", None, 2000.0, True, "customers"),
        ("1.2M", 1_200_000.0, 1_200_000.0, False, ""),
        ("2 K", 2000.0, 2000.0, False, ""),
        ("3k", 3000.0, 3000.0, False, ""),
        ("5k-10k", 5000.0, 10000.0, False, ""),
        ("5-10k", 5000.0, 10000.0, False, ""),
        ("5 thousand users", 5000.0, 5000.0, False, "users"),
        ("  about   80  %  ", 80.0, 80.0, True, "%"),
    ],
)
def test_text_forms(
    written: str, low: float | None, high: float | None, approximate: bool, unit: str
) -> None:
    quantity = read_quantity(written)
    assert quantity.text == " ".join(written.split())
    assert _values(quantity) == (low, high, approximate, unit)
    assert quantity.note == ""


@pytest.mark.parametrize(
    ("written", "low", "high", "approximate", "unit"),
    [
        (">5 million", 5_000_000.0, None, False, ""),
        ("5 billion", 5e9, 5e9, False, ""),
        ("1.2 million users", 1_200_000.0, 1_200_000.0, False, "users"),
        ("about 1.5 bn requests", 1.5e9, 1.5e9, True, "requests"),
        ("under 5 minutes", None, 5.0, False, "minutes"),
        ("3 months", 3.0, 3.0, False, "months"),
        ("5 bugs", 5.0, 5.0, False, "bugs"),
    ],
)
def test_scale_words_and_units(
    written: str, low: float | None, high: float | None, approximate: bool, unit: str
) -> None:
    assert _values(read_quantity(written)) == (low, high, approximate, unit)


def test_scale_word_values_are_right_even_where_the_unit_is_not() -> None:
    """A scale word multiplies the figure, whatever unit follows it."""
    assert read_quantity(">5 million").low == 5_000_000.0
    assert read_quantity("1.2 million users").low == 1_200_000.0
    assert read_quantity("about 1.5 bn requests").low == 1.5e9


@pytest.mark.parametrize(
    ("value", "text", "low", "high", "approximate", "unit", "note"),
    [
        ({"value": 80}, "80", 80.0, 80.0, False, "", ""),
        ({"value": 80, "approximate": True, "unit": "%"}, "~80 %", 80.0, 80.0, True, "%", ""),
        (
            {"value": 1200.5, "unit": "users", "note": "from the billing export"},
            "1,200.5 users",
            1200.5,
            1200.5,
            False,
            "users",
            "from the billing export",
        ),
        ({"min": 40, "max": 50}, "40–50", 40.0, 50.0, False, "", ""),
        (
            {"min": 40, "max": 50, "unit": "%", "approximate": True},
            "~40–50 %",
            40.0,
            50.0,
            True,
            "%",
            "",
        ),
        ({"min": 40, "max": 40}, "40–40", 40.0, 40.0, False, "", ""),
        ({"at_least": 5_000_000}, "at least 5,000,000", 5_000_000.0, None, False, "", ""),
        ({"at_most": 10, "unit": "min"}, "at most 10 min", None, 10.0, False, "min", ""),
        ({"at_most": 0.5, "note": "n"}, "at most 0.5", None, 0.5, False, "", "n"),
    ],
)
def test_mapping_forms(
    value: dict[str, Any],
    text: str,
    low: float | None,
    high: float | None,
    approximate: bool,
    unit: str,
    note: str,
) -> None:
    assert read_quantity(value) == Quantity(text, low, high, approximate, unit, note)


@pytest.mark.parametrize(
    ("value", "exact", "estimate"),
    [
        (80, 80.0, 80.0),
        ("80%", 80.0, 80.0),
        ("1.2M", 1_200_000.0, 1_200_000.0),
        ("about 80%", None, 80.0),
        ("~80%", None, 80.0),
        ({"value": 80, "approximate": True}, None, 80.0),
        ({"value": 80}, 80.0, 80.0),
        ({"min": 40, "max": 40}, 40.0, 40.0),
        ("40-50%", None, None),
        ({"min": 40, "max": 50}, None, None),
        ("at least 300", None, None),
        ("up to 2,000", None, None),
        ("nearly 100%", None, None),
    ],
)
def test_exact_and_estimate(value: Any, exact: float | None, estimate: float | None) -> None:
    quantity = read_quantity(value)
    assert quantity.exact == exact
    assert quantity.estimate == estimate


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (
            "about 80%",
            {"text": "about 80%", "low": 80, "high": 80, "approximate": True, "exact": False},
        ),
        (
            "40-50%",
            {"text": "40-50%", "low": 40, "high": 50, "approximate": False, "exact": False},
        ),
        (
            "80.5%",
            {"text": "80.5%", "low": 80.5, "high": 80.5, "approximate": False, "exact": True},
        ),
        (
            "nearly 100%",
            {"text": "nearly 100%", "low": None, "high": 100, "approximate": True, "exact": False},
        ),
    ],
)
def test_as_json(value: str, shown: dict[str, Any]) -> None:
    assert read_quantity(value).as_json() == {**shown, "unit": "%"}


def test_as_json_shows_whole_numbers_as_ints() -> None:
    out = read_quantity({"min": 40, "max": 50.5}).as_json()
    assert (type(out["low"]), type(out["high"])) == (int, float)
    assert read_quantity("up to 2,000").as_json()["low"] is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("many", "'many' is not a figure this archive can read"),
        ("about", "'about' is not a figure this archive can read"),
        ("lots of users", "'lots of users' is not a figure this archive can read"),
        ("", "'' is not a figure this archive can read"),
        ("   ", "'' is not a figure this archive can read"),
        ("80%%", "'80%%' is not a figure this archive can read"),
        ("12,34", "'12,34' is not a figure this archive can read"),
        ("1e5", "'1e5' is not a figure this archive can read"),
        ("50-40%", "'50-40%': the range ends below where it starts"),
        ("5k-4k", "'5k-4k': the range ends below where it starts"),
        ("about 10 to 2", "'about 10 to 2': the range ends below where it starts"),
        (True, "expected a figure, got true"),
        (False, "expected a figure, got false"),
        (math.nan, "nan is not a figure"),
        (INF, "inf is not a figure"),
        (-INF, "-inf is not a figure"),
        ({"value": 80, "min": 70}, "give value, or min and max, or at_least / at_most: not both"),
        (
            {"value": 80, "at_most": 90},
            "give value, or min and max, or at_least / at_most: not both",
        ),
        ({"min": 40}, "a range needs both min and max"),
        ({"max": 50}, "a range needs both min and max"),
        ({"min": 50, "max": 40}, "max (40) is below min (50)"),
        ({"min": 1.5, "max": 1.25}, "max (1.25) is below min (1.5)"),
        ({"at_least": 1, "at_most": 5}, "give value, min and max, at_least or at_most"),
        ({}, "give value, min and max, at_least or at_most"),
        ({"unit": "%"}, "give value, min and max, at_least or at_most"),
        ({"value": "80"}, "value must be a number"),
        ({"value": True}, "value must be a number"),
        ({"value": None}, "value must be a number"),
        ({"min": "40", "max": 50}, "min must be a number"),
        ({"max": 50, "min": [40]}, "min must be a number"),
        ({"at_least": False}, "at_least must be a number"),
        ({"at_most": "10"}, "at_most must be a number"),
    ],
)
def test_refused(value: Any, message: str) -> None:
    with pytest.raises(QuantityError) as caught:
        read_quantity(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "value",
    [
        {"value": math.nan},
        {"value": INF},
        {"min": 0, "max": math.nan},
        {"at_least": INF},
    ],
)
def test_mapping_refuses_nan_and_infinity(value: dict[str, float]) -> None:
    with pytest.raises(QuantityError):
        read_quantity(value)


def test_quantity_error_is_a_value_error() -> None:
    assert issubclass(QuantityError, ValueError)


@pytest.mark.parametrize(
    "written",
    ["80", "about 80%", "~80%", "40-50%", ">5 million", "at least 300", "up to 2,000", "1.2M"],
)
def test_schema_pattern_accepts_what_is_read(written: str) -> None:
    assert re.match(QUANTITY_PATTERN, written, re.IGNORECASE)
    read_quantity(written)


@pytest.mark.parametrize("written", ["many", "80%%", "12,34", "about"])
def test_schema_pattern_refuses_what_is_refused(written: str) -> None:
    assert re.match(QUANTITY_PATTERN, written, re.IGNORECASE) is None


@pytest.mark.parametrize(
    "example",
    [
        "about 80%",
        "~80%",
        "40-50%",
        ">5 million",
        "at least 300",
        "up to 2,000",
        "nearly 100%",
        "1.2M",
    ],
)
def test_every_text_example_of_forms_is_read(example: str) -> None:
    assert example in FORMS
    assert read_quantity(example).text == example
