"""Property-based tests (issue 5, point 3): generated postmortems against the whole plugin.

* Any valid postmortem builds strictly, with no warning, and every scalar value of it is on
  its page.
* Any mutated postmortem (as data, or as the bytes of its YAML file) is either published or
  reported at a line of its file, never an exception out of the plugin, and a valid neighbour
  is still published.

Valid instances come from a strategy derived from the effective schema itself (so a new field
is generated as soon as the schema has it), valid by construction and always checked with the
plugin's validator. hypothesis-jsonschema generates the leaves (patterns, numbers); its object
strategy uses ``cu.many(...).more()``, which this Hypothesis version no longer has, so objects
and lists are built here. Cross-field rules the schema cannot state are generated on purpose:
lifecycle timestamps in order, a real IANA timezone, relations only to an incident that exists,
action items completed on or after the incident's date.

How a value shows on the page (the rule of ``test_example_archive``, imported from there):
booleans as yes/no, everything else as written (dates and timestamps as the author wrote them,
numbers as ``str()`` of the value YAML reads), or for Markdown text as its Markdown renders; the
page text and the forms are compared after whitespace is collapsed. Free text is drawn from an
alphabet whose Markdown rendering is predictable (letters, digits, a few non-ASCII letters,
space, newline and ``.,:;!?'()@%+=-``; none of ``<>[]{}*_`#|&/\\~"``). A value that renders to
nothing (empty, blanks, a rule such as ``---``) and a null (shown as "—" or an empty cell) need
no form; the id of a related incident is shown as that incident writes it, so it compares
case-insensitively.

Each example builds a fresh site (function-scoped fixtures do not reset between examples). Full
MkDocs builds take one to three seconds here, so they run few examples and do not shrink; the
same properties run on the core (loader, archive, renderer; Markdown to HTML with the extensions
the plugin turns on) for many more examples, with shrinking. Bugs these tests found are explicit
examples: they run first, so a test fails at once on a small input while its bug is there.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import re
import string
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import markdown  # type: ignore[import-untyped]
import pytest
import yaml
from fidelity import MARKDOWN_EXTENSIONS as EXAMPLE_EXTENSIONS
from fidelity import scalars, visible_forms
from hostile_cases import (
    ROLLOVER,
    figure,
    incident_yaml,
    unique_id,
)
from hypothesis import HealthCheck, Phase, event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from mkdocs.utils.meta import get_data
from sites import SiteBuilder, article_text, nodes, page_name

from mkdocs_postmortem.core.discover import source_for
from mkdocs_postmortem.core.lifecycle import LIFECYCLE
from mkdocs_postmortem.core.links import URL_REF
from mkdocs_postmortem.core.load import LoadedFile
from mkdocs_postmortem.core.read import DocumentError, PostmortemLoader, parse
from mkdocs_postmortem.core.scale import slugify
from mkdocs_postmortem.core.schema import BUNDLED_ID_PATTERN, effective_schema
from mkdocs_postmortem.core.settings import Settings as PluginSettings
from mkdocs_postmortem.core.site_markdown import DEFAULT_EXTENSIONS
from mkdocs_postmortem.core.validate import SchemaValidator, has_odd_shapes, long_lists, odd_values
from mkdocs_postmortem.core.values import FAR, MOMENT_LISTS
from mkdocs_postmortem.insights.index import build_index
from mkdocs_postmortem.pipeline import Pipeline
from mkdocs_postmortem.render.pages import GeneratedPage

# Hypothesis keeps caches (source constants, Unicode tables) in ./.hypothesis even without an
# example database: keep them out of the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "mkdocs-postmortem-hypothesis")

# Hypothesis settings for this module only. Full builds do not shrink: every step is a build.
_BASE = settings(
    deadline=None,
    database=None,  # no example database: a run does not depend on earlier runs
    derandomize=bool(os.environ.get("CI")),  # reproducible in CI, exploring locally
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
FULL_BUILD = settings(_BASE, max_examples=10, phases=[Phase.explicit, Phase.generate])
CORE = settings(_BASE, max_examples=100, phases=[Phase.explicit, Phase.generate, Phase.shrink])
CORE_MANY = settings(CORE, max_examples=200)
"""For the cheapest core properties (valid pages, ids): no index pages, no assets."""

AS_OF = "2026-06-01"
VALIDATOR = SchemaValidator(
    effective_schema(PluginSettings(docs_dir=".", project_dir=".", as_of=AS_OF))
)
REQUIRED = ("id", "title", "date", "severity", "status", "summary")

# --- Valid instances -------------------------------------------------------------------------

SAFE_CHARS = string.ascii_letters + string.digits + " \n.,:;!?'()@%+=-" + "éüßЖж漢字"
MAX_TEXT = 40
MAX_ITEMS = 3
MAX_OPTIONAL = 5
"""Optional fields drawn per mapping: pages stay small enough to build many."""

ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")
FIRST_DAY, LAST_DAY = date(2018, 1, 1), date(2030, 12, 31)
"""A realistic span: the monthly chart has a bar per month between the first and last date."""

DATES = st.dates(FIRST_DAY, LAST_DAY).map(date.isoformat)
INSTANTS = st.datetimes(
    datetime(2018, 1, 1), datetime(2030, 12, 31), timezones=st.just(timezone.utc)
).map(lambda t: t.replace(microsecond=0))

EXT_KEYS = st.from_regex(r"x-[a-z]{1,8}", fullmatch=True)
EXT_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(SAFE_CHARS, max_size=12),
)
EXT_VALUES = st.one_of(
    EXT_SCALARS,
    st.lists(EXT_SCALARS, max_size=MAX_ITEMS),
    st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), EXT_SCALARS, max_size=3),
)
"""Team extensions (``x-`` fields, any value): scalars, lists and mappings of them."""


CLOCKS = st.times().filter(lambda t: t.hour not in (1, 2)).map(lambda t: t.strftime("%H:%M"))
"""Clock times outside 01:00-02:59, where the regions of ZONES turn their clocks: a local time
skipped or repeated there is refused (it names no instant, or two)."""
MOMENTS = st.one_of(
    CLOCKS,
    DATES,
    st.builds(lambda d, c: f"{d} {c}", DATES, CLOCKS),
    st.builds(
        lambda c, z: f"{c} {z}", CLOCKS, st.sampled_from(["UTC", "Z", "+05:30", "Asia/Tokyo"])
    ),
    CLOCKS.map(lambda c: "~" + c),
    st.builds(lambda a, b: f"between {min(a, b)} and {max(a, b)}", CLOCKS, CLOCKS),
    CLOCKS.map(lambda c: "after " + c),
    st.sampled_from(["unknown", "shortly after", "within minutes"]),
    st.builds(
        lambda c, z, n: {"at": c, "zone": z, "note": n},
        CLOCKS,
        st.sampled_from(["UTC", "-08:00", "Europe/Berlin"]),
        st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(lambda s: s.strip() or "n"),
    ),
)
"""Moments in the written forms the model reads (an arbitrary text may not be one). Zones whose
summer time differs from their abbreviation (EST in July) are left out: they are a warning."""
FIGURES = st.one_of(
    st.integers(0, 100),
    st.sampled_from(["about 80%", "40-50%", "at least 30", "up to 20", "nearly 100%", "~12"]),
    st.builds(lambda v: {"value": v}, st.integers(0, 100)),
    st.builds(
        lambda a, b: {"min": min(a, b), "max": max(a, b)}, st.integers(0, 100), st.integers(0, 100)
    ),
    st.builds(lambda v: {"at_least": v}, st.integers(0, 100)),
)
"""Figures a share in percent can hold too (at most 100), in every written form."""
DUE_PERIODS = st.one_of(
    DATES,
    DATES.map(lambda d: d[:7]),
    st.builds(lambda y, q: f"{y}-Q{q}", st.integers(1990, 2030), st.integers(1, 4)),
    st.builds(lambda y, h: f"{y}-H{h}", st.integers(1990, 2030), st.integers(1, 2)),
)


def texts(min_size: int = 0, max_size: int = MAX_TEXT) -> st.SearchStrategy[str]:
    return st.text(SAFE_CHARS, min_size=min_size, max_size=min(max_size, MAX_TEXT))


_ALNUM = string.ascii_letters + string.digits
URLS = st.text(_ALNUM, max_size=12).map("https://example.org/{}".format)
"""URL fields: addresses that lead somewhere (a relative one must name a file of the docs,
which a generated document does not hold; the link tests try those)."""
IDS = st.builds(
    lambda first, parts, end: (first + "".join(parts) + end)[:64],
    st.sampled_from(_ALNUM),
    st.lists(st.sampled_from(_ALNUM + "_-") | st.sampled_from(_ALNUM + "_-").map(".{}".format)),
    st.sampled_from(["", "."]),
)
"""Incident ids as the schema's pattern allows them (no '..'), built without its look-ahead:
Hypothesis' regex strategy cannot generate it, hypothesis-jsonschema filters and often gives up."""


class SchemaStrategies:
    """A strategy per schema node: valid by construction for the keywords the bundled schema
    uses ($ref, anyOf, enum, type, format, pattern, lengths, bounds, required, x- fields)."""

    FORMATS: Mapping[str, st.SearchStrategy[str]] = {
        "date": DATES,
        "postmortem-timestamp": INSTANTS.map(lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")),
    }

    max_optional = MAX_OPTIONAL

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.defs: Mapping[str, Any] = schema.get("$defs", {})

    def resolve(self, node: Mapping[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = self.resolve(self.defs[ref.removeprefix("#/$defs/")])
            return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return dict(node)

    def of(self, raw: Mapping[str, Any]) -> st.SearchStrategy[Any]:
        if raw.get("$ref") == URL_REF:
            return URLS
        node = self.resolve(raw)
        kind_name = str(node.get("x-kind", ""))
        if kind_name.startswith("moment"):
            return MOMENTS
        if kind_name.startswith("figure"):
            return FIGURES
        if kind_name.startswith("due"):
            return DUE_PERIODS
        if "anyOf" in node:
            base = {k: v for k, v in node.items() if k != "anyOf"}
            return st.one_of([self.of(_merge(base, self.resolve(o))) for o in node["anyOf"]])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        if node.get("format") in self.FORMATS:
            return self.FORMATS[node["format"]]
        kind = node.get("type")
        if isinstance(kind, list):
            return st.one_of([self.of({**node, "type": k}) for k in kind])
        if kind == "object":
            return self.mapping(node)
        if kind == "array":
            return self.array(node)
        if kind == "string" and "pattern" not in node:
            return texts(node.get("minLength", 0), node.get("maxLength", MAX_TEXT))
        if node.get("pattern") == BUNDLED_ID_PATTERN:
            return IDS
        if kind is None:
            return EXT_VALUES  # free-form (team extension)
        # Imported here, after set_hypothesis_home_dir: importing it writes a Unicode cache.
        from hypothesis_jsonschema import from_schema

        leaf = {k: v for k, v in node.items() if k not in ("title", "description", "x-expected")}
        return from_schema(leaf)

    def array(self, node: Mapping[str, Any]) -> st.SearchStrategy[list[Any]]:
        unique = bool(node.get("uniqueItems"))
        return st.lists(
            self.of(node.get("items", {})),
            min_size=node.get("minItems", 0),
            max_size=min(node.get("maxItems", MAX_ITEMS), MAX_ITEMS),
            unique_by=(lambda v: json.dumps(v, sort_keys=True)) if unique else None,
        )

    def mapping(
        self, node: Mapping[str, Any], skip: frozenset[str] = frozenset()
    ) -> st.SearchStrategy[dict[str, Any]]:
        props = {k: self.of(v) for k, v in node.get("properties", {}).items() if k not in skip}
        required = [k for k in node.get("required", []) if k in props]
        optional = [k for k in props if k not in required]
        extensible = "^x-" in node.get("patternProperties", {})

        @st.composite
        def build(draw: st.DrawFn) -> dict[str, Any]:
            chosen: set[str] = set()
            if optional:
                picks = st.lists(st.sampled_from(optional), unique=True, max_size=self.max_optional)
                chosen = set(draw(picks))
            out = {k: draw(s) for k, s in props.items() if k in required or k in chosen}
            if extensible:
                for key in draw(st.lists(EXT_KEYS, unique=True, max_size=1)):
                    out[key] = draw(EXT_VALUES)
            return out

        return build()


def _merge(base: Mapping[str, Any], option: Mapping[str, Any]) -> dict[str, Any]:
    """A branch of anyOf with its parent's keywords; ``required`` lists add up."""
    merged = {**base, **option}
    if "required" in base and "required" in option:
        merged["required"] = [*base["required"], *option["required"]]
    return merged


SCHEMA = VALIDATOR.schema
GENERATOR = SchemaStrategies(SCHEMA)
SPECIAL = frozenset({"timestamps", "timezone", "related_incidents"})
"""Top-level fields with rules beyond the schema, generated below."""
BODIES = GENERATOR.mapping(SCHEMA, skip=SPECIAL)
RELATION_TYPES: list[str] = SCHEMA["properties"]["related_incidents"]["items"]["anyOf"][1][
    "properties"
]["type"]["enum"]
OPPOSITES = ({"caused-by", "causes"}, {"parent-of", "child-of"})
"""Both directions of one kind to the same incident form a cycle, which is reported."""


@st.composite
def written_timestamp(draw: st.DrawFn, instant: datetime, zone_name: str) -> str:
    """``instant`` as an author may write it: Z, an offset, or the incident's local time where
    the postmortem names its zone (``zone_name``; without one, a time without a zone beside
    others with one is warned about)."""
    style = draw(st.sampled_from(["Z", "+HH:MM", "+HHMM"] + (["local"] if zone_name else [])))
    if style == "local":
        tz = ZoneInfo(zone_name)
        local = instant.astimezone(tz).replace(tzinfo=None, fold=0)
        if local.replace(tzinfo=tz).utcoffset() != local.replace(tzinfo=tz, fold=1).utcoffset():
            local, style = instant.replace(tzinfo=None), "Z"  # one of two 01:30s: refused
    elif style == "Z":
        local = instant.replace(tzinfo=None)
    else:
        minutes = draw(st.integers(-(12 * 60), 14 * 60))  # the offsets zones keep
        local = instant.astimezone(timezone(timedelta(minutes=minutes))).replace(tzinfo=None)
        sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
        style = f"{sign}{minutes // 60:02d}{':' if style == '+HH:MM' else ''}{minutes % 60:02d}"
    text = local.strftime("%Y-%m-%d") + draw(st.sampled_from("T ")) + local.strftime("%H:%M")
    if local.second or draw(st.booleans()):
        text += f":{local.second:02d}"
    return text + ("" if style == "local" else style)


@st.composite
def lifecycle(draw: st.DrawFn, zone_name: str) -> dict[str, Any]:
    """Some of the lifecycle timestamps, in order (the plugin warns about any other order)."""
    keys = [k for k in LIFECYCLE if draw(st.booleans())]
    instants = sorted(draw(st.lists(INSTANTS, min_size=len(keys), max_size=len(keys))))
    out: dict[str, Any] = {
        k: draw(written_timestamp(t, zone_name)) for k, t in zip(keys, instants, strict=True)
    }
    for key in draw(st.lists(EXT_KEYS, unique=True, max_size=1)):
        out[key] = draw(EXT_VALUES)
    return out


@st.composite
def relations(draw: st.DrawFn, target: str) -> list[Any]:
    """Relations to ``target`` (an incident of the archive), as bare ids or mappings."""
    ref = st.sampled_from([target, target.lower(), target.upper()])
    entry = st.one_of(
        ref,
        st.fixed_dictionaries(
            {"id": ref},
            optional={"type": st.sampled_from(RELATION_TYPES), "note": texts()},
        ),
    )
    entries = draw(st.lists(entry, min_size=1, max_size=MAX_ITEMS))
    kinds = {e.get("type") for e in entries if isinstance(e, dict)}
    if any(pair <= kinds for pair in OPPOSITES):
        entries = [e for e in entries if not isinstance(e, dict) or e.get("type") not in kinds]
        entries = entries or [target]
    return entries


@st.composite
def valid_incidents(draw: st.DrawFn, related_to: str | None = None) -> dict[str, Any]:
    data = draw(BODIES)
    zone_name = ""
    if draw(st.booleans()):
        zone_name = data["timezone"] = draw(st.sampled_from(ZONES))
    if draw(st.booleans()):
        data["timestamps"] = draw(lifecycle(zone_name))
    _date_far_day_rows(data)
    _complete_after_the_incident(data)
    if not zone_name and _writes_zones(data):
        # Times without a zone beside times with one are warned about where the postmortem
        # does not say its zone: a valid postmortem that mixes them says it.
        data["timezone"] = "UTC"
    if related_to is not None and draw(st.booleans()):
        data["related_incidents"] = draw(relations(related_to))
    return data


DAY_ROW = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _complete_after_the_incident(data: dict[str, Any]) -> None:
    """An action item completed before its incident's date is a wrong date, warned about: a
    valid postmortem's items are completed on or after it."""
    for item in data.get("action_items") or ():
        done = item.get("completed") if isinstance(item, dict) else None
        if isinstance(done, str) and DAY_ROW.fullmatch(done) and done < data["date"]:
            item["completed"] = data["date"]


def _date_far_day_rows(data: dict[str, Any]) -> None:
    """A time without a date under a row that is only a day, far from the incident's date, is
    warned about (the source may have meant the incident's day): a valid postmortem's day rows
    are near its date."""
    day = date.fromisoformat(data["date"])
    for path in MOMENT_LISTS:
        rows: Any = data
        for key in path:
            rows = rows.get(key) if isinstance(rows, dict) else None
        for row in rows if isinstance(rows, list) else ():
            written_ = row.get("time") if isinstance(row, dict) else None
            far = isinstance(written_, str) and DAY_ROW.fullmatch(written_)
            if far and abs(date.fromisoformat(str(written_)) - day) > FAR:
                row["time"] = data["date"]


ZONED = re.compile(r"[0-9]{2}:[0-9]{2} \S+|[0-9-]{10}[T ][0-9:]{5,8}(?:Z|[+-][0-9:]{4,5})")
"""A moment of MOMENTS or ``lifecycle`` written with its zone."""


def _writes_zones(value: Any) -> bool:
    """Whether a generated document writes a zone on some moment."""
    if isinstance(value, dict):
        zoned = "at" in value and "zone" in value
        return zoned or any(_writes_zones(v) for v in value.values())
    if isinstance(value, list):
        return any(_writes_zones(v) for v in value)
    return isinstance(value, str) and ZONED.fullmatch(value) is not None


def neighbour(incident_id: str, day: str = "2026-01-05") -> dict[str, Any]:
    return {
        "id": incident_id,
        "title": "Good neighbour",
        "date": day,
        "severity": "SEV2",
        "status": "final",
        "summary": "The valid file next to the generated one.",
    }


@dataclass(frozen=True)
class Generated:
    """Generated incidents and a valid neighbour they may relate to, with distinct URLs."""

    incidents: tuple[dict[str, Any], ...]
    neighbour: dict[str, Any]


@st.composite
def archives(draw: st.DrawFn, size: int = 1) -> Generated:
    other = draw(IDS)
    taken = {slugify(other)}  # look-alike ids are a property of their own, tested below
    incidents = []
    for _ in range(size):
        data = draw(valid_incidents(related_to=other))
        for n in itertools.count():
            if slugify(data["id"]) not in taken:
                break
            data["id"] = f"G{n}-{data['id']}"[:64]
        taken.add(slugify(data["id"]))
        incidents.append(data)
    # The same day: the monthly chart (a bar per month in between) stays cheap to draw.
    return Generated(tuple(incidents), neighbour(other, incidents[0]["date"]))


# --- YAML as an author writes it --------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Writes with the plugin loader's implicit types, so every value reads back as written
    (``0o17`` and ``1.5e3`` get quotes; dates and ``yes`` stay plain, as authors write them)."""


_Dumper.yaml_implicit_resolvers = PostmortemLoader.yaml_implicit_resolvers


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def check_valid(data: dict[str, Any]) -> str:
    """The YAML of a generated instance, after checking it is what the plugin will read."""
    text = dump(data)
    assert parse(text).data == data, "the generated YAML does not read back as generated"
    fast, detailed = VALIDATOR.is_valid(data), VALIDATOR.detailed_issues(data)
    assert fast == (not detailed), f"the two validators disagree: {fast=} {detailed=}"
    assert fast, f"the generator made an invalid instance: {detailed}"
    return text


# --- Mutations of a valid instance ------------------------------------------------------------

Where = tuple[Any, ...]

KEYS = st.one_of(
    st.text(max_size=10),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
)
"""Mapping keys as YAML can write them: also numbers, booleans and null."""
WILD_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=30),
    st.binary(max_size=12),  # !!binary
    st.dates(),  # !!timestamp
    st.datetimes(),
    st.sets(st.text(max_size=4), max_size=3),  # !!set
)
WILD = st.recursive(
    WILD_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=8,
)
"""Any value YAML can hold, of any type."""
DATE_LIKE = st.one_of(
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(2000, 2040),
        st.integers(0, 13),
        st.integers(0, 32),
    ),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?\Z"),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["2026-02-30", "2026-13-01", "2025-02-29", "0000-01-01", "2026-1-5"]),
)
"""Dates and timestamps that look right and may not be: other digits, impossible days. Real
dates stay within a few decades: a published incident far away in time makes the monthly chart
draw a bar for every month in between (from year 1: 24,000 bars, half a minute)."""
DEEP = "DEEPNESTINGMARKER"


def _at(doc: Any, where: Where) -> Any:
    for part in where:
        doc = doc[part]
    return doc


def _parent(doc: Any, where: Where) -> Any:
    return _at(doc, where[:-1])


def _set(doc: Any, where: Where, value: Any) -> None:
    _parent(doc, where)[where[-1]] = value


def _pick(draw: st.DrawFn, doc: dict[str, Any], test: Callable[[Any], bool]) -> Where | None:
    candidates = [w for w, v in nodes(doc) if w and test(v)]
    return draw(st.sampled_from(candidates)) if candidates else None


def _delete(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where = _pick(draw, doc, lambda v: True)
    if where is not None:
        del _parent(doc, where)[where[-1]]
    return f"delete {where}"


def _delete_required(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    key = draw(st.sampled_from(REQUIRED))
    doc.pop(key, None)
    return f"delete required {key}"


def _retype(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where = _pick(draw, doc, lambda v: True)
    if where is not None:
        _set(doc, where, draw(WILD))
    return f"new value at {where}"


def _unknown_key(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where = draw(st.sampled_from([w for w, v in nodes(doc) if isinstance(v, dict)]))
    _at(doc, where)[draw(KEYS)] = draw(WILD)
    return f"unknown key in {where}"


def _near_miss(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """An enum value (or any text) almost right: case, blanks, a letter more or less."""
    where = _pick(draw, doc, lambda v: isinstance(v, str) and bool(v))
    if where is not None:
        s: str = _parent(doc, where)[where[-1]]
        options = [s.upper(), s.lower(), s.title(), s + " ", " " + s, s + "x", s[:-1]]
        options += [s.replace("-", "_"), s.replace("-", " "), s + "\u200b", s + "\t"]
        _set(doc, where, draw(st.sampled_from(options)))
    return f"near miss at {where}"


def _bad_date(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    looks_like_date = re.compile(r"\d{4}-\d{2}-\d{2}").match
    where = _pick(draw, doc, lambda v: isinstance(v, str) and bool(looks_like_date(v)))
    _set(doc, where or ("date",), draw(DATE_LIKE))
    return f"bad date at {where}"


def _long_text(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where = _pick(draw, doc, lambda v: not isinstance(v, (dict, list)))
    piece = draw(st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=8))
    value = (piece * (draw(st.integers(300, 30_000)) // len(piece) + 1))[:30_000]
    _set(doc, where or ("title",), value)
    return f"long text at {where}"


def _swap(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A mapping written as a list, a list as a mapping, a value as either."""
    where = _pick(draw, doc, lambda v: True)
    if where is not None:
        value = _parent(doc, where)[where[-1]]
        if isinstance(value, dict):
            swapped: Any = list(value.values())
        elif isinstance(value, list):
            swapped = {str(i): v for i, v in enumerate(value)}
        else:
            swapped = draw(st.sampled_from([[value], {"value": value}]))
        _set(doc, where, swapped)
    return f"swap at {where}"


def _deep(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A value nested hundreds of levels deep (written into the YAML text by ``dump_mutated``).
    Hypothesis raises the recursion limit while it runs a test: see the plain test at the end."""
    where = _pick(draw, doc, lambda v: True) or ("summary",)
    depth = draw(st.one_of(st.integers(1, 60), st.integers(300, 1100)))
    kind = draw(st.sampled_from(["list", "map"]))
    _set(doc, where, f"{DEEP}{depth}{kind}")
    return f"nesting {depth} deep ({kind}) at {where}"


MUTATIONS = [
    _delete,
    _delete_required,
    _retype,
    _unknown_key,
    _near_miss,
    _bad_date,
    _long_text,
    _swap,
    _deep,
]


def dump_mutated(doc: Any) -> str:
    text = dump(doc)
    return re.sub(
        rf"{DEEP}(\d+)(list|map)",
        lambda m: (
            "[" * int(m[1]) + "]" * int(m[1])
            if m[2] == "list"
            else "{a: " * int(m[1]) + "1" + "}" * int(m[1])
        ),
        text,
    )


@dataclass(frozen=True)
class Case:
    """Mutated postmortem files (name -> bytes) and the valid neighbour beside them."""

    files: dict[str, bytes]
    neighbour: dict[str, Any]
    steps: tuple[str, ...]


def mutate_data(draw: st.DrawFn, data: dict[str, Any]) -> tuple[bytes, list[str]]:
    doc = copy.deepcopy(data)
    steps = [draw(st.sampled_from(MUTATIONS))(draw, doc) for _ in range(draw(st.integers(1, 3)))]
    return dump_mutated(doc).encode("utf-8"), steps


TOKENS = [
    b"\n", b"  ", b"\t", b": ", b"- ", b"? ", b"#", b"'", b'"', b"{", b"}", b"[", b"]", b",",
    b"&a ", b"*a", b"<<: *a\n", b"!!binary ", b"!!set ", b"!!timestamp ", b"!!python/none ",
    b"!local ", b"---\n", b"...\n", b"%YAML 1.1\n", b"|\n", b">-\n", b"~", b"null", b"1: ",
    b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xc3", b"\r", b"\x85", b"\xe2\x80\xa8",
]  # fmt: skip
"""Bytes that matter to YAML and to UTF-8."""


def mutate_text(draw: st.DrawFn, data: dict[str, Any]) -> tuple[bytes, list[str]]:
    """The YAML file of a valid instance with bytes inserted, deleted, copied or cut off."""
    raw = bytearray(dump(data).encode("utf-8"))
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw)))
        op = draw(st.sampled_from(["insert", "token", "delete", "truncate", "copy", "indent"]))
        if op == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=6))
        elif op == "token":
            raw[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del raw[at : at + draw(st.integers(1, 40))]
        elif op == "truncate":
            del raw[at:]
        elif op == "copy":
            end = draw(st.integers(at, min(len(raw), at + 200)))
            raw[at:at] = raw[at:end]
        else:  # indent a line differently
            start = raw.rfind(b"\n", 0, at) + 1
            raw[start:start] = b" " * draw(st.integers(1, 5))
        steps.append(f"{op} at {at}")
    return bytes(raw), steps


@st.composite
def cases(draw: st.DrawFn, *mutators: Callable[..., tuple[bytes, list[str]]]) -> Case:
    """One file per mutator (``b-0.yaml``, ...), each from its own valid instance."""
    generated = draw(archives(len(mutators)))
    files, steps = {}, []
    for n, (mutate, data) in enumerate(zip(mutators, generated.incidents, strict=True)):
        content, done = mutate(draw, data)
        files[f"b-{n}.yaml"] = content
        steps += [f"b-{n}.yaml: {step}" for step in done]
    return Case(files, generated.neighbour, tuple(steps))


# --- The core pipeline, without MkDocs --------------------------------------------------------

MARKDOWN_EXTENSIONS = list(DEFAULT_EXTENSIONS)
"""MkDocs' built-in extensions and the ones the plugin turns on."""


@dataclass
class CoreRun:
    files: dict[str, LoadedFile]
    """Loaded files by file name."""
    pages: dict[str, GeneratedPage]
    """Incident pages (published or preview) by incident id."""


class Core:
    """One loader and renderer for many examples (compiling them is what a build costs)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs = root / "docs"
        (self.docs / "postmortems").mkdir(parents=True, exist_ok=True)
        self.settings = PluginSettings(docs_dir=str(self.docs), project_dir=str(root), as_of=AS_OF)
        self.pipeline = Pipeline(self.settings)

    def run(self, files: Mapping[str, bytes], *, whole: bool = True) -> CoreRun:
        """Load and render ``files`` (name -> content) as the whole archive: with ``whole``,
        through ``pipeline.run`` (every page and asset); otherwise only the steps that make
        the incident pages (load, cross-file checks, archive, incident pages), unguarded, for
        the properties of valid files: four to ten times faster."""
        sources = []
        for name, content in files.items():
            path = self.docs / "postmortems" / name
            path.write_bytes(content)
            sources.append(source_for(self.settings, f"postmortems/{name}", str(path)))
        try:
            if whole:
                result = self.pipeline.run(sources, in_nav=True)
                loaded, pages = result.archive.files, result.pages
            else:
                loaded = self.pipeline.check(sources)
                archive = build_index(self.settings, loaded)
                shown = [i for i in map(archive.page_of, archive.files) if i is not None]
                pages = [self.pipeline.renderer.incident_page(archive, i) for i in shown]
        finally:
            for name in files:
                (self.docs / "postmortems" / name).unlink()
        return CoreRun(
            {f.source.src_uri.removeprefix("postmortems/"): f for f in loaded},
            {p.incident.id: p for p in pages if p.incident is not None},
        )


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Core:
    return Core(tmp_path_factory.mktemp("core"))


def page_text(page: GeneratedPage) -> str:
    """The text of a generated page, rendered as MkDocs renders it (without a theme), with the
    hover text that holds a value as written (a time shown as its clock time)."""
    body, _ = get_data(page.text)
    fences = {"custom_fences": [{"name": "mermaid", "class": "mermaid"}]}
    html = markdown.markdown(
        body,
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs={"pymdownx.superfences": fences},
    )
    return article_text(f'<article class="md-content__inner">{html}</article>', hover=True)


def markdown_text(text: str) -> str:
    """What ``text`` shows as Markdown (the second form of ``visible_forms``)."""
    html = markdown.markdown(text, extensions=EXAMPLE_EXTENSIONS)
    return article_text(f'<article class="md-content__inner">{html}</article>')


RELATION_ID = re.compile(r"related_incidents\[\d+\](\.id)?")
"""Relations show the other incident by its own id, which the author may write in any case."""


def missing_values(data: dict[str, Any], page: str) -> list[tuple[str, Any]]:
    """The scalars of ``data`` that are not on ``page`` in any of their visible forms."""
    missing = []
    for where, value in scalars(data):
        if value is None:
            continue  # shown as "—", or as an empty cell
        if isinstance(value, str) and not markdown_text(value):
            continue  # Markdown that shows no text: blanks, a rule such as ---
        forms, text = visible_forms(value), page
        if RELATION_ID.fullmatch(where):
            forms, text = [f.casefold() for f in forms], page.casefold()
        if forms and not any(form in text for form in forms):
            missing.append((where, value))
    return missing


PROBLEM = re.compile(
    r"docs/postmortems/(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<field>.+?): "
)
"""A problem as the plugin logs it: ``docs/postmortems/x.yaml:LINE:COL: field.path: message``."""


def assert_reported_or_published(run: CoreRun, name: str, content: bytes) -> str:
    """The core half of the mutation property, for the file ``name``; says which case it is."""
    loaded = run.files[name]
    lines = len(content.decode("utf-8", "replace").splitlines()) + 1  # YAML's breaks too
    for problem in loaded.problems:
        assert problem.file == f"docs/postmortems/{name}", problem
        assert 1 <= problem.line <= lines and problem.column >= 1, str(problem)
        assert PROBLEM.match(str(problem)), str(problem)
    if loaded.incident is None:
        assert any(p.blocking for p in loaded.problems), "unpublished without a problem"
        return "reported" + (", with a preview page" if loaded.preview else "")
    assert loaded.incident.id in run.pages, "published without a page"
    return "published" + (" with warnings" if loaded.problems else "")


# --- Bugs these tests found, kept as regression examples ---------------------------------------
# Explicit examples run first: had a bug come back, its test fails at once, on a small input
# (no search, no shrinking). (Arabic-Indic digits in times, once accepted by one validator and
# not the other, are now refused by both: that file is among DISAGREEMENTS.)

T = TypeVar("T", bound=Callable[..., Any])


def known_bugs(name: str, *values: Any) -> Callable[[T], T]:
    def apply(test: T) -> T:
        for value in reversed(values):
            test = example(**{name: value})(test)
        return test

    return apply


def incident(**fields: Any) -> dict[str, Any]:
    return {**neighbour("INC-A"), "title": "Known bug", **fields}


HEAD = "id: INC-A\ntitle: Known bug\ndate: 2026-01-05\nseverity: SEV2\nstatus: final\nsummary: s\n"


def known_file(*contents: str) -> Case:
    files = {f"b-{n}.yaml": text.encode("utf-8") for n, text in enumerate(contents)}
    return Case(files, neighbour("INC-GOOD"), ("a known bug",))


VALID_BUGS = [
    # A relation to an id with '.', '_' or a trailing '-': "no incident with id 'INC_1'".
    Generated((incident(related_incidents=["INC_1"]),), neighbour("INC_1")),
    # Two relations to one incident: the second note is not on the page.
    Generated(
        (incident(related_incidents=["INC-B", {"id": "INC-B", "note": "Second note"}]),),
        neighbour("INC-B"),
    ),
    # A mitigation step's language without a command is not on the page.
    Generated(
        (incident(resolution={"mitigation_steps": [{"action": "Restart", "language": "bash"}]}),),
        neighbour("INC-B"),
    ),
]
CRASHES = [
    known_file(HEAD + "1: a mapping key that is a number\n"),  # ValueError (jsonschema-rs)
    known_file("title: t\ndocument:\n  null: x\n"),  # TypeError (jsonschema)
    known_file(HEAD.replace("title: Known bug", "title: !!binary aGVsbG8=")),  # ValueError
    known_file(HEAD + "x-team: !!set {a, b}\n"),  # TypeError (incidents.json)
    known_file(HEAD + "x-team: !!timestamp 2026-01-05\n"),  # TypeError (incidents.json)
]
"""Files that raise out of ``pipeline.run``."""
DISAGREEMENTS = [
    known_file(HEAD.replace("2026-01-05", "0000-01-05")),  # published with an invalid date
    known_file(HEAD + "timeline:\n  - time: '10:3\u0660'\n    event: Paged\n"),
]


# --- (a) Valid instances ----------------------------------------------------------------------


@CORE_MANY
@known_bugs("generated", *VALID_BUGS)
@given(generated=archives())
def test_core_valid_instance_renders_every_value(core: Core, generated: Generated) -> None:
    (data,) = generated.incidents
    note(dump(data))
    run = core.run(
        {
            "generated.yaml": check_valid(data).encode("utf-8"),
            "neighbour.yaml": check_valid(generated.neighbour).encode("utf-8"),
        },
        whole=False,
    )
    assert not [str(p) for f in run.files.values() for p in f.problems]
    page = page_text(run.pages[data["id"]])
    assert not missing_values(data, page), page


@FULL_BUILD
@known_bugs("generated", VALID_BUGS[0])
@given(generated=archives())
def test_valid_instances_build_strictly_with_every_value_on_their_pages(
    generated: Generated,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = SiteBuilder(Path(tmp) / "project")
        site.plugin_options = {"as_of": AS_OF}
        site.add("postmortems/neighbour.yaml", check_valid(generated.neighbour))
        for n, data in enumerate(generated.incidents):
            note(dump(data))
            site.add(f"postmortems/generated-{n}.yaml", check_valid(data))
        result = site.build(strict=True)
        assert not result.warnings
        assert not result.aborted
        for data in generated.incidents:
            page = result.text_with_hover(f"postmortems/incidents/{page_name(data['id'])}/")
            assert not missing_values(data, page), page
        other = result.text(f"postmortems/incidents/{page_name(generated.neighbour['id'])}/")
        assert "Good neighbour" in other


def look_alikes(incident_id: str) -> list[str]:
    """Other ids that read almost the same: case, punctuation, a trailing separator."""
    variants = [incident_id.swapcase(), incident_id + "-", incident_id + "_", incident_id + "."]
    variants += [re.sub(r"[-_.]", sep, incident_id) for sep in "-_."]
    return [v for v in variants if re.fullmatch(BUNDLED_ID_PATTERN, v)]


@st.composite
def id_pairs(draw: st.DrawFn) -> tuple[str, str]:
    first = draw(IDS)
    second = draw(st.one_of(IDS, st.sampled_from(look_alikes(first))))
    return first, second


@CORE_MANY
@example(ids=("INC.1", "INC-1"))  # look-alikes: one page each, or one reported
@given(ids=id_pairs())
def test_core_distinct_ids_get_distinct_pages(core: Core, ids: tuple[str, str]) -> None:
    """Ids are unique case-insensitively; any two that differ get a page each, or one is
    reported (two pages on one URL: MkDocs keeps one and blames a docs file)."""
    first, second = ids
    run = core.run(
        {
            "a.yaml": dump(neighbour(first)).encode("utf-8"),
            "b.yaml": dump(neighbour(second)).encode("utf-8"),
        },
        whole=False,
    )
    uris = [p.src_uri for p in run.pages.values()]
    reported = any(f.problems for f in run.files.values())
    assert reported or len(set(uris)) == 2, f"{first!r} and {second!r} share {uris}"


# --- (b) Mutated instances --------------------------------------------------------------------


def _show(case: Case) -> None:
    note("\n".join(case.steps))
    for name, content in case.files.items():
        note(f"--- {name}\n{content.decode('utf-8', 'replace')[:3000]}")


def _core_mutation_property(core: Core, case: Case) -> None:
    _show(case)
    run = core.run({"a-good.yaml": check_valid(case.neighbour).encode("utf-8"), **case.files})
    good = run.files["a-good.yaml"]
    assert good.incident is not None and case.neighbour["id"] in run.pages
    assert all(not p.blocking for p in good.problems), good.problems
    for name, content in case.files.items():
        event("mutated file: " + assert_reported_or_published(run, name, content))


@CORE
@known_bugs("case", *CRASHES)
@given(case=cases(mutate_data))
def test_core_mutated_instance_is_published_or_reported(core: Core, case: Case) -> None:
    _core_mutation_property(core, case)


@CORE
@known_bugs("case", CRASHES[3])
@given(case=cases(mutate_text))
def test_core_mutated_yaml_text_is_published_or_reported(core: Core, case: Case) -> None:
    _core_mutation_property(core, case)


@CORE
@known_bugs("case", *DISAGREEMENTS)
@given(case=cases(mutate_data))
def test_fast_and_detailed_validation_agree(case: Case) -> None:
    """Valid files are checked by jsonschema-rs only; it must accept exactly what jsonschema
    (which explains the problems) accepts, or a file is published with an invalid value."""
    _show(case)
    try:
        data = parse(case.files["b-0.yaml"].decode("utf-8")).data
    except DocumentError:
        return  # not a mapping: nothing to validate
    if odd_values(data):
        return  # keys that are not text, NaN: the loader refuses them before any validator
    fast = VALIDATOR.is_valid(data)
    detailed = VALIDATOR.detailed_issues(data)
    assert fast == (not detailed), (fast, detailed)


TWO_CRASHES = known_file(
    HEAD + "1: a mapping key that is a number\n",
    HEAD.replace("INC-A", "INC-B") + "x-team: !!timestamp 2026-01-05\n",
)


@FULL_BUILD
@known_bugs("case", TWO_CRASHES)
@given(case=cases(mutate_data, mutate_text))
def test_mutated_files_are_published_or_reported(case: Case) -> None:
    """One build per example: a valid neighbour, a file mutated as data and one mutated as
    YAML text. No exception, no abort; each file has its page or a problem at a line."""
    _show(case)
    with tempfile.TemporaryDirectory() as tmp:
        site = SiteBuilder(Path(tmp) / "project")
        site.plugin_options = {"as_of": AS_OF}
        site.add("postmortems/a-good.yaml", check_valid(case.neighbour))
        for name, content in case.files.items():
            site.add(f"postmortems/{name}", content)
        result = site.build()  # an exception out of the plugin fails the test here
        assert not result.aborted
        good = result.text(f"postmortems/incidents/{page_name(case.neighbour['id'])}/")
        assert "Good neighbour" in good
        for name, content in case.files.items():
            prefix = f"docs/postmortems/{name}:"
            named = [w for w in result.warnings if w.startswith(prefix) and PROBLEM.match(w)]
            if not named:  # then it is valid, and has its page
                data = parse(content.decode("utf-8-sig")).data
                assert result.exists(f"postmortems/incidents/{page_name(data['id'])}/"), name


def test_deeply_nested_value_is_reported(core: Core) -> None:
    """Found as a RecursionError out of ``Loader.load`` (preview salvage), fixed in 785a67d.
    Not a property: Hypothesis raises the recursion limit while (and after) it runs tests, so
    this runs with Python's default limit, as ``mkdocs build`` does."""
    content = HEAD.replace("summary: s", "summary: " + "{a: " * 700 + "1" + "}" * 700).encode()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        run = core.run({"b-0.yaml": content})
    finally:
        sys.setrecursionlimit(limit)
    assert_reported_or_published(run, "b-0.yaml", content)


_YAML_KEYS = st.one_of(
    st.text(max_size=3), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=True)
)
_YAML_VALUES = st.recursive(
    st.one_of(st.text(max_size=3), st.integers(), st.booleans(), st.none(), st.floats()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(_YAML_KEYS, inner, max_size=4)
    ),
    max_leaves=25,
)


@CORE_MANY
@given(data=_YAML_VALUES, limit=st.integers(min_value=0, max_value=5))
def test_the_quick_shape_check_misses_nothing_the_walks_report(data: Any, limit: int) -> None:
    """The loader runs the path-keeping walks only when the quick check says so: it must say
    so for every document in which they would report something, and only for those."""
    reported = bool(odd_values(data) or long_lists(data, limit))
    assert has_odd_shapes(data, limit) == reported


# --- (c) Hostile values from the schema's value space (issue 21) ------------------------------

HUGE_INTEGERS = st.one_of(
    st.integers(-(10**18), 10**18),
    st.builds(
        lambda digits, sign: sign * int("9" * digits),
        st.integers(14, 1_000),
        st.sampled_from((1, -1)),
    ),
)
"""Around a figure's 15 digits, and up to the 1,000 a document may hold."""
EXTREME_FLOATS = st.one_of(
    st.sampled_from(
        [1e308, -1e308, sys.float_info.max, 5e-324, 1e15, 999_999_999_999_999.9, 2.0**53 + 2]
    ),
    st.floats(allow_nan=False, allow_infinity=False),
)
EXTREME_DATES = st.sampled_from(
    [
        "9999-12-31",
        "0001-01-01",
        "1899-12-31",
        "1900-01-01",
        "2099-12-31",
        "2100-01-01",
        "2099-02-29",
        "2000-02-29",
    ]
)
"""Dates at the ends of the schema's years and of Python's."""
REPEATED = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(
        ["1-", "1:", " ", "~", "a and ", "(", "PST ", "9", "-08:00 ", "next day ", "é", "1 to "]
    ),
    st.integers(1, 400),
)
"""Text of one piece many times: the shapes that made a reader quadratic."""
LONG_TEXT = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["x", "ab ", "1-", "é", "word "]),
    st.integers(100, 2_000),
)
ODD_ZONES = st.sampled_from(
    [
        "Etc/GMT+12",
        "Etc/GMT-14",
        "+14:00",
        "-23:59",
        "UTC+99",
        "Pacific/Kiritimati",
        "America/Argentina/ComodRivadavia",
        "EST",
        "IST",
        "x" * 300,
        "Europe/" * 20,
        "../../etc/passwd",
    ]
)
ODD_MOMENT_TEXTS = st.one_of(
    REPEATED,
    st.text(max_size=300),
    st.sampled_from(
        [
            "23:59",
            "00:00 (next day)",
            "12/31 23:00",
            "Dec 31 23:59 PST",
            "2099-12-31 23:59 -12:00",
            "2099-12-31T23:59:59+14:00",
            "1900-01-01 00:00 +14:00",
            "1900-01-01 00:01 -23:59",
            "9999-12-31 23:00",
            "0001-01-01 00:00",
            "between 23:00 and 00:30",
            "from 23:00 to 00:30 (next day)",
            "after 2099-12-31",
            "before 1900-01-01",
            "~12:00 IST",
            "10:00 Mars/Olympus",
            "24:00",
            "13 PM",
            "Feb 30 10:00",
            "2099-12-31",
        ]
    ),
)
ODD_MOMENTS = st.one_of(
    ODD_MOMENT_TEXTS,
    st.fixed_dictionaries(
        {"at": ODD_MOMENT_TEXTS},
        optional={
            "until": ODD_MOMENT_TEXTS,
            "zone": ODD_ZONES,
            "precision": st.sampled_from(["second", "minute", "hour", "day", "none", "year"]),
            "approximate": st.booleans(),
        },
    ),
)
ODD_FIGURES = st.one_of(
    HUGE_INTEGERS,
    EXTREME_FLOATS,
    REPEATED,
    st.sampled_from(
        [
            "999999999999999999 billion",
            "999,999,999,999,999",
            "1e308",
            "100.0000000001%",
            "0.5-0.4",
            ">1,000,000,000,000,000",
            "%",
        ]
    ),
    st.builds(lambda v: {"value": v}, HUGE_INTEGERS | EXTREME_FLOATS),
    st.builds(lambda a, b: {"min": a, "max": b}, HUGE_INTEGERS, EXTREME_FLOATS),
    st.builds(lambda v: {"at_least": v}, HUGE_INTEGERS | EXTREME_FLOATS),
)
ODD_DUES = st.sampled_from(["9999-12", "1899-Q4", "2099-H2", "2099-12-31", "2026-02-30", "x" * 300])
RAW_SCALARS = [
    "0x_",
    "0b_",
    "0o_",
    "-0x1F",
    "0o17",
    "+12_345",
    "1.0e400",
    "-1.0e400",
    "1" + "0" * 400 + ".5",
    "9" * 1_001,
    "9" * 5_000,
    "0b" + "1" * 1_200,
    "0x" + "f" * 1_001,
    ".inf",
    "-.Inf",
    ".NaN",
    "1_0.5e3",
]
"""Numbers as YAML text that no value dumps to: prefixes without digits, overflowing floats,
integers over the 1,000 digits a document may hold (each written where a marker is dumped)."""
RAW = st.sampled_from(range(len(RAW_SCALARS))).map("RAWSCALAR{}X".format)
ODD_ANY = st.one_of(EXT_VALUES, HUGE_INTEGERS, EXTREME_FLOATS, LONG_TEXT, RAW)


class HostileStrategies(SchemaStrategies):
    """The schema's value space, its edges and beyond: a leaf is now and then a hostile value
    of its kind (what the reported attacks used: long and repeated text, numbers of hundreds of
    digits, floats near the largest, dates at the ends of Python's, odd moments and zones), so
    that most documents still reach the model and the pages with some of them."""

    max_optional = 10

    def of(self, raw: Mapping[str, Any]) -> st.SearchStrategy[Any]:
        valid = super().of(raw)
        odd = self.odd(self.resolve(raw))
        if odd is None:
            return valid
        return st.integers(0, 5).flatmap(lambda pick: odd if pick == 0 else valid)

    @staticmethod
    def odd(node: Mapping[str, Any]) -> st.SearchStrategy[Any] | None:
        kind_name = str(node.get("x-kind", ""))
        if kind_name.startswith("moment"):
            return ODD_MOMENTS
        if kind_name.startswith("figure"):
            return ODD_FIGURES
        if kind_name.startswith("due"):
            return ODD_DUES
        if node.get("format") == "date":
            return EXTREME_DATES
        if "anyOf" in node or "enum" in node:
            return None  # its branches are drawn with their own odd values
        kind = node.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if kind is None:
            return ODD_ANY  # a team extension
        if "integer" in kinds or "number" in kinds:
            return st.one_of(HUGE_INTEGERS, EXTREME_FLOATS, RAW)
        if "string" in kinds:
            return st.one_of(LONG_TEXT, ODD_ZONES) if "pattern" in node else LONG_TEXT
        return None


HOSTILE = HostileStrategies(SCHEMA)
HOSTILE_BODIES = HOSTILE.mapping(SCHEMA)
READ_FIELDS = {
    key: HOSTILE.of(SCHEMA["properties"][key])
    for key in (
        "date",
        "timezone",
        "timestamps",
        "timeline",
        "impact",
        "slo",
        "action_items",
        "communication",
        "resolution",
        "review_meeting",
    )
}
"""The fields the model reads (moments, figures, dates, zones, due periods), drawn into every
document more often than a schema-wide draw would."""
FUZZ = settings(
    _BASE,
    derandomize=not os.environ.get("FUZZ_EXPLORE"),  # the same documents on every run
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)


@st.composite
def hostile_archives(draw: st.DrawFn) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Two documents from the hostile value space, with distinct ids, and a valid neighbour."""
    files = {}
    for n in range(2):
        data = draw(HOSTILE_BODIES)
        for key in draw(st.lists(st.sampled_from(sorted(READ_FIELDS)), unique=True, max_size=4)):
            data[key] = draw(READ_FIELDS[key])
        if isinstance(data.get("id"), str):
            data["id"] = f"F{n}-{data['id']}"[:64]
        text = re.sub(r"RAWSCALAR(\d+)X", lambda m: RAW_SCALARS[int(m[1])], dump(data))
        files[f"h-{n}.yaml"] = text.encode("utf-8")
    return files, neighbour("INC-GOOD")


def attack(*contents: str) -> tuple[dict[str, bytes], dict[str, Any]]:
    files = {f"h-{n}.yaml": unique_id(n, text).encode("utf-8") for n, text in enumerate(contents)}
    return files, neighbour("INC-GOOD")


ATTACKS = [
    attack(figure("9" * 400), figure("9" * 5_000)),
    attack(
        incident_yaml(date="9999-12-31") + ROLLOVER,
        incident_yaml() + "x-team: [0x_, 0b_, 1.0e400]\n",
    ),
]
"""The attacks of issue 21 that raised out of the pipeline (the long moment and the aliases,
which took minutes and gigabytes, are tests of their own in tests/core/test_bounded_work.py)."""


@FUZZ
@known_bugs("generated", *ATTACKS)
@given(generated=hostile_archives())
def test_hostile_values_never_raise_out_of_the_pipeline(
    core: Core, generated: tuple[dict[str, bytes], dict[str, Any]]
) -> None:
    """Load, cross-file checks, index and every page and asset: no exception, every file an
    incident, a preview or reported at a line of its own, the neighbour published, and the
    loader's net never needed (it is for causes not known yet, not for these)."""
    files, good = generated
    for name, content in files.items():
        note(f"--- {name}\n{content.decode('utf-8')[:3000]}")
    run = core.run({"a-good.yaml": check_valid(good).encode("utf-8"), **files})
    assert good["id"] in run.pages
    for name, content in files.items():
        event("hostile file: " + assert_reported_or_published(run, name, content))
        for problem in run.files[name].problems:
            assert "could not be checked" not in problem.message, str(problem)
            assert "could not be rendered" not in problem.message, str(problem)
