"""Problems printed for people (text), for GitHub Actions annotations, and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from ..core.problems import Problem

FORMATS = ("text", "github", "json")


def summary(problems: Sequence[Problem], checked: int) -> str:
    files = len({p.file for p in problems})
    if not problems:
        return f"{checked} file{'s' if checked != 1 else ''} checked, no problems"
    return (
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''} ({checked} checked)"
    )


def render(problems: Sequence[Problem], checked: int, fmt: str) -> str:
    problems = sorted(problems)
    if fmt == "json":
        return json.dumps(
            {
                "checked": checked,
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "column": p.column,
                        "field": p.field,
                        "message": p.message,
                        "blocking": p.blocking,
                    }
                    for p in problems
                ],
                "summary": summary(problems, checked),
            },
            indent=2,
            ensure_ascii=False,
        )
    if fmt == "github":
        lines = [_annotation(p) for p in problems]
        lines.append(summary(problems, checked))
        return "\n".join(lines)
    blocks = [
        "\n".join(str(p) for p in group) for _, group in groupby(problems, key=lambda p: p.file)
    ]
    return "\n\n".join([*blocks, summary(problems, checked)])


def _annotation(problem: Problem) -> str:
    """A workflow command; GitHub shows it on the file's line in the pull request."""
    level = "error" if problem.blocking else "warning"
    props = (
        f"file={_prop(problem.file)},line={problem.line},col={problem.column},"
        f"title={_prop(problem.field)}"
    )
    return f"::{level} {props}::{_data(problem.message)}"


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
