"""Schema problems in words an author can act on, the fast and detailed validators in agreement,
and the shape checks that run before the schema."""

from __future__ import annotations

from typing import Any

import pytest
from factories import MINIMAL, settings

from mkdocs_postmortem.core.indentation import Slip, explain_slips, indentation_slips, misaligned
from mkdocs_postmortem.core.read import DocumentError, parse
from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.core.schema import effective_schema
from mkdocs_postmortem.core.validate import (
    Issue,
    SchemaValidator,
    has_odd_shapes,
    long_lists,
    odd_values,
)

VALIDATOR = SchemaValidator.compiled(effective_schema(settings()))

SEVERITIES = (
    "SEV1 (or SEV-1, Sev-1, sev-1, Sev1, sev1), SEV2 (or SEV-2, Sev-2, sev-2, Sev2, sev2), "
    "SEV3 (or SEV-3, Sev-3, sev-3, Sev3, sev3), SEV4 (or SEV-4, Sev-4, sev-4, Sev4, sev4), "
    "or unrated (no level stated)"
)
ID_RULE = (
    "Unique across the archive (case-insensitive) and used in the page URL: letters, digits, "
    "'-', '_' and '.', starting with a letter or digit, at most 64 characters. "
    "Example: INC-2026-014."
)
DATE_RULE = "A calendar date, YYYY-MM-DD, between 1900 and 2099."


def doc(**fields: Any) -> dict[str, Any]:
    """MINIMAL with ``fields`` changed (None removes a field)."""
    data = {**MINIMAL, **fields}
    return {k: v for k, v in data.items() if v is not None}


def issues(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    return [(i.path, i.message) for i in VALIDATOR.issues(data)]


def test_a_minimal_document_is_valid() -> None:
    assert VALIDATOR.issues(doc()) == []
    assert VALIDATOR.is_valid(doc())


# --- each kind of message -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (doc(summary=None), ("summary",)),
        (doc(timeline=[{"time": "10:00"}]), ("timeline", 0, "event")),
        (doc(related_incidents=[{"type": "causes"}]), ("related_incidents", 0, "id")),
        (doc(people={"responders": [{"role": "IC"}]}), ("people", "responders", 0, "name")),
    ],
)
def test_required_is_reported_at_the_parent(data: dict[str, Any], path: tuple[Any, ...]) -> None:
    """The field is missing, so the only place to point at is the mapping that lacks it."""
    assert VALIDATOR.issues(data) == [Issue(path, "required field is missing", at_parent=True)]


def test_every_missing_required_field_is_reported() -> None:
    assert issues({"id": "INC-1"}) == [
        (("date",), "required field is missing"),
        (("severity",), "required field is missing"),
        (("status",), "required field is missing"),
        (("summary",), "required field is missing"),
        (("title",), "required field is missing"),
    ]


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (doc(sumary="typo"), ("sumary",), "unknown field (did you mean 'summary'?)"),
        (
            doc(impact={"levl": "outage"}),
            ("impact", "levl"),
            "unknown field (did you mean 'level'?)",
        ),
        (
            doc(timeline=[{"time": "10:00", "event": "e", "actr": "me"}]),
            ("timeline", 0, "actr"),
            "unknown field (did you mean 'actor'?)",
        ),
        (doc(zzzzzz=1), ("zzzzzz",), "unknown field; team fields must start with 'x-'"),
        (
            doc(impact={"qqq": 1}),
            ("impact", "qqq"),
            "unknown field; team fields must start with 'x-'",
        ),
    ],
)
def test_unknown_fields_point_at_the_key(
    data: dict[str, Any], path: tuple[Any, ...], message: str
) -> None:
    """A close name is suggested; with none, the author learns how to add a team field."""
    assert VALIDATOR.issues(data) == [Issue(path, message, at_key=True)]


def test_team_fields_are_allowed_at_any_level() -> None:
    data = doc(**{"x-cost": {"eur": 5}}, impact={"x-note": [1, None]}, timestamps={"x-paged": 3})
    assert VALIDATOR.issues(data) == []


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (doc(services="api"), ("services",), "expected a list, got a string ('api')"),
        (
            doc(impact="bad"),
            ("impact",),
            "expected a mapping with keys such as summary, level and customer_scope, got a "
            "string ('bad')",
        ),
        (doc(title=5), ("title",), "expected a string, got an integer (5)"),
        (doc(title=1.5), ("title",), "expected a string, got a number (1.5)"),
        (doc(title=[1]), ("title",), "expected a string, got a list ([1])"),
        (
            # A figure may be written as text ("about 80%"): the model reads it, not the schema.
            doc(impact={"user": {"affected_users": 2.5}}),
            ("impact", "user", "affected_users"),
            "expected an integer or a figure as written (about 80%, 40-50%, >5 million) or a "
            "mapping {value, min, max, at_least, at_most}, got a number (2.5)",
        ),
        (
            doc(impact={"user": {"affected_users": True}}),
            ("impact", "user", "affected_users"),
            "expected an integer or a figure as written (about 80%, 40-50%, >5 million) or a "
            "mapping {value, min, max, at_least, at_most}, got a boolean (true)",
        ),
        (
            doc(impact={"business": {"sla_breach": "yes"}}),
            ("impact", "business", "sla_breach"),
            "expected true or false, got a string ('yes')",
        ),
        (
            doc(impact={"user": {"metrics": [{"name": "p99", "value": [1]}]}}),
            ("impact", "user", "metrics", 0, "value"),
            "expected a number or a string or a figure as written (about 80%, 40-50%, >5 million) "
            "or a mapping {value, min, max, at_least, at_most}, got a list ([1])",
        ),
    ],
)
def test_type_messages_use_yaml_words(
    data: dict[str, Any], path: tuple[Any, ...], message: str
) -> None:
    assert issues(data) == [(path, message)]


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (
            doc(impact={"business": {"revenue": 50000}}),
            ("impact", "business", "revenue"),
            "expected a mapping with amount, currency and description, got an integer (50000)",
        ),
        (
            doc(impact={"business": {"revenue": "about $2M"}}),
            ("impact", "business", "revenue"),
            "expected a mapping with amount, currency and description, got a string ('about $2M')",
        ),
        (
            doc(people="Alice"),
            ("people",),
            "expected a mapping with keys such as incident_commander, scribe and authors, got "
            "a string ('Alice')",
        ),
        (  # required keys first
            doc(timeline=["10:00 alert"]),
            ("timeline", 0),
            "expected a mapping with event, time and actor, got a string ('10:00 alert')",
        ),
        (
            doc(glossary=[["SLO"]]),
            ("glossary", 0),
            "expected a mapping with term and definition, got a list (['SLO'])",
        ),
        (
            doc(review_meeting=True),
            ("review_meeting",),
            "expected a mapping with keys such as held, date and facilitator, got a boolean (true)",
        ),
        (
            doc(resolution={"verification": {"monitoring": "two weeks"}}),
            ("resolution", "verification", "monitoring"),
            "expected a mapping with start, duration and assignee, got a string ('two weeks')",
        ),
    ],
)
def test_a_type_error_names_the_keys_a_mapping_takes(
    data: dict[str, Any], path: tuple[Any, ...], message: str
) -> None:
    """Not just "expected a mapping": the keys the author is to write, from the schema."""
    assert issues(data) == [(path, message)]


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (
            doc(action_items=[{"action": "a", "status": "In Progres"}]),
            ("action_items", 0, "status"),
            "'In Progres' is not allowed (did you mean 'in-progress'?); expected one of: open, "
            "in-progress, blocked, done, cancelled, unknown",
        ),
        (  # through the other spellings the schema names: 'Not Started' is open
            doc(action_items=[{"action": "a", "status": "Not Strted"}]),
            ("action_items", 0, "status"),
            "'Not Strted' is not allowed (did you mean 'open'?); expected one of: open, "
            "in-progress, blocked, done, cancelled, unknown",
        ),
        (
            doc(status="Fnal"),
            ("status",),
            "'Fnal' is not allowed (did you mean 'final'?); expected one of: draft, in-review, "
            "final, archived",
        ),
        (
            doc(incident_status="resloved"),
            ("incident_status",),
            "'resloved' is not allowed (did you mean 'resolved'?); expected one of: "
            "investigating, identified, monitoring, resolved",
        ),
        (
            doc(impact={"level": "degarded"}),
            ("impact", "level"),
            "'degarded' is not allowed (did you mean 'degraded'?); expected one of: outage, "
            "degraded, partial, minor",
        ),
        (  # every enum of the schema, not only the statuses
            doc(links=[{"url": "https://example.com", "kind": "runbok"}]),
            ("links", 0, "kind"),
            "'runbok' is not allowed (did you mean 'runbook'?); expected one of: pr, ticket, "
            "dashboard, logs, trace, runbook, doc, adr, channel, status-page, tool, vendor, other",
        ),
        (
            doc(contributing_factors=[{"factor": "f", "category": "configuraton"}]),
            ("contributing_factors", 0, "category"),
            "'configuraton' is not allowed (did you mean 'configuration'?); expected one of: "
            "detection, process, testing, documentation, capacity, dependency, configuration, "
            "code-defect, human-error",
        ),
        (  # nothing near: the list alone
            doc(status="done"),
            ("status",),
            "'done' is not allowed; expected one of: draft, in-review, final, archived",
        ),
        (  # a number is never corrected: SEV9 is not a slip of SEV1
            doc(severity="SEV-9"),
            ("severity",),
            f"'SEV-9' is not allowed; expected one of: {SEVERITIES}",
        ),
        (
            doc(action_items=[{"action": "a", "priority": "P5"}]),
            ("action_items", 0, "priority"),
            "'P5' is not allowed; expected one of: P0 (or Critical, critical), "
            "P1 (or High, high), P2 (or Medium, medium), P3 (or Low, low)",
        ),
    ],
)
def test_a_value_near_an_allowed_one_says_did_you_mean(
    data: dict[str, Any], path: tuple[Any, ...], message: str
) -> None:
    assert issues(data) == [(path, message)]


def test_long_values_are_shortened_in_messages() -> None:
    assert issues(doc(services="x" * 100)) == [
        (("services",), "expected a list, got a string ('" + "x" * 56 + "...)")
    ]


@pytest.mark.parametrize(
    ("data", "python_word"),
    [
        ({**MINIMAL, "title": None}, "None"),
        ({**MINIMAL, "status": None}, "None"),
        (doc(impact={"user": {"affected_users": True}}), "True"),
    ],
)
def test_values_in_messages_are_written_as_yaml(data: dict[str, Any], python_word: str) -> None:
    found = issues(data)
    assert len(found) == 1
    assert python_word not in found[0][1], found


def test_a_line_break_in_a_value_does_not_break_the_message() -> None:
    found = issues(doc(status="final\nand more"))
    assert len(found) == 1
    assert "\n" not in found[0][1], found


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (
            doc(status="done"),
            ("status",),
            "'done' is not allowed; expected one of: draft, in-review, final, archived",
        ),
        (
            doc(impact={"level": 3}),
            ("impact", "level"),
            "3 is not allowed; expected one of: outage, degraded, partial, minor",
        ),
        (
            doc(severity="SEV9"),
            ("severity",),
            f"'SEV9' is not allowed; expected one of: {SEVERITIES}",
        ),
        (
            doc(severity="sev 1"),
            ("severity",),
            f"'sev 1' is not allowed (did you mean 'SEV-1'?); expected one of: {SEVERITIES}",
        ),
        (
            doc(action_items=[{"action": "a", "priority": "urgent"}]),
            ("action_items", 0, "priority"),
            "'urgent' is not allowed; expected one of: P0 (or Critical, critical), "
            "P1 (or High, high), P2 (or Medium, medium), P3 (or Low, low)",
        ),
        (
            doc(contributing_factors=[{"factor": "f", "category": "luck"}]),
            ("contributing_factors", 0, "category"),
            "'luck' is not allowed; expected one of: detection, process, testing, documentation, "
            "capacity, dependency, configuration, code-defect, human-error",
        ),
    ],
)
def test_enums_list_what_is_expected(
    data: dict[str, Any], path: tuple[Any, ...], message: str
) -> None:
    """A team's scales carry ``x-expected`` (ids with their aliases); other enums list values."""
    assert issues(data) == [(path, message)]


def test_the_team_scales_are_the_enums() -> None:
    severity = Scale.build("severity", [{"id": "High", "aliases": ["h"]}, {"id": "Low"}])
    team = SchemaValidator.compiled(effective_schema(settings(severity=severity)))
    assert issues(doc(severity="h")) != []
    assert team.issues(doc(severity="h")) == []
    assert [(i.path, i.message) for i in team.issues(doc(severity="SEV2"))] == [
        (
            ("severity",),
            "'SEV2' is not allowed; expected one of: High (or h), Low, or unrated (no level "
            "stated)",
        )
    ]


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (doc(id="a..b"), ("id",), f"'a..b' is not a valid incident id: {ID_RULE}"),
        (doc(id="../x"), ("id",), f"'../x' is not a valid incident id: {ID_RULE}"),
        (doc(date="26-02-01"), ("date",), f"'26-02-01' is not a valid date: {DATE_RULE}"),
        (doc(date="2026-02-30"), ("date",), f"'2026-02-30' is not a valid date: {DATE_RULE}"),
        (
            # Times are read by the model (any written form); the schema takes a text.
            doc(timestamps={"started": ""}),
            ("timestamps", "started"),
            "must not be empty",
        ),
        (
            doc(impact={"business": {"revenue": {"currency": "eur"}}}),
            ("impact", "business", "revenue", "currency"),
            "'eur' is not a valid currency: ISO currency code, e.g. USD.",
        ),
        (
            doc(related_incidents=["../x"]),
            ("related_incidents", 0),
            "'../x' is not a valid incident id: The id of another incident of the archive.",
        ),
    ],
)
def test_pattern_and_format_messages_name_the_field_and_its_rule(
    data: dict[str, Any], path: tuple[Any, ...], message: str
) -> None:
    """The message is built from the schema's title and description. A date that fails both
    the pattern and the format is reported once."""
    assert issues(data) == [(path, message)]


def test_a_pattern_without_title_or_description() -> None:
    validator = SchemaValidator({"type": "string", "pattern": "^a$"})
    assert validator.issues("b") == [Issue((), "'b' is not a valid value")]


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (doc(title=""), ("title",), "must not be empty"),
        (doc(people={"scribe": ""}), ("people", "scribe"), "must not be empty"),
        (doc(title="t" * 301), ("title",), "is too long (301 characters; at most 300)"),
        (doc(environment="e" * 101), ("environment",), "is too long (101 characters; at most 100)"),
        (
            doc(impact={"user": {"affected_users": -1}}),
            ("impact", "user", "affected_users"),
            "-1 is out of range: must be at least 0",
        ),
        (
            doc(impact={"user": {"affected_users_percent": 100.5}}),
            ("impact", "user", "affected_users_percent"),
            "100.5 is out of range: must be at most 100",
        ),
        (doc(services=["api", "db", "api"]), ("services",), "lists the same value more than once"),
    ],
)
def test_length_range_and_uniqueness(
    data: dict[str, Any], path: tuple[Any, ...], message: str
) -> None:
    assert issues(data) == [(path, message)]


def test_characters_not_bytes_are_counted() -> None:
    assert issues(doc(title="é" * 300)) == []
    assert issues(doc(title="😀" * 301)) == [
        (("title",), "is too long (301 characters; at most 300)")
    ]


def test_other_keywords_keep_the_jsonschema_message() -> None:
    validator = SchemaValidator({"type": "string", "minLength": 2})
    assert validator.issues("b") == [Issue((), "'b' is too short")]


# --- alternatives (anyOf) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (
            doc(related_incidents=[{"id": "INC-2", "type": "bogus"}]),
            ("related_incidents", 0, "type"),
            "'bogus' is not allowed; expected one of: related, recurrence-of, caused-by, causes, "
            "duplicate-of, parent-of, child-of",
        ),
        (
            doc(related_incidents=[{"id": 5}]),
            ("related_incidents", 0, "id"),
            "expected a string, got an integer (5)",
        ),
        (
            doc(contributing_factors=[{"category": "testing"}]),
            ("contributing_factors", 0, "factor"),
            "required field is missing",
        ),
        (
            doc(detection={"methods": ["pager"]}),
            ("detection", "methods", 0),
            "'pager' is not allowed; expected one of: automated-alert, synthetic-monitor, "
            "customer-report, internal-report, monitoring-review, security-scan, other",
        ),
    ],
)
def test_the_branch_of_the_values_type_is_reported(
    data: dict[str, Any], path: tuple[Any, ...], message: str
) -> None:
    """A mapping is checked as the mapping form, a string as the string form: the author is
    told what is wrong in the form they chose, not that 'no alternative matched'."""
    assert issues(data) == [(path, message)]


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (
            doc(related_incidents=["INC-2", 3]),
            ("related_incidents", 1),
            "expected a string or a mapping with id, type and note, got an integer (3)",
        ),
        (
            doc(contributing_factors=[["a"]]),
            ("contributing_factors", 0),
            "expected a string or a mapping with factor, category and details, got a list (['a'])",
        ),
    ],
)
def test_a_value_of_no_branchs_type_lists_the_forms(
    data: dict[str, Any], path: tuple[Any, ...], message: str
) -> None:
    assert issues(data) == [(path, message)]


def test_needs_at_least_one_of() -> None:
    data = doc(communication={"internal": {"notifications": [{"audience": "all"}, {"done": True}]}})
    assert issues(data) == [
        (
            ("communication", "internal", "notifications", 1),
            "needs at least one of: audience, channel",
        )
    ]


@pytest.mark.parametrize(
    ("schema", "value", "message"),
    [
        (
            {"anyOf": [{"enum": ["a", "b"]}, {"enum": ["c"]}]},
            "z",
            "expected one of a, b or one of c, got a string ('z')",
        ),
        (
            {"anyOf": [{"type": "integer"}, {"type": "boolean"}]},
            "z",
            "expected an integer or true or false, got a string ('z')",
        ),
        (
            {"oneOf": [{"type": "integer"}, {"type": "object", "required": ["a", "b"]}]},
            "z",
            "expected an integer or a mapping with a and b, got a string ('z')",
        ),
        (
            {"anyOf": [{"not": {}}, {"const": 1}]},
            "z",
            "expected a value or a value, got a string ('z')",
        ),
    ],
)
def test_alternatives_without_a_matching_branch(
    schema: dict[str, Any], value: Any, message: str
) -> None:
    assert SchemaValidator(schema).issues(value) == [Issue((), message)]


# --- order, duplicates, compilation ----------------------------------------------------------


def test_issues_are_sorted_by_path_then_message() -> None:
    data = doc(status="x", title="", zzz=1, impact={"level": "bad"}, summary=None)
    assert [i.path for i in VALIDATOR.issues(data)] == [
        ("impact", "level"),
        ("status",),
        ("summary",),
        ("title",),
        ("zzz",),
    ]


def test_identical_issues_from_several_branches_are_reported_once() -> None:
    """A team schema repeating a bundled rule (allOf) must not double the problem."""
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "allOf": [
            {"required": ["a"]},
            {"required": ["a"]},
            {"properties": {"a": {"type": "string"}}},
        ],
    }
    validator = SchemaValidator(schema)
    assert validator.issues({}) == [Issue(("a",), "required field is missing", at_parent=True)]
    assert validator.issues({"a": 1}) == [Issue(("a",), "expected a string, got an integer (1)")]
    assert len(list(validator._validator.iter_errors({"a": 1}))) == 2


def test_compiled_is_one_validator_per_schema() -> None:
    first = SchemaValidator.compiled(effective_schema(settings()))
    again = SchemaValidator.compiled(effective_schema(settings(timezone="Europe/Berlin")))
    assert again is first  # an equal schema, built again
    other = SchemaValidator.compiled({"type": "string", "title": "other"})
    assert other is not first
    assert other.is_valid("x") and not other.is_valid(1)


def test_compiled_keeps_the_last_eight_schemas() -> None:
    """A team schema edited many times under serve must not grow the cache without end."""
    made = [SchemaValidator.compiled({"type": "integer", "title": f"v{n}"}) for n in range(9)]
    assert SchemaValidator.compiled({"type": "integer", "title": "v8"}) is made[8]
    assert SchemaValidator.compiled({"type": "integer", "title": "v1"}) is made[1]
    assert SchemaValidator.compiled({"type": "integer", "title": "v0"}) is not made[0]


def test_an_invalid_schema_is_refused() -> None:
    from jsonschema.exceptions import SchemaError

    with pytest.raises(SchemaError):
        SchemaValidator({"type": "text"})


# --- the fast validator agrees with the detailed one -----------------------------------------

AGREEMENT = [
    doc(),
    doc(summary=None),
    doc(date="2026-02-29"),
    doc(date="2028-02-29"),
    doc(date="2026-2-01"),
    doc(timestamps={"started": "2026-01-01T24:00Z"}),
    doc(timestamps={"started": "2026-01-01T10:00+24:00"}),
    doc(timestamps={"started": "2026-01-01T10:00+23:59"}),
    doc(timestamps={"started": "2026-01-01 10:00:00.123456"}),
    doc(timestamps={"started": "2026-01-01T10:00:60Z"}),
    doc(timestamps={"x-started": 5}),
    doc(impact={"user": {"affected_users": 5.0}}),
    doc(impact={"user": {"affected_users": True}}),
    doc(impact={"user": {"affected_users": 10**30}}),
    doc(impact={"user": {"affected_users_percent": 100.0000000000001}}),
    doc(title="😀" * 300),
    doc(title="😀" * 301),
    doc(services=["a", "a "]),
    doc(id="a" * 64),
    doc(id="a" * 65),
    doc(id="INC-١"),
    doc(date="２０２６-01-05"),
    doc(related_incidents=["INC-1", {"id": "INC-2", "type": "causes"}, 3]),
    doc(communication={"internal": {"notifications": [{"done": True}]}}),
]


@pytest.mark.parametrize("data", AGREEMENT)
def test_fast_and_detailed_validators_agree(data: dict[str, Any]) -> None:
    assert VALIDATOR._fast is not None
    assert VALIDATOR.is_valid(data) == (VALIDATOR.detailed_issues(data) == [])
    assert VALIDATOR.is_valid(data) == (VALIDATOR.issues(data) == [])


@pytest.mark.parametrize(
    "data",
    [
        doc(id="INC-1\n"),
        doc(timestamps={"started": "2026-01-01T10:00\n"}),
        doc(timezone="Europe/Berlin\n"),
    ],
)
def test_fast_and_detailed_validators_agree_on_a_final_line_break(data: dict[str, Any]) -> None:
    assert VALIDATOR.is_valid(data) == (VALIDATOR.detailed_issues(data) == [])


# --- shapes a postmortem cannot hold ---------------------------------------------------------


def test_long_lists_are_found_with_their_path_and_length() -> None:
    data = {"a": [1, 2, 3], "b": {"c": [[1, 2, 3], [1]]}, "d": [1, 2]}
    assert long_lists(data, 2) == [(("a",), 3), (("b", "c", 0), 3)]
    assert long_lists(data, 3) == []


def test_a_long_list_is_not_walked() -> None:
    """Bounded work: the entries of a list over the limit are not looked at."""
    assert long_lists({"a": [[1, 2, 3]] * 3}, 2) == [(("a",), 3)]


def test_odd_values() -> None:
    data = {
        1: "a",
        None: 1,
        1.5: 0,
        "fine": {"x": [float("nan"), {"y": float("-inf")}], "ok": 1.5},
    }
    assert odd_values(data) == [
        ((), "key 1 is not text; write it in quotes ('1') or rename it"),
        ((), "key 1.5 is not text; write it in quotes ('1.5') or rename it"),
        ((), "key null is not text; write it in quotes ('null') or rename it"),
        (("fine", "x", 0), "nan is not a number a postmortem can hold; write it as text"),
        (("fine", "x", 1, "y"), "-inf is not a number a postmortem can hold; write it as text"),
    ]


def test_a_boolean_key_is_shown_as_yaml_writes_it() -> None:
    assert odd_values({"a": {True: 1, False: 2}}) == [
        (("a",), "key false is not text; write it in quotes ('false') or rename it"),
        (("a",), "key true is not text; write it in quotes ('true') or rename it"),
    ]


@pytest.mark.parametrize(
    ("data", "limit", "odd"),
    [
        (doc(), 10, False),
        ({"a": [1, 2]}, 2, False),
        ({"a": [1, 2, 3]}, 2, True),
        ({"a": {"b": [[1, 2, 3]]}}, 2, True),
        ({"a": {1: "x"}}, 10, True),
        ({"a": [{"b": float("inf")}]}, 10, True),
        ({"a": [{"b": 1e308}]}, 10, False),
        ({"a": [None, True, 1, 1.0, "s"]}, 10, False),
    ],
)
def test_has_odd_shapes_agrees_with_the_walks(data: Any, limit: int, odd: bool) -> None:
    """The quick pass that keeps the walks (which name where) off the common, clean file."""
    assert has_odd_shapes(data, limit) is odd
    assert bool(long_lists(data, limit) or odd_values(data)) is odd


def test_has_odd_shapes_leaves_other_types_to_the_walks() -> None:
    """A str subclass is not what YAML gives; the quick pass says 'look closer'."""

    class Text(str):
        pass

    assert has_odd_shapes({"a": Text("x")}, 10) is True
    assert long_lists({"a": Text("x")}, 10) == [] and odd_values({"a": Text("x")}) == []


# --- indentation slips ---------------------------------------------------------------------


def slips(data: dict[str, Any]) -> list[Slip]:
    return indentation_slips(data, VALIDATOR.schema, VALIDATOR.issues(data))


def written(**fields: Any) -> dict[str, Any]:
    """MINIMAL and then ``fields``, in that order, None kept: as YAML gives an empty field."""
    return {**MINIMAL, **fields}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            written(people=None, incident_commander="A", scribe="B", tags=["x"]),
            [Slip(("people",), ("incident_commander", "scribe"), False)],
        ),
        (written(people={}, scribe="B"), [Slip(("people",), ("scribe",), False)]),
        (
            written(impact={"user": None, "affected_users": 5}),
            [Slip(("impact", "user"), ("affected_users",), False)],
        ),
        (written(action_items=None, action="x", owner="y"), [Slip(("action_items",), ("action", "owner"), True)]),
        (written(timeline=[], time="10:00", event="x"), [Slip(("timeline",), ("time", "event"), True)]),
        (
            written(action_items=[{"action": "x", "owner": None, "name": "y"}]),
            [],  # owner is a text: no fields of its own
        ),
        (  # dropped out of a section that holds keys: to line up with its last one
            written(people={"incident_commander": "A"}, scribe="B", on_call="C"),
            [Slip(("people",), ("scribe", "on_call"), False, ("incident_commander",))],
        ),
        (
            written(action_items=[{"action": "x"}, {"action": "y", "owner": "z"}], status="open"),
            [],  # status is a top-level field: not unknown there
        ),
        (
            written(action_items=[{"action": "x"}, {"action": "y", "owner": "z"}], due="2026-03"),
            [Slip(("action_items",), ("due",), True, (1, "owner"))],
        ),
        (
            written(impact={"user": {"affected_users": 5}, "total_users": 10}),
            [Slip(("impact", "user"), ("total_users",), False, ("affected_users",))],
        ),
        (written(contributing_factors=["Too slow."], category="capacity"), []),  # no keys to join
        (written(people=None, sumary="x"), []),  # not a field of people
        (written(people=None, tags=["x"], scribe="B"), []),  # a known key between them
        (written(incident_commander="A", people=None), []),  # before it, not after
    ],
)  # fmt: skip
def test_indentation_slips_are_read_from_the_schema(
    data: dict[str, Any], expected: list[Slip]
) -> None:
    assert slips(data) == expected


def test_explain_slips_says_it_on_both_sides() -> None:
    data = written(people=None, incident_commander="A")
    lines = {("people",): 7, ("incident_commander",): 8}
    explained = explain_slips(VALIDATOR.issues(data), slips(data), lambda path: lines[path])
    assert [(i.path, i.message) for i in explained] == [
        (
            ("incident_commander",),
            "unknown field at the top level — is it meant to be indented under 'people:' on "
            "line 7?",
        ),
        (
            ("people",),
            "expected a mapping, got nothing — is 'incident_commander' on line 8 meant to be "
            "indented under 'people:'?",
        ),
    ]
    assert explain_slips(VALIDATOR.issues(data), [], lambda path: 0) == VALIDATOR.issues(data)


def test_a_key_dropped_out_of_its_section_says_what_to_line_up_with() -> None:
    data = written(people={"incident_commander": "A"}, scribe="B")
    lines = {("people",): 7, ("people", "incident_commander"): 8, ("scribe",): 9}
    explained = explain_slips(VALIDATOR.issues(data), slips(data), lambda path: lines[path])
    assert [(i.path, i.message) for i in explained] == [
        (
            ("scribe",),
            "unknown field at the top level — is it meant to be indented under 'people:' on "
            "line 7, lined up with 'incident_commander' on line 8?",
        )
    ]
    data = written(action_items=[{"action": "x", "owner": "y"}], due="2026-03")
    lines = {("action_items",): 7, ("action_items", 0, "owner"): 9, ("due",): 10}
    explained = explain_slips(VALIDATOR.issues(data), slips(data), lambda path: lines[path])
    assert [(i.path, i.message) for i in explained] == [
        (
            ("due",),
            "unknown field at the top level — is it meant to be in the last entry of "
            "'action_items:' on line 7, lined up with 'owner' on line 9?",
        )
    ]


HEAD = "id: INC-1\ntitle: t\n"
"""Two lines before each case's own: the messages' line numbers count them."""


@pytest.mark.parametrize(
    ("tail", "hint"),
    [
        (  # a key one space more than its sibling
            "people:\n  incident_commander: Alice\n   scribe: Bob\n",
            " — is 'scribe' on line 5 meant to line up with 'incident_commander' on line 4 "
            "(3 spaces against 2)?",
        ),
        (  # one space less
            "people:\n  incident_commander: Alice\n scribe: Bob\n",
            " — is 'scribe' on line 5 meant to line up with 'incident_commander' on line 4 "
            "(1 space against 2)?",
        ),
        (  # the first key is the odd one: both lines are named, neither is blamed
            "people:\n   incident_commander: Alice\n  scribe: Bob\n",
            " — is 'scribe' on line 5 meant to line up with 'incident_commander' on line 4 "
            "(2 spaces against 3)?",
        ),
        (  # a blank line and a comment between them
            "people:\n  incident_commander: Alice\n  # on call\n\n scribe: Bob\n",
            " — is 'scribe' on line 7 meant to line up with 'incident_commander' on line 4 "
            "(1 space against 2)?",
        ),
        (  # an entry one space more than the entry above, whose keys are in between
            "action_items:\n  - action: a\n    owner: x\n   - action: b\n",
            " — is the entry on line 6 meant to line up with the entry on line 4 ('-' after "
            "3 spaces against 2)?",
        ),
        (
            "action_items:\n  - action: a\n    owner: x\n - action: b\n",
            " — is the entry on line 6 meant to line up with the entry on line 4 ('-' after "
            "1 space against 2)?",
        ),
        (  # entries written flush with their list's key
            "action_items:\n- action: a\n - action: b\n",
            " — is the entry on line 5 meant to line up with the entry on line 4 ('-' after "
            "1 space against none)?",
        ),
        (  # a key of an entry, one space off the key after '- '
            "action_items:\n  - action: a\n   owner: x\n",
            " — is 'owner' on line 5 meant to line up with 'action' on line 4 (3 spaces "
            "against 4, counting '- ')?",
        ),
        (
            "action_items:\n  - action: a\n     owner: x\n",
            " — is 'owner' on line 5 meant to line up with 'action' on line 4 (5 spaces "
            "against 4, counting '- ')?",
        ),
        (  # a top-level key
            " date: 2026-01-05\n",
            " — is 'date' on line 3 meant to line up with 'title' on line 2 (1 space against "
            "none)?",
        ),
        ("tags: [a, b\nservices: [c]\n", ""),  # another mistake: no guess
        ("people:\n  incident_commander: Alice\n\tscribe: Bob\n", ""),  # a tab: its own message
        ("summary: |\n  text\n   more: text\n bad: x\n", ""),  # a block's text is not a key
    ],
)
def test_a_syntax_error_names_a_key_or_an_entry_one_space_off(tail: str, hint: str) -> None:
    text = HEAD + tail
    with pytest.raises(DocumentError) as raised:
        parse(text)
    assert misaligned(text, raised.value.line) == hint


def test_a_parent_is_not_a_sibling() -> None:
    """A key one space deeper than a key without a value is its child: valid, no hint."""
    text = HEAD + "people:\n incident_commander: Alice\n  scribe: Bob\n"
    with pytest.raises(DocumentError) as raised:
        parse(text)
    assert misaligned(text, raised.value.line) == (
        " — is 'scribe' on line 5 meant to line up with 'incident_commander' on line 4 (2 "
        "spaces against 1)?"
    )
    assert misaligned(HEAD + "people:\n incident_commander: Alice\n", 4) == ""
