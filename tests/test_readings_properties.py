"""Every moment form the writing guide accepts, generated into postmortems and run through the
real loader, model and renderer: the incident page (milestones, timeline, key facts), its hover
texts and incidents.json tell the same instant, day and precision; no duration shown is more
precise than its two ends; and no written form is read two ways (one pattern of the grammar
reads it, and a ``-04:00`` glued to a clock time is an offset only in an ISO timestamp)."""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from mkdocs_postmortem.core import moment_grammar as grammar
from mkdocs_postmortem.core.discover import source_for
from mkdocs_postmortem.core.lifecycle import DURATIONS
from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.core.moment_reader import read_moment
from mkdocs_postmortem.core.moments import Context, Moment, MomentError, written
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.zones import ZoneTable
from mkdocs_postmortem.insights.index import ArchiveIndex, build_index
from mkdocs_postmortem.pipeline import Pipeline
from mkdocs_postmortem.render.exports import incidents_json
from mkdocs_postmortem.render.times_shown import short_date

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "mkdocs-postmortem-hypothesis")

PROPERTIES = settings(
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    max_examples=int(os.environ.get("READINGS_EXAMPLES", "60")),
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- the written forms ------------------------------------------------------------------------

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
POSTMORTEM_ZONES = (None, "UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "PST")
"""The postmortem's ``timezone`` (None: the site's, UTC)."""
ROW_ZONES = (
    "UTC", "PST", "PDT", "EDT", "BST", "CET", "(UTC)", "+01:00", "-0800", "UTC+1",
    "Europe/Berlin", "America/New_York", "Asia/Kolkata", "ET",
)  # fmt: skip
"""Zones written on a time (abbreviations out of season are warned about: still read)."""
DAYS = st.dates(date(2019, 1, 1), date(2027, 12, 31))
CLOCK_TIMES = (
    st.times().filter(lambda t: t.hour not in (1, 2)).map(lambda t: t.replace(microsecond=0))
)
"""Clock times outside 01:00-02:59, where the regions above turn their clocks (a local time
skipped or repeated there is refused: tests/core/test_readings.py)."""


def hm(clock: time) -> str:
    return clock.strftime("%H:%M")


def twelve(clock: time, minutes: bool = True) -> str:
    hour = clock.hour % 12 or 12
    half = "AM" if clock.hour < 12 else "PM"
    return f"{hour}:{clock:%M} {half}" if minutes else f"{hour} {half}"


@st.composite
def points(draw: st.DrawFn, day: date) -> str:
    """One point in time, in each form the guide lists."""
    clock = draw(CLOCK_TIMES)
    other = draw(DAYS)
    zone = draw(st.sampled_from(ROW_ZONES))
    return draw(
        st.sampled_from(
            [
                f"{day:%Y-%m-%d} {hm(clock)}",
                f"{day:%Y-%m-%d}T{clock:%H:%M:%S}Z",
                f"{day:%Y-%m-%d}T{hm(clock)}+01:00",
                f"{day:%Y-%m-%d} {clock:%H:%M:%S}-08:00",
                f"{day:%Y-%m-%d}T{hm(clock)}-0800",
                hm(clock),
                f"{clock:%H:%M:%S}",
                f"{hm(clock)} {zone}",
                twelve(clock),
                twelve(clock).replace(" ", "").lower(),
                f"{twelve(clock)} PDT",
                f"{other.month}/{other.day} {hm(clock)}",
                f"{other.month:02d}-{other.day:02d} {hm(clock)}",
                f"{MONTHS[other.month - 1]} {other.day} {hm(clock)}",
                f"{other.day} {MONTHS[other.month - 1]} {hm(clock)}",
                f"{LONG_MONTHS[other.month - 1]} {other.day} {hm(clock)} UTC",
                f"{other.month}/{other.day}/{other.year} {hm(clock)}",
                f"{WEEKDAYS[other.weekday()]}, {LONG_MONTHS[other.month - 1]} {other.day}, "
                f"{other.year} {hm(clock)} UTC",
                f"{hm(clock)} (next day)",
                f"{hm(clock)}{draw(st.sampled_from(['PST', 'EDT', 'UTC', 'CET']))}",
                f"{twelve(clock)} PDT on {LONG_MONTHS[other.month - 1]} {other.day}",
                f"{twelve(clock)} on {MONTHS[other.month - 1]} {other.day}, {other.year}",
                f"{MONTHS[other.month - 1]} {other.day}, {other.year} - {hm(clock)} NZDT",
                "midnight",
                "noon",
            ]
        )
    )


@st.composite
def moments_written(draw: st.DrawFn, day: date) -> Any:
    """A moment in any form the guide accepts: points, hours, days, approximate, ranges,
    bounds, words, and the structured form."""
    a, b = sorted(draw(st.lists(CLOCK_TIMES, min_size=2, max_size=2)))
    hour = draw(CLOCK_TIMES.filter(lambda t: t.hour not in (0, 12)))
    other = draw(DAYS)
    zone = draw(st.sampled_from(ROW_ZONES))
    word = draw(st.sampled_from(["~", "about ", "around ", "approximately ", "±"]))
    bound = draw(
        st.sampled_from(
            ["after", "shortly after", "since", "before", "until", "by", "no later than"]
        )
    )
    return draw(
        st.one_of(
            points(day),
            st.sampled_from(
                [
                    twelve(hour, minutes=False),
                    f"{other:%Y-%m-%d}",
                    f"{MONTHS[other.month - 1]} {other.day}",
                    f"{WEEKDAYS[other.weekday()]}, {LONG_MONTHS[other.month - 1]} {other.day}, "
                    f"{other.year}",
                    f"{word}{hm(a)}",
                    f"{word}{hm(a)} {zone}",
                    f"{hm(a)}-{hm(b)}",
                    f"{hm(a)}–{hm(b)} {zone}",
                    f"{hm(a)} to {hm(b)}",
                    f"between {hm(a)} and {hm(b)}",
                    f"{hm(b)}-{hm(a)}" if b.hour >= 21 and a.hour < 3 else f"{hm(a)}-{hm(b)}",
                    f"{other.month}/{other.day} {hm(a)}-{hm(b)}",
                    f"{MONTHS[other.month - 1]} {other.day} {hm(a)}-{hm(b)}",
                    f"{day:%Y-%m-%d} {hm(a)} - {hm(b)}",
                    f"{bound} {hm(a)}",
                    f"{bound} {hm(a)} {zone}",
                    f"{bound} {twelve(hour, minutes=False)}",
                    f"{other:%Y-%m-%d} {hm(a)}+",
                    f"{LONG_MONTHS[other.month - 1]} {other.day}, {other.year}: "
                    f"{twelve(a)} - {twelve(b)}",
                    f"between {twelve(a)} and {twelve(b)} on {LONG_MONTHS[other.month - 1]} "
                    f"{other.day}",
                    f"from {twelve(a, minutes=False)} to {twelve(b, minutes=False)}",
                    "...",
                    "unknown",
                    "shortly after",
                    "within minutes",
                ]
            ),
            st.fixed_dictionaries(
                {"at": st.just(hm(a))},
                optional={
                    "until": st.just(hm(b)),
                    "approximate": st.booleans(),
                    "zone": st.sampled_from(["UTC", "-08:00", "EST", "Europe/Berlin"]),
                    "note": st.just("from the pager log"),
                },
            ),
            st.just({"at": hm(a), "precision": "hour"}),
        )
    )


@st.composite
def postmortems(draw: st.DrawFn) -> dict[str, Any]:
    day = draw(DAYS)
    data: dict[str, Any] = {
        "id": "INC-P",
        "title": "Generated readings",
        "date": day.isoformat(),
        "severity": draw(st.sampled_from(["SEV2", "unrated"])),
        "status": "final",
        "summary": "Moments as written.",
    }
    zone = draw(st.sampled_from(POSTMORTEM_ZONES))
    if zone is not None:
        data["timezone"] = zone
    keys = draw(
        st.lists(
            st.sampled_from(LIFECYCLE_KEYS),
            unique=True,
            max_size=5,
        )
    )
    if keys:
        data["timestamps"] = {
            k: draw(moments_written(day)) for k in sorted(keys, key=LIFECYCLE_KEYS.index)
        }
    rows = draw(st.lists(moments_written(day), min_size=1, max_size=6))
    data["timeline"] = [{"time": t, "event": f"event {n}"} for n, t in enumerate(rows)]
    return data


LIFECYCLE_KEYS = ("started", "detected", "acknowledged", "mitigated", "resolved")


# --- the page as built, read back -------------------------------------------------------------


@dataclass
class TimeTag:
    attrs: dict[str, str]
    text: str = ""


@dataclass
class PageTimes:
    """What an incident page says of its times, read from its HTML."""

    milestones: dict[str, tuple[str, TimeTag, str]] = field(default_factory=dict)
    """key -> (day shown beside it, its <time>, its inferred mark)."""
    rows: list[tuple[str, TimeTag | None]] = field(default_factory=list)
    """Timeline rows in order: (the id of the day heading above it, its <time>)."""
    when: str = ""
    durations: dict[str, str] = field(default_factory=dict)
    """Abbreviation (TTD...) -> the duration shown."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = PageTimes()
        self.where: list[str] = []
        self.heading = ""
        self.milestone = ""
        self.day = ""
        self.mark = ""
        self.time: TimeTag | None = None
        self.span = ""
        self.in_heading = False
        self.capture: list[str] | None = None
        self.in_when = False
        self.abbr = ""
        self.duration: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        cls = values.get("class", "")
        if tag == "ol":
            self.where.append(cls)
        if tag == "h3":
            self.heading = values.get("id", "")
        if tag == "li" and self.where and self.where[-1] == "pm-milestones":
            self.milestone = cls.removeprefix("pm-milestone-")
            self.day, self.mark = "", ""
        if tag == "li" and self.where and self.where[-1] == "pm-timeline":
            self.out.rows.append((self.heading, None))
        if tag == "time":
            self.time = TimeTag(values)
        if tag == "span" and cls in ("pm-milestone-day", "pm-inferred"):
            self.span, self.capture = cls, []
        if tag == "ul" and cls == "pm-durations":
            self.duration = []
        if tag == "abbr" and self.duration is not None:
            self.abbr = "?"

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol" and self.where:
            self.where.pop()
        if tag == "time" and self.time is not None:
            if self.where and self.where[-1] == "pm-milestones":
                self.out.milestones[self.milestone] = (self.day, self.time, self.mark)
            elif self.where and self.where[-1] == "pm-timeline":
                self.out.rows[-1] = (self.out.rows[-1][0], self.time)
            elif self.in_when:
                self.out.when += self.time.text
            self.time = None
        if tag == "span" and self.capture is not None:
            text = "".join(self.capture)
            if self.span == "pm-milestone-day":
                self.day = text
            else:
                self.mark = text
            self.capture = None
        if tag == "li" and self.where and self.where[-1] == "pm-milestones" and self.milestone:
            day, tag_, _ = self.out.milestones.get(self.milestone, ("", TimeTag({}), ""))
            self.out.milestones[self.milestone] = (day, tag_, self.mark)
        if tag == "dd":
            self.in_when = False
        if tag == "li" and self.duration is not None and self.abbr:
            self.out.durations[self.abbr] = "".join(self.duration).strip()
            self.abbr, self.duration = "", []
        if tag == "ul" and self.duration is not None:
            self.duration = None

    def handle_data(self, data: str) -> None:
        if self.time is not None:
            self.time.text += data
        if self.capture is not None:
            self.capture.append(data)
        if data == "When":
            self.in_when = True
        elif self.in_when and self.time is None:
            self.out.when += data
        if self.abbr == "?":
            self.abbr = data
        elif self.abbr and self.duration is not None:
            self.duration.append(data)


def page_times(page_html: str) -> PageTimes:
    reader = _Reader()
    reader.feed(page_html)
    reader.out.when = " ".join(reader.out.when.split())
    return reader.out


# --- running a postmortem through the pipeline ------------------------------------------------


class Runner:
    """The real loader, model, index and renderer, compiled once for every example."""

    def __init__(self, root: Path) -> None:
        self.docs = root / "docs"
        (self.docs / "postmortems").mkdir(parents=True, exist_ok=True)
        self.settings = Settings(docs_dir=str(self.docs), project_dir=str(root), as_of="2026-06-01")
        self.pipeline = Pipeline(self.settings)

    def run(self, data: dict[str, Any]) -> tuple[Incident | None, str, dict[str, Any], list[str]]:
        """The incident (None when refused), its page's HTML, its entry of incidents.json,
        and every problem of its file."""
        path = self.docs / "postmortems" / "p.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        try:
            loaded = self.pipeline.check(
                [source_for(self.settings, "postmortems/p.yaml", str(path))]
            )
        finally:
            path.unlink()
        problems = [str(p) for f in loaded for p in f.problems]
        archive: ArchiveIndex = build_index(self.settings, loaded)
        made = loaded[0].incident
        if made is None or made.preview:
            return None, "", {}, problems
        page = self.pipeline.renderer.incident_page(archive, made)
        assert page.document is not None
        export = json.loads(incidents_json(archive, {made.slug: "p/"}))["incidents"][0]
        return made, page.document.html(), export, problems


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    return Runner(tmp_path_factory.mktemp("readings"))


def utc_iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def from_attr(value: str) -> datetime | None:
    """A ``<time datetime>`` as an instant (None for a day)."""
    return datetime.fromisoformat(value) if "T" in value else None


RAW_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")


def check_moment(moment: Moment, tag: TimeTag, exported: dict[str, Any], value: Any) -> None:
    """One moment told alike by its <time>, its hover and incidents.json."""
    assert exported["text"] == written(value) == moment.text
    assert exported["precision"] == moment.precision
    assert exported["zone"] == moment.zone
    first = moment.first_day
    assert exported["day"] == (first.isoformat() if first else None)
    assert exported["utc"] == utc_iso(moment.point)
    assert exported["earliest_utc"] == utc_iso(moment.earliest)
    assert exported["latest_utc"] == utc_iso(moment.latest)
    title = html.unescape(tag.attrs.get("title", ""))
    if moment.known:
        assert moment.reading in title  # the hover says how it was read, in full
        assert written(value) in title or tag.text == written(value)
    instant = from_attr(tag.attrs.get("datetime", ""))
    if moment.point is not None:
        assert instant is not None and utc_iso(instant) == exported["utc"]
        # The same instant in the hover: its UTC clock (and its date when another day).
        utc = moment.point.astimezone(timezone.utc)
        if moment.point.utcoffset():
            shown_utc = utc.strftime("%H:%M:%S" if moment.resolution == "second" else "%H:%M")
            assert f"{shown_utc}Z" in title
            if utc.date() != moment.point.date():
                assert f"= {utc:%Y-%m-%d} " in title
    elif (
        moment.precision == "day"
        and moment.earliest
        and moment.latest
        and (moment.latest - moment.earliest) <= timedelta(days=1, hours=1)
    ):
        assert tag.attrs.get("datetime") == exported["day"]  # one day


def check_clock(moment: Moment, tag: TimeTag) -> None:
    """A time shown as its clock shows the clock of its instant, to its precision, never
    finer: seconds only where the author wrote them."""
    point = moment.point
    assert point is not None
    clock = point.strftime("%H:%M:%S" if moment.resolution == "second" else "%H:%M")
    assert clock in tag.text
    if moment.resolution != "second":
        assert not re.search(r"[0-9]{2}:[0-9]{2}:[0-9]{2}", tag.text)


SECONDS = re.compile(r"[0-9]+ s\b")


@PROPERTIES
@given(data=postmortems())
def test_page_hover_key_facts_and_export_agree(runner: Runner, data: dict[str, Any]) -> None:
    note(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    made, page, export, problems = runner.run(data)
    note("\n".join(problems))
    assert made is not None, problems  # every form is accepted (only warnings, if any)
    shown = page_times(page)
    readings = export["readings"]
    # The timeline: each row under the heading of the day it begins on, or of no day.
    rows = data["timeline"]
    assert len(shown.rows) == len(rows)
    for index, (row, (heading, tag)) in enumerate(zip(rows, shown.rows, strict=True)):
        moment = made.moments[("timeline", index, "time")]
        assert tag is not None
        check_moment(moment, tag, readings[f"timeline.{index}.time"], row["time"])
        first = moment.first_day
        heading = re.sub(r"_[0-9]+$", "", heading)  # a day listed again after another
        if first is not None:
            assert heading == f"day-{first.isoformat()}", (index, heading, first)
        else:
            assert heading.startswith(("undated", "day-"))
        if tag.text != moment.text:  # shown as its clock: the clock of the instant
            check_clock(moment, tag)
    # Milestones: a human form, never raw ISO, with its day where it is not the incident's.
    for key, value in data.get("timestamps", {}).items():
        moment = made.moments[("timestamps", key)]
        day_shown, tag, mark = shown.milestones[key]
        assert not RAW_ISO.search(tag.text), tag.text
        check_moment(moment, tag, export["moments"][key], value)
        first = moment.first_day
        other_day = (
            moment.precision != "day"
            and first is not None
            and first != date.fromisoformat(data["date"])
        )
        assert day_shown == (short_date(first) if other_day and first else "")
        assert ("year inferred" in mark) is ("year" in moment.inferred)
        point = moment.point
        if point is not None and moment.precision in ("minute", "second"):
            check_clock(moment, tag)
            assert tag.text.startswith("~") is moment.approximate
    # The key facts: never raw ISO; an exact start as its clock in the incident's zone, with
    # its day where that is not the incident's.
    assert not RAW_ISO.search(shown.when), shown.when
    started = made.timestamps.get("started")
    point = started.point if started is not None else None
    if started and point and made.zone and started.precision in ("minute", "second"):
        local = point.astimezone(made.zone.tz)
        assert f"{local:%H:%M}" in shown.when, shown.when
        if local.date().isoformat() != data["date"]:
            assert short_date(local.date()) in shown.when, shown.when
    # Durations: as in incidents.json, and never finer than their ends.
    for spec in DURATIONS:
        span = made.durations.get(spec.key)
        if span is None:
            continue
        assert (
            shown.durations[spec.abbreviation] == span.text == export["durations"][spec.key]["text"]
        )
        start, end = made.timestamps[spec.start], made.timestamps[spec.end]
        if SECONDS.search(span.text):  # seconds only between two times written to the second
            assert start.precision == end.precision == "second", span.text
            assert "second" in (start.resolution, end.resolution), span.text
        if "day" in (start.precision, end.precision):
            assert span.text.endswith("(dates only)")
    # An unrated incident has no rank.
    assert (export["severity"]["rank"] is None) is (data["severity"] == "unrated")


# --- no form read two ways --------------------------------------------------------------------


def point_part(text: str) -> Iterator[str]:
    """The texts a written moment hands to the point patterns: without its approximation,
    bound or next-day words and its zone, and each end of a range."""
    rest = " ".join(text.split())
    rest = grammar._APPROX.sub("", rest)
    for pattern in (grammar._LOWER, grammar._UPPER):
        rest = pattern.sub("", rest)
    between = grammar._BETWEEN.match(rest)
    parts = [between.group(1), between.group(2)] if between else [rest]
    for part in parts:
        part = grammar._NEXT_DAY.sub("", part)
        match = grammar._ZONE_TAIL.search(part)
        head = part[: match.start()].rstrip() if match else part
        yield grammar._WEEKDAY.sub("", head).strip().rstrip(",")


WRITTEN = DAYS.flatmap(lambda day: st.tuples(st.just(day), moments_written(day)))


@PROPERTIES
@given(written_=WRITTEN)
@example(written_=(date(2021, 10, 28), "10/29 02:00-04:00"))
@example(written_=(date(2021, 10, 28), "Oct 29 02:00-04:00"))
@example(written_=(date(2021, 10, 28), "03-26 17:40-18:00"))
@example(written_=(date(2021, 10, 28), "2026-01-05 13:00-16:00"))
def test_no_form_is_read_two_ways(written_: tuple[date, Any]) -> None:
    day, value = written_
    text = value if isinstance(value, str) else str(value["at"])
    table = ZoneTable()
    for part in point_part(text):
        matching = [p.pattern for p in grammar._POINTS if p.fullmatch(part)]
        assert len(matching) <= 1, (part, matching)
    # Read alone, in any zone: a -HH:MM glued to a clock is an offset only after an ISO date.
    for zone in ("UTC", "America/Los_Angeles"):
        try:
            reading = read_moment(value, Context(day, table.resolve(zone), table=table))
        except MomentError:
            continue
        moment = reading.moment
        glued = re.search(r"[0-9]:[0-9]{2}(?::[0-9]{2})?-([0-9]{2}:?[0-9]{2})", text)
        if glued and not re.match(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[T ]", text):
            end = glued.group(1).replace(":", "")
            assert moment.zone != f"UTC-{end[:2]}:{end[2:]}", (text, moment)
            assert moment.latest is not None, (text, moment)  # a range, ending there
            assert moment.latest.strftime("%H%M") == end, (text, moment)
        if moment.known:
            offset = (moment.earliest or moment.latest).utcoffset()  # type: ignore[union-attr]
            assert offset is not None and timedelta(hours=-12) <= offset <= timedelta(hours=14)


@PROPERTIES
@given(day=DAYS, clock=CLOCK_TIMES, offset=st.integers(-23 * 60 - 59, 23 * 60 + 59))
def test_an_iso_offset_is_read_or_refused_never_anything_else(
    day: date, clock: time, offset: int
) -> None:
    sign, minutes = ("-" if offset < 0 else "+"), abs(offset)
    text = f"{day:%Y-%m-%d} {hm(clock)}{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    table = ZoneTable()
    context = Context(day, table.resolve("UTC"), table=table)
    if -12 * 60 <= offset <= 14 * 60:
        moment = read_moment(text, context).moment
        assert moment.point is not None
        assert moment.point.utcoffset() == timedelta(minutes=offset)
    else:
        with pytest.raises(MomentError) as caught:
            read_moment(text, context)
        assert "is not a UTC offset any zone keeps (-12:00 to +14:00)" in str(caught.value)
