"""Hostile input, round 2 (issue 21): the core's work is bounded by the size of the file, and a
file's problem is never the build's. Each attack as it was reported: a long moment that took
minutes to read, numbers and dates that raised out of the build, aliases of a long text that
made pages of hundreds of megabytes. Every parser's growth is in test_parsers_linear.py."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import Archive, incident_yaml
from hostile_cases import GOOD, HEAD, ROLLOVER, aliased_text, figure, long_moment, unique_id

from mkdocs_postmortem.core import load, quantities
from mkdocs_postmortem.core import moment_reader as moments
from mkdocs_postmortem.core.moment_reader import read_moment
from mkdocs_postmortem.core.moments import Context
from mkdocs_postmortem.core.read import (
    MAX_VALUES,
    TEXT_FACTOR,
    DocumentError,
    expanded_size,
    parse,
)
from mkdocs_postmortem.core.zones import ZoneTable
from mkdocs_postmortem.pipeline import Result

CORPUS = sorted((Path(__file__).parents[1] / "corpus").glob("*.yaml"))
EXAMPLES = sorted((Path(__file__).parents[2] / "docs" / "postmortems").rglob("*.yaml"))


class Reads:
    """How many characters the moment and figure readers were handed, by wrapping them. A
    reader handed more than ``limit`` raises at once: unbounded work fails the test in a
    moment instead of running for minutes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
        self.characters = 0
        self.limit = limit
        for module, name in ((moments, "_plain"), (moments, "_point")):
            monkeypatch.setattr(module, name, self._counted(getattr(module, name)))
        pattern = quantities._TEXT
        reads = self

        class CountedPattern:
            def match(self, text: str) -> Any:
                reads._count(text)
                return pattern.match(text)

        monkeypatch.setattr(quantities, "_TEXT", CountedPattern())

    def _count(self, text: str) -> None:
        self.characters += len(text)
        assert self.characters <= self.limit, f"{self.characters:,} characters read"

    def _counted(self, reader: Callable[..., Any]) -> Callable[..., Any]:
        def counted(text: str, *args: Any) -> Any:
            self._count(text)
            return reader(text, *args)

        return counted


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    yield Reads(monkeypatch, limit=200_000)


@pytest.mark.parametrize("size", [32_000, 100_000])
def test_a_long_moment_is_reported_once_and_never_read(
    archive: Archive, reads: Reads, size: int
) -> None:
    """``1-`` repeated: each ``-`` may split a range, and every split was read (quadratic:
    minutes for 32 KB, 100 KB never finished). The schema's length limit says it, once; no
    pattern sees the text."""
    archive.add("long.yaml", long_moment(size)).add("good.yaml", GOOD)
    files = archive.check()
    assert [str(p) for p in files["long.yaml"].problems] == [
        f"docs/postmortems/long.yaml:8:11: timeline[0].time: is too long ({size:,} characters; "
        "at most 200)"
    ]
    assert reads.characters < 1_000  # the good neighbour's few moments
    assert files["long.yaml"].preview is not None  # shown without the row's time
    assert files["good.yaml"].incident is not None


def test_parts_of_a_moment_and_figures_are_checked_for_length_before_reading(
    archive: Archive, reads: Reads
) -> None:
    archive.add(
        "parts.yaml",
        HEAD
        + "timeline:\n"
        + f"  - time: {{at: '{'1-' * 2_000}', until: '10:00'}}\n    event: a\n"
        + f"  - time: {{at: '10:00', zone: '{'Europe/' * 1_000}'}}\n    event: b\n"
        + f"impact:\n  user:\n    affected_users: '{'1-' * 5_000}'\n",
    )
    assert archive.problems() == [
        "docs/postmortems/parts.yaml:10:31: timeline[1].time.zone: unknown timezone "
        "'Europe/Europe/Europe'... (7,000 characters; a zone name has at most 64); use an "
        "IANA name such as Europe/Berlin",
        "docs/postmortems/parts.yaml:14:21: impact.user.affected_users: is too long (10,000 "
        "characters; at most 100)",
        "docs/postmortems/parts.yaml:8:16: timeline[0].time.at: is too long (4,000 characters; "
        "at most 100)",
    ]
    assert reads.characters == 0


def test_the_reported_attacks_validate_in_bounded_work(tmp_path: Path, reads: Reads) -> None:
    """The 100 KB moment and the 472 KB file of aliases, loaded as the build loads them: refused,
    in time near that of a harmless twin (as long a time of letters, with the same problem; the
    text written out, without aliases), with no moment read: a ratio, not a clock."""
    archive = Archive(tmp_path / "project")
    moment = long_moment(100_000)
    cases = {
        "moment": (moment, moment.replace("1-", "ab")),
        "aliases": (aliased_text(), aliased_text().replace("event: *s", "event: x")),
    }
    for name, (attack, twin) in cases.items():
        timings = []
        for text in (attack, twin):
            archive.add(f"{name}.yaml", text)
            (source,) = archive.sources()
            best = float("inf")
            read_before = reads.characters
            for _ in range(3):
                started = time.process_time()
                loaded = archive.pipeline.loader.load(source)
                best = min(best, time.process_time() - started)
            timings.append(best)
            if text is attack:
                assert loaded.problems and loaded.incident is None
                assert reads.characters == read_before
        assert timings[0] < 3 * timings[1], (name, timings)
        (archive.docs / "postmortems" / f"{name}.yaml").unlink()


def test_aliases_of_a_long_text_are_refused(archive: Archive) -> None:
    """Each use of an alias counts its characters: 2,000 uses of a 400 KB summary were 800 MB
    of pages from a 472 KB file."""
    text = aliased_text()
    archive.add("aliases.yaml", text).add("good.yaml", GOOD)
    assert archive.check()["aliases.yaml"].problems  # before a build that would write 800 MB
    result = archive.run()
    budget = MAX_VALUES + TEXT_FACTOR * len(text)
    assert [str(p) for p in result.archive.problems] == [
        f"docs/postmortems/aliases.yaml:1:1: (document): document expands to more than "
        f"{budget:,} values and characters through anchors and aliases (200,000 plus twice the "
        f"file's {len(text):,} characters); write the values out instead"
    ]
    assert [i.id for i in result.archive.incidents] == ["INC-GOOD"]
    assert sum(len(p.text) for p in result.pages) < 5_000_000


def test_aliases_of_names_stay_within_the_budget(archive: Archive) -> None:
    """What aliases are for: a name written once and used in many places."""
    rows = "".join(f"  - {{action: Step {n}, owner: *owner, status: open}}\n" for n in range(1_500))
    archive.add(
        "names.yaml",
        HEAD + "people:\n  incident_commander: &owner Alice Example\naction_items:\n" + rows,
    )
    files = archive.check()
    assert files["names.yaml"].incident is not None, files["names.yaml"].problems


@pytest.mark.parametrize("path", CORPUS + EXAMPLES, ids=lambda p: p.name)
def test_a_written_out_file_costs_at_most_its_length(path: Path) -> None:
    """Why the budget is generous: without aliases, a document's entries and characters are
    never more than its length (the budget is twice that, plus 200,000)."""
    text = path.read_text("utf-8")
    assert expanded_size(parse(text).data, 10 * len(text)) <= len(text)


def test_a_string_per_use_counts_keys_too() -> None:
    keys = "k: &k {" + ", ".join(f"{'x' * 1_000}{n}: 1" for n in range(50)) + "}\n"
    text = keys + "u: [" + ", ".join(["*k"] * 10_000) + "]\n"
    with pytest.raises(DocumentError) as caught:
        parse(text)
    assert caught.value.message.startswith("document expands to more than")


NUMBERS = {
    "digits-400.yaml": figure("9" * 400),
    "digits-5000.yaml": figure("9" * 5_000),
    "digits-structured.yaml": figure("{value: " + "9" * 400 + "}"),
    "float-large.yaml": figure("1.0e308"),
    "float-overflow.yaml": HEAD + "x-team: [1, 1.0e400]\n",
    "text-large.yaml": figure("'999999999999999999 billion'"),
    "metric.yaml": HEAD
    + "impact:\n  user:\n    metrics:\n      - {name: a, value: "
    + "9" * 999
    + "}\n",
    "prefix-only.yaml": HEAD + "x-team: 0x_\n",
}


def test_numbers_out_of_range_are_the_files_problems(archive: Archive) -> None:
    """A 400-digit count overflowed a float, a 5,000-digit one raised out of the YAML parser
    (Python converts at most 4,300 digits), ``0x_`` raised out of it too: the build stopped
    with no file named. Each is now its file's problem, and the others are built."""
    for n, (name, text) in enumerate(NUMBERS.items()):
        archive.add(name, unique_id(n, text))
    archive.add("good.yaml", GOOD)
    result = archive.run()
    limit = "must be at most 999,999,999,999,999"
    assert sorted(str(p) for p in result.archive.problems) == [
        "docs/postmortems/digits-400.yaml:9:21: impact.user.affected_users: 400 digits, out of "
        f"range: {limit}",
        "docs/postmortems/digits-5000.yaml:9:21: impact.user.affected_users: 5,000 digits; a "
        "number in a postmortem has at most 1,000 (write a longer identifier in quotes, as text)",
        "docs/postmortems/digits-structured.yaml:9:29: impact.user.affected_users.value: 400 "
        f"digits, out of range: {limit}",
        "docs/postmortems/float-large.yaml:9:21: impact.user.affected_users: 1e+308 is out of "
        f"range: {limit}",
        "docs/postmortems/float-overflow.yaml:7:13: x-team[1]: 1.0e400 is beyond the largest "
        "number a postmortem can hold (about 1.8e308); write it as text",
        "docs/postmortems/metric.yaml:10:26: impact.user.metrics[0].value: 999 digits, out of "
        f"range: {limit}",
        "docs/postmortems/text-large.yaml:9:21: impact.user.affected_users: "
        "'999999999999999999 billion' is too large; a count of users has at most 15 digits",
    ]
    published = sorted(i.source for i in result.archive.incidents)
    assert published == ["docs/postmortems/good.yaml", "docs/postmortems/prefix-only.yaml"]
    pages = {p.incident.source: p.text for p in result.pages if p.incident is not None}
    assert "0x_" in pages["docs/postmortems/prefix-only.yaml"]  # no digits: the text it is


def test_dates_out_of_range_are_the_files_problems(archive: Archive) -> None:
    """``date: 9999-12-31`` with a time rolling over midnight: the next day is past Python's
    last, and the build stopped. The schema refuses the date; the rows are read from another
    day, and say nothing of it (no order, no summer time read against year 1)."""
    archive.add("late.yaml", incident_yaml(date="9999-12-31") + ROLLOVER)
    archive.add(
        "early.yaml",
        incident_yaml(id="INC-2", date="0001-01-01")
        + "timestamps:\n  started: '23:00 PST'\n  resolved: '00:30'\n",
    )
    archive.add("last.yaml", incident_yaml(id="INC-3", date="2099-12-31") + ROLLOVER)
    archive.add("good.yaml", GOOD)
    result = archive.run()
    assert sorted(str(p) for p in result.archive.problems) == [
        "docs/postmortems/early.yaml:3:7: date: '0001-01-01' is not a valid date: A calendar "
        "date, YYYY-MM-DD, between 1900 and 2099.",
        "docs/postmortems/late.yaml:3:7: date: '9999-12-31' is not a valid date: A calendar "
        "date, YYYY-MM-DD, between 1900 and 2099.",
    ]
    assert sorted(i.id for i in result.archive.incidents) == ["INC-3", "INC-GOOD"]
    last = next(i for i in result.archive.incidents if i.id == "INC-3")
    assert last.moments[("timeline", 1, "time")].reading.startswith("2100-01-01 00:30")
    assert {p.incident.id for p in result.pages if p.incident is not None} == {
        "INC-1",
        "INC-2",
        "INC-3",
        "INC-GOOD",
    }  # the two refused dates have previews


def test_an_unexpected_failure_is_the_files_problem(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The net under every known cause: a failure nobody foresaw while one file is checked is a
    problem of that file, which names the failure, and the build goes on."""
    real = load.read_values

    def failing(data: dict[str, Any], *args: Any) -> Any:
        if data.get("id") == "INC-1":
            raise OverflowError("date value out of range")
        return real(data, *args)

    monkeypatch.setattr(load, "read_values", failing)
    archive.add("bad.yaml", HEAD).add("good.yaml", GOOD)
    result: Result = archive.run()
    assert [str(p) for p in result.archive.problems] == [
        "docs/postmortems/bad.yaml:1:1: (document): this file could not be checked "
        "(OverflowError: date value out of range); it is left out of the archive. This is a "
        "bug of mkdocs-postmortem: please report it with the file"
    ]
    assert [i.id for i in result.archive.incidents] == ["INC-GOOD"]


@pytest.mark.parametrize(
    "written",
    [
        "2026-01-05 14:02 -08:00 - 2026-01-05 15:00 -08:00",
        "2026-01-05 14:02 UTC-8 - 2026-01-05 15:00 UTC-8",
        "Mon, Jan 5, 2026 at 2:02 PM PST - Mon, Jan 5, 2026 at 3:00 PM PST",
    ],
)
def test_the_longest_written_ranges_are_still_read(written: str) -> None:
    """Ranges whose ends hold dashes of their own: within the separators a range is tried at."""
    table = ZoneTable()
    reading = read_moment(written, Context(date(2026, 1, 5), table.resolve("UTC"), table=table))
    zone = reading.moment.zone
    assert reading.moment.reading == (
        f"between 2026-01-05 14:02 {zone} = 22:02Z and 2026-01-05 15:00 {zone} = 23:00Z"
    )
