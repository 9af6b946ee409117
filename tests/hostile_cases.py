"""Hostile input, made here: files that attack the parser, the validator or the page addresses,
each with the exact problem it must get (tests/core/test_hostile_input.py checks the core,
tests/builds/test_hostile_build.py a real build)."""

from __future__ import annotations

import itertools
from typing import Any

import yaml
from factories import MINIMAL, incident_yaml

from mkdocs_postmortem.core.schema import SchemaWalker, effective_schema
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.validate import SchemaValidator

GOOD = incident_yaml(id="INC-GOOD", title="Good neighbour")
HEAD = incident_yaml()  # six lines: id, title, date, severity, status, summary


def bomb(levels: int = 9) -> str:
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    names = "abcdefghijklmnop"
    for n in range(1, levels):
        refs = ", ".join(["*" + names[n - 1]] * 9)
        lines.append(f"{names[n]}: &{names[n]} [{refs}]")
    return "\n".join(lines) + "\n"


def long_timeline(entries: int) -> str:
    rows = "".join(
        f"  - time: '{i // 60 % 24:02d}:{i % 60:02d}'\n    event: step {i}\n"
        for i in range(entries)
    )
    return HEAD + "timeline:\n" + rows


def long_moment(size: int) -> str:
    """A timeline row whose time is ``1-`` over and over, ``size`` bytes long: every ``-`` may
    be where a range splits, and trying each was quadratic (minutes for 32 KB)."""
    return HEAD + "timeline:\n  - time: '" + "1-" * (size // 2) + "'\n    event: x\n"


def aliased_text(size: int = 400_000, rows: int = 2_000) -> str:
    """A summary of ``size`` characters, anchored, and ``rows`` timeline events that are its
    alias: a 472 KB file whose pages would hold ``size * rows`` characters (782 MB)."""
    words = ("the quick brown fox jumps over the lazy dog " * (size // 44 + 1))[:size]
    head = HEAD.replace("summary: Something broke and was fixed.", f"summary: &s '{words}'")
    return head + "timeline:\n" + "  - {time: '10:00', event: *s}\n" * rows


def figure(value: str) -> str:
    return HEAD + f"impact:\n  user:\n    affected_users: {value}\n"


ROLLOVER = "timeline:\n  - time: '23:00'\n    event: a\n  - time: '00:30'\n    event: b\n"
"""A time more than three hours before the row before it is on the next day."""


# name -> (content of bad.yaml, expected start of the warning after "docs/postmortems/bad.yaml:")
HOSTILE: dict[str, tuple[str | bytes, str]] = {
    "unclosed-quote": (
        'id: INC-1\ntitle: "unclosed\ndate: 2026-01-05\n',
        "4:1: (document): YAML syntax error: found unexpected end of stream",
    ),
    "unclosed-flow-mapping": (
        "id: INC-1\ntitle: {a: 1\n",
        "3:1: (document): YAML syntax error: did not find expected ',' or '}'",
    ),
    "bad-indentation": (
        "id: INC-1\n  title: x\n",
        "2:8: (document): YAML syntax error: mapping values are not allowed",
    ),
    "unknown-alias": (
        "id: INC-1\ntitle: *nowhere\n",
        "2:8: (document): YAML syntax error: found undefined alias",
    ),
    "bad-escape": (
        'id: INC-1\ntitle: "\\q"\n',
        "2:9: (document): YAML syntax error: found unknown escape character",
    ),
    "nul-byte": (
        b"id: INC-1\ntitle: a\x00b\n",
        "2:9: (document): character U+0000 is not allowed in YAML",
    ),
    "three-documents": (
        HEAD + "---\nid: INC-2\n---\nid: INC-3\n",
        "7:1: (document): a postmortem file holds one YAML document",
    ),
    "alias-bomb": (
        bomb(),
        "1:1: (document): document expands to more than 200,812 values and characters",
    ),
    "deep-nesting": (
        "x-deep: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "1:1008: (document): YAML syntax error: exceeded maximum nesting depth",
    ),
    "deep-mappings": (
        HEAD.replace("summary: ", "summary: " + "{a: " * 700).rstrip("\n") + "}" * 700 + "\n",
        "1:1: (document): values are nested more than 64 levels deep",
    ),
    "fifty-megabytes": (
        HEAD + "x-padding: '" + "x" * (50 * 1024 * 1024) + "'\n",
        "1:1: (document): file is 52,428,",
    ),
    "ten-thousand-entry-timeline": (
        long_timeline(10_000),
        "8:3: timeline: 10,000 entries, over the limit of 2,000 (plugin option max_list_items)",
    ),
    "utf-16": (
        HEAD.encode("utf-16"),
        "1:1: (document): file is not valid UTF-8 (byte 0xff); save it as UTF-8",
    ),
    "latin-1": (
        HEAD.replace("Minimal", "Caf\xe9").encode("latin-1"),
        "2:11: (document): file is not valid UTF-8 (byte 0xe9)",
    ),
    "top-level-number": ("42\n", "1:1: (document): the top level must be a mapping of fields"),
    "only-a-comment": ("# nothing yet\n", "1:1: (document): file is empty"),
    "python-name": (
        HEAD + "x-f: !!python/name:os.system ''\n",
        "7:6: (document): YAML tags that construct objects are not allowed",
    ),
    "python-object-new": (
        HEAD + "x-f: !!python/object/new:subprocess.Popen [[ls]]\n",
        "7:6: (document): YAML tags that construct objects are not allowed",
    ),
    "python-module": (
        HEAD + "x-f: !!python/module:os ''\n",
        "7:6: (document): YAML tags that construct objects are not allowed",
    ),
    "local-tag": (
        HEAD + "x-f: !Ref other\n",
        "7:6: (document): YAML tags that construct objects are not allowed",
    ),
    "number-as-key": (HEAD + "1: x\n", "1:1: (document): key 1 is not text"),
    "null-key-nested": (HEAD + "people:\n  null: x\n", "7:1: people: key null is not text"),
    "not-a-number": (
        HEAD + "impact:\n  business:\n    revenue_lost:\n      amount: .nan\n",
        "10:15: impact.business.revenue_lost.amount: nan is not a number",
    ),
    "binary-tag": (
        HEAD + "x-f: !!binary aGVsbG8=\n",
        "7:6: (document): YAML tags that construct objects are not allowed: '!!binary'",
    ),
    "set-tag": (
        HEAD + "x-f: !!set {a, b}\n",
        "7:6: (document): YAML tags that construct objects are not allowed: '!!set'",
    ),
    "timestamp-tag": (
        HEAD + "x-f: !!timestamp 2026-01-05\n",
        "7:6: (document): YAML tags that construct objects are not allowed: '!!timestamp'",
    ),
    "year-zero": (incident_yaml(date="0000-01-05"), "3:7: date: '0000-01-05' is not"),
    "arabic-indic-digits": (
        HEAD + "timeline:\n  - time: '10:3\u0660'\n    event: Paged\n",
        "8:11: timeline[0].time: '10:3\u0660' is not",
    ),
    "non-leap-day": (
        incident_yaml(date="2025-02-29"),
        "3:7: date: '2025-02-29' is not a valid date",
    ),
    "month-thirteen": (
        HEAD + "timestamps:\n  detected: '2026-13-01T10:00:00Z'\n",
        "8:13: timestamps.detected: '2026-13-01T10:00:00Z' is not a real date: month must be in "
        "1..12; write 2026-01-05 14:02",
    ),
    "mitigated-before-started": (
        HEAD + "timestamps:\n  started: '2026-01-05T10:00:00Z'\n"
        "  mitigated: '2026-01-05T09:59:00Z'\n",
        "9:14: timestamps.mitigated: mitigated (2026-01-05T09:59:00Z) is before started",
    ),
    "unknown-severity-alias": (
        incident_yaml(severity="Sev 1"),
        "4:11: severity: 'Sev 1' is not allowed (did you mean 'SEV-1'?); expected one of:",
    ),
    "severity-wrong-type": (
        incident_yaml(severity=1),
        "4:11: severity: 1 is not allowed; expected one of:",
    ),
    # Issue 21: work bounded by the size of the text, and a file's problem never the build's.
    "moment-100-kb": (
        long_moment(100_000),
        "8:11: timeline[0].time: is too long (100,000 characters; at most 200)",
    ),
    "aliased-text": (
        aliased_text(),
        "1:1: (document): document expands to more than 1,1",
    ),
    "figure-400-digits": (
        figure("9" * 400),
        "9:21: impact.user.affected_users: 400 digits, out of range: must be at most "
        "999,999,999,999,999",
    ),
    "number-5000-digits": (
        figure("9" * 5000),
        "9:21: impact.user.affected_users: 5,000 digits; a number in a postmortem has at most "
        "1,000 (write a longer identifier in quotes, as text)",
    ),
    "float-overflow": (
        HEAD + "x-team: 1.0e400\n",
        "7:9: x-team: 1.0e400 is beyond the largest number a postmortem can hold",
    ),
    "rollover-past-year-9999": (
        incident_yaml(date="9999-12-31") + ROLLOVER,
        "3:7: date: '9999-12-31' is not a valid date",
    ),
}
PUBLISHED_DESPITE = {"mitigated-before-started"}


def unique_id(n: int, content: str | bytes) -> str | bytes:
    """The n-th hostile file with an id of its own (``INC-<n + 100>``), for one archive."""
    return content.replace("INC-1\n", f"INC-{n + 100}\n") if isinstance(content, str) else content


UNREAD_WITH_ID = {
    "unclosed-quote",
    "unclosed-flow-mapping",
    "bad-indentation",
    "unknown-alias",
    "bad-escape",
    "nul-byte",
    "latin-1",
}
"""Files YAML cannot parse (a syntax error, a character or an encoding it refuses) whose one
``id:`` line names them: a preview under that id shows the error. Object tags are refused, not
previewed; three ``id:`` lines name no one file."""


def pages_of_parsed_files() -> set[str]:
    """Page names of the hostile files in one archive (ids from ``unique_id``) that get a
    page: a document that cannot be read, or holds what no validator takes, has none, unless
    its id line names it (``UNREAD_WITH_ID``: the byte files keep INC-1, and the first by path
    has it); one that was validated gets its preview page."""
    refused = (
        "(document)",
        "max_list_items",
        "is not text",
        "is not a number",
        "a number in a postmortem has at most",
        "beyond the largest number",
    )
    pages = set()
    for n, (name, (content, expected)) in enumerate(sorted(HOSTILE.items())):
        if name in UNREAD_WITH_ID:
            pages.add(f"INC-{n + 100}" if isinstance(content, str) else "INC-1")
        elif not any(word in expected for word in refused):
            pages.add(f"INC-{n + 100}")
    return pages


# Every field of the schema, at every depth, given a value of the wrong type.

CANDIDATES: list[tuple[Any, str]] = [
    (["a", "list"], "[a, list]"),
    ({"a": "mapping"}, "{a: mapping}"),
    (12345, "12345"),
    ("some text", "some text"),
]
MARKER = "WRONG-TYPE-MARKER"


def _validator() -> SchemaValidator:
    return SchemaValidator(effective_schema(Settings(docs_dir=".", project_dir=".")))


def _field_paths() -> list[tuple[str | int, ...]]:
    """Every property path in the bundled schema; list items are reached through index 0."""
    walker = SchemaWalker(effective_schema(Settings(docs_dir=".", project_dir=".")))
    paths: list[tuple[str | int, ...]] = []
    stack: list[tuple[tuple[str | int, ...], Any, int]] = [((), walker.root, 0)]
    while stack:
        path, node, depth = stack.pop()
        node = walker.object_branch(node)
        if depth > 6:
            continue
        if path:
            paths.append(path)
        for name, child in node.get("properties", {}).items():
            stack.append(((*path, name), child, depth + 1))
        items = node.get("items")
        if isinstance(items, dict):
            stack.append(((*path, 0), items, depth + 1))
    return sorted({p for p in paths if not isinstance(p[-1], int)}, key=str)


def _place(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """MINIMAL with ``value`` at ``path``; parents are created as needed."""
    data: dict[str, Any] = dict(MINIMAL)
    node: Any = data
    for key, nxt in itertools.pairwise(path):
        child: Any = [] if isinstance(nxt, int) else {}
        if isinstance(node, list):
            node.append(child)
        else:
            node[key] = child
        node = child
    if isinstance(node, list):
        node.append(value)
    else:
        node[path[-1]] = value
    return data


def _wrong_type_documents() -> list[tuple[str, str, str]]:
    """(field path, YAML text, expected 'line:col: field') for every field of the schema."""
    validator = _validator()
    out = []
    for path in _field_paths():
        dotted = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path)
        dotted = dotted.replace(".[", "[")
        flow = next(
            (
                flow
                for value, flow in CANDIDATES
                if any(tuple(i.path) == path for i in validator.issues(_place(path, value)))
            ),
            None,
        )
        if flow is None:
            continue  # the field takes any of these (free-form); nothing is the wrong type
        text = yaml.safe_dump(_place(path, MARKER), sort_keys=False)
        line_no, line = next((n, s) for n, s in enumerate(text.splitlines(), 1) if MARKER in s)
        column = line.index(MARKER) + 1
        out.append((dotted, text.replace(MARKER, flow), f"{line_no}:{column}: {dotted}: "))
    return out


WRONG_TYPES = _wrong_type_documents()


# Ids that try to leave their folder or pass for another id.

BAD_IDS = [
    "../escape",
    "INC-1/../../escape",
    "a/b",
    "..\\escape",
    "%2e%2e",
    "INC%2F1",
    ".",
    "..",
    "INC 1",
    "INC-1\u2010X",  # a hyphen look-alike
    "\u0406NC-1",  # Cyrillic I
    "\uff29\uff2e\uff23-1",  # fullwidth INC
    "INC-1\u200b",  # zero-width space
    "",
]


def relation(target: str, kind: str) -> str:
    return f"related_incidents:\n  - id: {target}\n    type: {kind}\n"
