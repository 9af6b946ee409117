"""Problems printed for people, for GitHub Actions annotations and as JSON."""

from __future__ import annotations

import json

import pytest

from mkdocs_postmortem.cli.formats import FORMATS, render, summary
from mkdocs_postmortem.core.problems import Problem

PROBLEMS = [
    Problem("docs/b.yaml", 3, 1, "title", "is required"),
    Problem("docs/a.yaml", 12, 5, "severity", "SEV9 is not a level", blocking=False),
    Problem("docs/a.yaml", 2, 1, "(document)", "duplicate key"),
]


def test_formats() -> None:
    assert FORMATS == ("text", "github", "json")


def test_text_groups_problems_by_file_with_a_blank_line_between_files() -> None:
    assert render(PROBLEMS, 4, "text") == (
        "docs/a.yaml:2:1: (document): duplicate key\n"
        "docs/a.yaml:12:5: severity: SEV9 is not a level\n"
        "\n"
        "docs/b.yaml:3:1: title: is required\n"
        "\n"
        "3 problems in 2 files (4 checked)"
    )


def test_text_without_problems_is_the_summary() -> None:
    assert render([], 2, "text") == "2 files checked, no problems"


@pytest.mark.parametrize(
    ("problems", "checked", "line"),
    [
        ([], 0, "0 files checked, no problems"),
        ([], 1, "1 file checked, no problems"),
        ([], 7, "7 files checked, no problems"),
        (PROBLEMS[:1], 1, "1 problem in 1 file (1 checked)"),
        (PROBLEMS[1:], 5, "2 problems in 1 file (5 checked)"),
        (PROBLEMS, 2, "3 problems in 2 files (2 checked)"),
    ],
)
def test_summary_wording_and_plurals(problems: list[Problem], checked: int, line: str) -> None:
    assert summary(problems, checked) == line


@pytest.mark.parametrize(
    ("problems", "skipped", "line"),
    [
        ([], 1, "2 files checked, no problems; skipped 1 file that is not a postmortem"),
        (
            PROBLEMS[:1],
            3,
            "1 problem in 1 file (2 checked); skipped 3 files that are not postmortems",
        ),
    ],
)
def test_summary_says_what_was_skipped(problems: list[Problem], skipped: int, line: str) -> None:
    """Files named on the command line that are no postmortem are counted, not dropped."""
    assert summary(problems, 2, skipped) == line
    for fmt in ("text", "github"):
        assert render(problems, 2, fmt, skipped=skipped).split("\n")[-1] == line
    document = json.loads(render(problems, 2, "json", skipped=skipped))
    assert (document["skipped"], document["summary"]) == (skipped, line)


def test_github_annotations_error_or_warning_then_summary() -> None:
    assert render(PROBLEMS, 4, "github").split("\n") == [
        "::error file=docs/a.yaml,line=2,col=1,title=(document)::duplicate key",
        "::warning file=docs/a.yaml,line=12,col=5,title=severity::SEV9 is not a level",
        "::error file=docs/b.yaml,line=3,col=1,title=title::is required",
        "3 problems in 2 files (4 checked)",
    ]


def test_github_escapes_workflow_command_characters() -> None:
    """``%``, CR and LF in the message; also ``:`` and ``,`` in properties, which would end
    a property early."""
    problem = Problem("docs/a,b:c%.yaml", 1, 2, "x-a:b,c", "50% done\r\nnext: a, b")
    assert render([problem], 1, "github").split("\n")[0] == (
        "::error file=docs/a%2Cb%3Ac%25.yaml,line=1,col=2,title=x-a%3Ab%2Cc"
        "::50%25 done%0D%0Anext: a, b"
    )


def test_json_structure() -> None:
    document = json.loads(render(PROBLEMS, 4, "json"))
    assert document == {
        "checked": 4,
        "problems": [
            {
                "file": "docs/a.yaml",
                "line": 2,
                "column": 1,
                "field": "(document)",
                "message": "duplicate key",
                "blocking": True,
            },
            {
                "file": "docs/a.yaml",
                "line": 12,
                "column": 5,
                "field": "severity",
                "message": "SEV9 is not a level",
                "blocking": False,
            },
            {
                "file": "docs/b.yaml",
                "line": 3,
                "column": 1,
                "field": "title",
                "message": "is required",
                "blocking": True,
            },
        ],
        "skipped": 0,
        "summary": "3 problems in 2 files (4 checked)",
    }


def test_json_keeps_non_ascii_and_is_indented() -> None:
    text = render([Problem("docs/ü.yaml", 1, 1, "title", "ß")], 1, "json")
    assert '"file": "docs/ü.yaml"' in text
    assert text.startswith('{\n  "checked": 1,\n  "problems": [\n    {\n')
    assert json.loads(render([], 3, "json")) == {
        "checked": 3,
        "problems": [],
        "skipped": 0,
        "summary": "3 files checked, no problems",
    }
