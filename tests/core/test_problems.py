"""The one problem format: ``file:line:col: field: message``, field paths, and ordering."""

from __future__ import annotations

import pytest

from mkdocs_postmortem.core.problems import DOCUMENT, Problem, field_path


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((), DOCUMENT),
        ([], "(document)"),
        (("summary",), "summary"),
        (("impact", "user", "affected_users"), "impact.user.affected_users"),
        (("action_items", 2, "owner"), "action_items[2].owner"),
        (("services", 0), "services[0]"),
        (("a", 0, 1, "b"), "a[0][1].b"),
        ((3,), "[3]"),
        (["timeline", 10, "event"], "timeline[10].event"),
    ],
)
def test_field_path(parts: tuple[str | int, ...], expected: str) -> None:
    assert field_path(parts) == expected


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("a\nb", "x.a\\nb"),
        ("tab\there", "x.tab\\there"),
        ("bell\x07", "x.bell\\x07"),
        ("café", "x.café"),
    ],
)
def test_field_path_escapes_keys_that_would_break_the_line(key: str, shown: str) -> None:
    """A problem is one line; a key with a line break (or another control) must stay on it.
    Printable non-ASCII keys are shown as written."""
    assert field_path(("x", key)) == shown


def test_str_is_file_line_column_field_message() -> None:
    problem = Problem("docs/postmortems/a.yaml", 7, 11, "services", "expected a list")
    assert str(problem) == "docs/postmortems/a.yaml:7:11: services: expected a list"


def test_str_does_not_show_blocking() -> None:
    problem = Problem("f.yaml", 1, 1, DOCUMENT, "file is empty", blocking=False)
    assert str(problem) == "f.yaml:1:1: (document): file is empty"


def test_problems_are_blocking_unless_said_otherwise() -> None:
    assert Problem("f", 1, 1, "id", "m").blocking is True


def test_problems_sort_by_file_then_line_and_column_as_numbers() -> None:
    """Line 10 comes after line 9 (numbers, not text), and files group together."""
    problems = [
        Problem("b.yaml", 1, 1, "id", "m"),
        Problem("a.yaml", 10, 1, "title", "m"),
        Problem("a.yaml", 9, 5, "date", "m"),
        Problem("a.yaml", 9, 3, "status", "m"),
    ]
    assert [(p.file, p.line, p.column) for p in sorted(problems)] == [
        ("a.yaml", 9, 3),
        ("a.yaml", 9, 5),
        ("a.yaml", 10, 1),
        ("b.yaml", 1, 1),
    ]


def test_problems_at_one_place_sort_by_field_then_message() -> None:
    problems = [
        Problem("a.yaml", 1, 1, "title", "b"),
        Problem("a.yaml", 1, 1, "title", "a"),
        Problem("a.yaml", 1, 1, "id", "z"),
    ]
    assert [(p.field, p.message) for p in sorted(problems)] == [
        ("id", "z"),
        ("title", "a"),
        ("title", "b"),
    ]


def test_problems_are_values() -> None:
    """Equal problems are one in a set: a rule that runs twice does not double a report."""
    one = Problem("a.yaml", 1, 5, "id", "m")
    assert one == Problem("a.yaml", 1, 5, "id", "m")
    assert len({one, Problem("a.yaml", 1, 5, "id", "m")}) == 1
    assert one != Problem("a.yaml", 1, 5, "id", "m", blocking=False)
