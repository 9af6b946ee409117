"""Problems printed for people (text), for GitHub Actions annotations, and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from ..core.problems import Problem

FORMATS = ("text", "github", "json")


def summary(problems: Sequence[Problem], checked: int, skipped: int = 0) -> str:
    """One line; ``skipped`` files were named on the command line but are not postmortems of
    any archive, and are said so rather than left out silently."""
    files = len({p.file for p in problems})
    if not problems:
        line = f"{checked} file{'s' if checked != 1 else ''} checked, no problems"
    else:
        line = (
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''} ({checked} checked)"
        )
    if skipped:
        line += (
            f"; skipped {skipped} file that is not a postmortem"
            if skipped == 1
            else f"; skipped {skipped} files that are not postmortems"
        )
    return line


def render(problems: Sequence[Problem], checked: int, fmt: str, *, skipped: int = 0) -> str:
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
                "skipped": skipped,
                "summary": summary(problems, checked, skipped),
            },
            indent=2,
            ensure_ascii=False,
        )
    if fmt == "github":
        lines = [_annotation(p) for p in problems]
        lines.append(summary(problems, checked, skipped))
        return "\n".join(lines)
    blocks = [
        "\n".join(str(p) for p in group) for _, group in groupby(problems, key=lambda p: p.file)
    ]
    return "\n\n".join([*blocks, summary(problems, checked, skipped)])


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
