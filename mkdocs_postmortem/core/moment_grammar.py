"""The forms a moment may be written in: a pattern for each, and their list as an author is
shown it (``FORMS``). Apart from the readers (``moment_points``, ``moment_reader``), so that the
whole grammar reads in one place, and a test can check that no text matches two patterns."""

from __future__ import annotations

import re

FORMS = (
    "2026-01-05 14:02, 14:02 UTC, 06:57 PST, 9:37 AM PDT, ~07:15, about 05:41, "
    "07:01-07:15 PST, after 07:15, before 09:00, 10/27 14:00, Oct 27 14:00, 00:12 (next day), "
    "2026-01-05 (a day), unknown, or {at: ..., until: ..., approximate: ..., zone: ..., note: ...}"
)

_APPROX = re.compile(
    r"^(?:~|≈|±|\+/-|about|around|approximately|approx\.?|circa|ca\.|c\.|roughly|some\s+time\s+around)\s*",
    re.IGNORECASE,
)
_LOWER = re.compile(r"^(shortly\s+after|after|since|no\s+earlier\s+than|from)\s+", re.IGNORECASE)
_UPPER = re.compile(
    r"^(shortly\s+before|before|until|till|by|no\s+later\s+than|up\s+to)\s+", re.IGNORECASE
)
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
_FROM_TO = re.compile(r"^from\s+(.+?)\s+(?:to|until|till|-|–|—)\s+(.+)$", re.IGNORECASE)
_NEXT_DAY = re.compile(r"\s*(?:\(\s*next\s+day\s*\)|\(\s*\+\s*1\s*d(?:ay)?\s*\)|next\s+day)$", re.I)
_RANGE_SEP = re.compile(r"\s*(?:–|—|-)\s*|\s+(?:to|until|till|through)\s+", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+",
    re.IGNORECASE,
)
_ZONE_TAIL = re.compile(
    r"(?:\s*\(\s*(?P<paren>[^()]+?)\s*\)"
    r"|\s+(?P<iana>[A-Za-z][A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)+)"
    r"|\s*(?P<utcoff>(?:UTC|GMT)\s*[+-]\s*[0-9]{1,2}(?::?[0-9]{2})?)"
    r"|\s+(?P<offset>[+-][0-9]{2}:?[0-9]{2})"
    r"|\s+(?P<word>[A-Za-z]{1,9})(?:\s+time)?"
    r"|(?<=[0-9])(?P<glued>(?-i:[A-Z]{3,5})))$",
    re.IGNORECASE,
)
"""A zone after a time: in parentheses, an IANA name, an offset, a word (``14:02 UTC``), or
capitals written against the clock (``11:03PST``), read only when the table knows them."""
_TIME24 = (
    r"(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:\.(?P<F>[0-9]{1,6}))?)?"
    r"(?P<off>Z|[+-][0-9]{2}:?[0-9]{2})?"
)
_TIME12 = r"(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))?\s*(?P<ampm>[AaPp])\.?[Mm]\.?"
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DATES = (
    r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{1,2})-(?P<d>[0-9]{1,2})",
    r"(?P<mo>[0-9]{1,2})/(?P<d>[0-9]{1,2})(?:/(?P<y>[0-9]{4}))?",
    r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>[0-9]{4}))?",
    r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]{3,9})\.?(?:,?\s+(?P<y>[0-9]{4}))?",
)
_MONTH_DAY = r"(?P<mo>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
"""``03-26``: only with a time after it, where it cannot be a range of numbers."""
_JOIN = r"(?:\s*,\s*|\s+at\s+|\s+|T)"
_DATED_POINTS = [
    re.compile(rf"^(?:{d}){_JOIN}(?:{_TIME24}|{_TIME12})$", re.IGNORECASE)
    for d in (*_DATES, _MONTH_DAY)
]
"""A date and its time."""
_ISO_POINT = _DATED_POINTS[0]
"""A full ISO date and time: the one form where ``-08:00`` right after the clock is an offset."""
_DAYS = [re.compile(rf"^(?:{d})$", re.IGNORECASE) for d in _DATES]
"""A date alone."""
_POINTS = [*_DATED_POINTS, re.compile(rf"^(?:{_TIME24}|{_TIME12})$", re.IGNORECASE), *_DAYS]
_UNKNOWN = {"", "unknown", "not known", "?", "n/a", "tbd", "unclear", "...", "…"}
_OR_LATER = re.compile(r"(?<=[0-9])\s*\+$")
"""``2019-11-29 12:00+``: that time or later (a ``+`` after a clock, no offset after it)."""
_WORD_CLOCKS = {"midnight": "00:00", "noon": "12:00", "midday": "12:00"}
"""Clock times written as words; a midnight with no date is the next one after the row before."""
_CLOCK_OR_DATE = re.compile(r"[0-9]:|[0-9]{4}-|[0-9]/[0-9]|[0-9]\s*[AaPp]\.?[Mm]\b")
"""What a time or a date that could not be read looks like: refused rather than kept as words."""
