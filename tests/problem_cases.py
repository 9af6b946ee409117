"""Each kind of problem a postmortem can have, with the exact ``file:line:col: field: message``
it gets: run against the core (tests/core), and once through a real build and the command line
(tests/builds)."""

from __future__ import annotations

from factories import incident_yaml

GOOD = incident_yaml(id="INC-GOOD", title="Good neighbour")
FILE = "docs/postmortems/bad.yaml"


def head(**changes: object) -> str:
    return incident_yaml(**changes)


# (name, content of bad.yaml, expected warning: file:line:col: field: message-fragment)
CASES = [
    (
        "yaml-syntax",
        "id: INC-1\ntitle: [unclosed\ndate: 2026-01-05\n",
        f"{FILE}:3:5: (document): YAML syntax error: did not find expected ',' or ']'",
    ),
    (
        "tab-indent",
        "id: INC-1\nimpact:\n  level: outage\n\tscope: x\n",
        f"{FILE}:4:1: (document): YAML syntax error: found a tab character",
    ),
    (
        "two-documents",
        head() + "---\nid: INC-2\n",
        f"{FILE}:7:1: (document): a postmortem file holds one YAML document",
    ),
    ("empty-file", "", f"{FILE}:1:1: (document): file is empty"),
    ("top-level-list", "- id: INC-1\n", f"{FILE}:1:1: (document): the top level must be a mapping"),
    ("top-level-scalar", "just text\n", f"{FILE}:1:1: (document): the top level must be a mapping"),
    (
        "python-tag",
        head() + "x-run: !!python/object/apply:os.system [echo hi]\n",
        f"{FILE}:7:8: (document): YAML tags that construct objects are not allowed",
    ),
    ("missing-required", head(summary=None), f"{FILE}:1:1: summary: required field is missing"),
    (
        "missing-nested",
        head() + "timeline:\n  - time: '10:00'\n",
        f"{FILE}:8:5: timeline[0].event: required field is missing",
    ),
    (
        "wrong-type",
        head() + "services: api\n",
        f"{FILE}:7:11: services: expected a list, got a string ('api')",
    ),
    (
        "wrong-type-number",
        head() + "impact:\n  user:\n    affected_users: many\n",
        f"{FILE}:9:21: impact.user.affected_users: 'many' is not a figure this archive can read; "
        "write a number, or a figure as written: about 80%",
    ),
    (
        "unknown-field",
        head() + "sumary: typo\n",
        f"{FILE}:7:1: sumary: unknown field (did you mean 'summary'?)",
    ),
    (
        "bad-enum",
        head(status="done"),
        f"{FILE}:5:9: status: 'done' is not allowed; expected one of: draft, in-review, final, archived",
    ),
    (
        "unknown-severity",
        head(severity="SEV9"),
        f"{FILE}:4:11: severity: 'SEV9' is not allowed; expected one of: SEV1 (or SEV-1",
    ),
    (
        "bad-id",
        head(id="../etc/passwd"),
        f"{FILE}:1:5: id: '../etc/passwd' is not a valid incident id",
    ),
    ("id-with-space", head(id="INC 1"), f"{FILE}:1:5: id: 'INC 1' is not a valid incident id"),
    (
        "impossible-date",
        head(date="2026-02-30"),
        f"{FILE}:3:7: date: '2026-02-30' is not a valid date",
    ),
    (
        "impossible-timestamp",
        head() + "timestamps:\n  started: '2026-01-05T25:61:00Z'\n",
        f"{FILE}:8:12: timestamps.started: '2026-01-05T25:61:00Z' is not a real time of day; "
        "write 2026-01-05 14:02, 14:02 UTC, 06:57 PST",
    ),
    (
        "duplicate-key",
        head() + "title: Again\n",
        f"{FILE}:7:1: title: this key appears twice in the same mapping",
    ),
    (
        "bad-priority",
        head() + "action_items:\n  - action: Fix it\n    priority: Urgent\n",
        f"{FILE}:9:15: action_items[0].priority: 'Urgent' is not allowed; expected one of: P0",
    ),
    (
        "bad-category",
        head() + "contributing_factors:\n  - factor: Too slow\n    category: vibes\n",
        f"{FILE}:9:15: contributing_factors[0].category: 'vibes' is not allowed",
    ),
    (
        "bad-relation-form",
        head() + "related_incidents:\n  - 42\n",
        f"{FILE}:8:5: related_incidents[0]: expected",
    ),
    (
        "bad-relation-type",
        head() + "related_incidents:\n  - id: INC-GOOD\n    type: cousin-of\n",
        f"{FILE}:9:11: related_incidents[0].type: 'cousin-of' is not allowed",
    ),
    (
        "unknown-timezone",
        head(timezone="Mars/Olympus"),
        f"{FILE}:7:11: timezone: unknown timezone 'Mars/Olympus'",
    ),
    (
        "not-utf8",
        b"id: INC-1\ntitle: caf\xe9\n",
        f"{FILE}:2:11: (document): file is not valid UTF-8",
    ),
    (
        "self-relation",
        head() + "related_incidents:\n  - INC-1\n",
        f"{FILE}:8:5: related_incidents[0]: an incident cannot be related to itself",
    ),
    (
        "dangling-relation",
        head() + "related_incidents:\n  - id: INC-404\n    type: caused-by\n",
        f"{FILE}:8:9: related_incidents[0].id: no incident with id 'INC-404' in the archive",
    ),
    (
        "indentation-slip",
        head() + "people:\nincident_commander: Alice\n",
        f"{FILE}:7:8: people: expected a mapping, got nothing — is 'incident_commander' on "
        "line 8 meant to be indented under 'people:'?",
    ),
    (
        "resolved-before-started",
        head() + "timestamps:\n  started: '2026-01-05T10:00:00Z'\n"
        "  resolved: '2026-01-05T09:00:00Z'\n",
        f"{FILE}:9:13: timestamps.resolved: resolved (2026-01-05T09:00:00Z) is before started",
    ),
    # Issue 22, item 5: every link on a page leads somewhere.
    (
        "url-field-missing-target",
        head() + "links:\n  - title: p99\n    url: img/graph.png\n",
        f"{FILE}:9:10: links[0].url: the link 'img/graph.png' points to "
        "'postmortems/img/graph.png', which is not a file of the docs; a link is relative to "
        "this YAML file, as in a Markdown page beside it",
    ),
    (
        "url-field-outside-docs",
        head() + "supporting_data:\n  graphs:\n    - title: p99\n      url: ../../p99.png\n",
        f"{FILE}:10:12: supporting_data.graphs[0].url: the link '../../p99.png' points outside "
        "the docs folder",
    ),
    (
        "recurrence-of-a-later-incident",
        head(date="2025-12-01") + "related_incidents:\n  - id: INC-GOOD\n    type: recurrence-of\n",
        f"{FILE}:9:11: related_incidents[0].type: 'recurrence-of' INC-GOOD, dated 2026-01-05, "
        "is later than this incident (2025-12-01): a recurrence comes after the incident it "
        "repeats; declare it in INC-GOOD's file",
    ),
    # Issue 22, item 7: messages that say what is expected.
    (
        "status-did-you-mean",
        head() + "action_items:\n  - action: Fix it\n    status: In Progres\n",
        f"{FILE}:9:13: action_items[0].status: 'In Progres' is not allowed (did you mean "
        "'in-progress'?); expected one of: open, in-progress, blocked, done, cancelled, unknown",
    ),
    (
        "document-status-did-you-mean",
        head(status="Fnal"),
        f"{FILE}:5:9: status: 'Fnal' is not allowed (did you mean 'final'?); expected one of: "
        "draft, in-review, final, archived",
    ),
    (
        "type-error-names-the-keys",
        head() + "impact:\n  business:\n    revenue: 50000\n",
        f"{FILE}:9:14: impact.business.revenue: expected a mapping with amount, currency and "
        "description, got an integer (50000)",
    ),
    (
        "half-indented-key",
        head() + "people:\n  incident_commander: Alice\n scribe: Bob\n",
        f"{FILE}:9:2: (document): YAML syntax error: did not find expected key (while parsing "
        "a block mapping) — is 'scribe' on line 9 meant to line up with 'incident_commander' "
        "on line 8 (1 space against 2)?",
    ),
    (
        "entry-one-space-off",
        head() + "action_items:\n  - action: Fix it\n    owner: sre\n   - action: Test it\n",
        f"{FILE}:10:4: (document): YAML syntax error: did not find expected '-' indicator "
        "(while parsing a block collection) — is the entry on line 10 meant to line up with "
        "the entry on line 8 ('-' after 3 spaces against 2)?",
    ),
    (
        "key-dropped-to-the-top-level",
        head() + "people:\n  incident_commander: Alice\nscribe: Bob\n",
        f"{FILE}:9:1: scribe: unknown field at the top level — is it meant to be indented "
        "under 'people:' on line 7, lined up with 'incident_commander' on line 8?",
    ),
]
PUBLISHED_DESPITE = {
    "self-relation",
    "dangling-relation",
    "resolved-before-started",
    "url-field-missing-target",
    "url-field-outside-docs",
    "recurrence-of-a-later-incident",
}
NO_PREVIEW = {  # no mapping, or no usable id (a file YAML cannot read: no one id line): no page
    "two-documents",
    "empty-file",
    "top-level-list",
    "top-level-scalar",
    "python-tag",
    "bad-id",
    "id-with-space",
}


def unique_ids(name: str, content: str | bytes) -> str | bytes:
    """The case's file with its id made its own (``INC-1`` becomes ``INC-<name>``), so every
    case can sit in one archive; lines and columns stay the same."""
    if isinstance(content, bytes):
        return content.replace(b"id: INC-1\n", f"id: INC-{name}\n".encode())
    return content.replace("id: INC-1\n", f"id: INC-{name}\n").replace(
        "  - INC-1\n", f"  - INC-{name}\n"
    )
