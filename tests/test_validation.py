"""Each kind of problem: the exact file:line:col and field in the warning, --strict fails, and the
valid incidents beside the bad file are still published."""

from __future__ import annotations

import pytest
from conftest import SiteBuilder, incident_yaml

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
        f"{FILE}:9:21: impact.user.affected_users: expected an integer, got a string ('many')",
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
        f"{FILE}:8:12: timestamps.started: '2026-01-05T25:61:00Z' is not a valid timestamp: YYYY-MM-DDTHH:MM",
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
        "resolved-before-started",
        head() + "timestamps:\n  started: '2026-01-05T10:00:00Z'\n"
        "  resolved: '2026-01-05T09:00:00Z'\n",
        f"{FILE}:9:13: timestamps.resolved: resolved (2026-01-05T09:00:00Z) is before started",
    ),
]
PUBLISHED_DESPITE = {"self-relation", "dangling-relation", "resolved-before-started"}
NO_PREVIEW = {  # no mapping, or no usable id: no page at all
    "yaml-syntax",
    "tab-indent",
    "two-documents",
    "empty-file",
    "top-level-list",
    "top-level-scalar",
    "python-tag",
    "not-utf8",
    "bad-id",
    "id-with-space",
}


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_problem_is_reported_at_its_line(
    site: SiteBuilder, name: str, content: str | bytes, expected: str
) -> None:
    site.add("postmortems/good.yaml", GOOD)
    site.add("postmortems/bad.yaml", content)
    result = site.build()
    assert not result.aborted
    assert any(w.startswith(expected) for w in result.warnings), (expected, result.warnings)
    # The good incident is published whatever happens to its neighbour.
    assert "Good neighbour" in result.text("postmortems/incidents/inc-good/")
    health = result.text("postmortems/health/")
    message = expected.split(": ", 2)[2]
    assert "docs/postmortems/bad.yaml" in health and message in health
    if name in PUBLISHED_DESPITE:
        page = result.text("postmortems/incidents/inc-1/")
        assert "Published with 1 warning" in page and message in page
        assert "INC-1" in result.text("postmortems/severity/sev2/")
    else:
        assert "INC-1" not in result.text("postmortems/severity/sev2/")
        assert "1 file with problems" in result.text("postmortems/")
        if name in NO_PREVIEW:
            assert not result.exists("postmortems/incidents/inc-1/")
        else:  # a preview shows what could be rendered, with every problem on top
            page = result.text("postmortems/incidents/inc-1/")
            assert "Not published: this postmortem has" in page and message in page


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_strict_build_fails(
    site: SiteBuilder, name: str, content: str | bytes, expected: str
) -> None:
    site.add("postmortems/good.yaml", GOOD)
    site.add("postmortems/bad.yaml", content)
    assert site.build(strict=True).aborted


def test_clean_archive_passes_strict(site: SiteBuilder) -> None:
    site.add("postmortems/good.yaml", GOOD)
    result = site.build(strict=True)
    assert not result.aborted
    assert not result.plugin_warnings


def test_duplicate_ids_name_both_files(site: SiteBuilder) -> None:
    site.add("postmortems/a.yaml", incident_yaml(id="INC-7", title="First"))
    site.add("postmortems/b.yaml", incident_yaml(id="inc-7", title="Second"))
    result = site.build()
    assert any(
        w.startswith(
            "docs/postmortems/a.yaml:1:5: id: id 'INC-7' is also used by docs/postmortems/b.yaml"
        )
        for w in result.warnings
    ), result.warnings
    assert any(
        w.startswith(
            "docs/postmortems/b.yaml:1:5: id: the same id ('INC-7' differs only in case) "
            "is already used by docs/postmortems/a.yaml"
        )
        for w in result.warnings
    ), result.warnings
    assert "First" in result.text("postmortems/incidents/inc-7/")
    assert "docs/postmortems/b.yaml" in result.text("postmortems/health/")
    assert site.build(strict=True).aborted


def test_every_problem_of_a_file_is_reported(site: SiteBuilder) -> None:
    site.add(
        "postmortems/bad.yaml", head(status="done", severity="SEV9", summary=None) + "sumary: x\n"
    )
    warnings = site.build().warnings
    fields = sorted(w.split(": ")[1] for w in warnings if w.startswith(FILE))
    # Still one warning per problem, and the preview page renders despite all four.
    assert fields == ["severity", "status", "sumary", "summary"]


def test_alias_bomb_is_refused_quickly(site: SiteBuilder) -> None:
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for n, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{n}: &{n} [{', '.join(['*' + prev] * 9)}]")
    site.add("postmortems/bomb.yaml", "\n".join(lines) + "\n")
    site.add("postmortems/good.yaml", GOOD)
    result = site.build()
    assert any(
        "docs/postmortems/bomb.yaml:1:1: (document): document expands to more than" in w
        for w in result.warnings
    )
    assert result.exists("postmortems/incidents/inc-good/")


def test_file_size_limit_is_configurable(site: SiteBuilder) -> None:
    site.plugin_options = {"max_file_size": 200}
    site.add("postmortems/big.yaml", head(summary="x" * 500))
    result = site.build()
    assert any(
        w.startswith("docs/postmortems/big.yaml:1:1: (document): file is")
        and "over the limit of 200 bytes" in w
        for w in result.warnings
    )


def test_yaml_scalars_stay_as_written(site: SiteBuilder) -> None:
    """18:05 is not the base-60 number 1085, no is not false, 0.10 stays 0.10 on the page."""
    site.add(
        "postmortems/x.yaml",
        head() + "timeline:\n  - time: '18:05'\n    event: Alert\n"
        "impact:\n  duration: no\ndocument:\n  version: '0.10'\n",
    )
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    text = result.text("postmortems/incidents/inc-1/")
    assert "18:05" in text and "0.10" in text
