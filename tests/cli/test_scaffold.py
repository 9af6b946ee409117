"""`mkdocs-postmortem new`: the next id, where the file goes, and a scaffold whose hints come
from the schema and read back as YAML."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from factories import settings

from mkdocs_postmortem.cli.scaffold import (
    REQUIRED_ORDER,
    _scalar,
    file_name,
    folder,
    new_postmortem,
    next_id,
    schema_url,
    team_required,
)
from mkdocs_postmortem.core.placeholders import unreplaced
from mkdocs_postmortem.core.read import parse
from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.core.schema import effective_schema
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.validate import SchemaValidator

TODAY = date(2026, 3, 4)


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        ([], "INC-2026-001"),
        (["INC-2026-001", "INC-2026-007", "INC-2026-003"], "INC-2026-008"),
        (["INC-2025-041", "INC-2025-042"], "INC-2026-001"),
        (["INC-2026-1000"], "INC-2026-1001"),
        (["INC-2026-009", "OPS-2026-050", "INC-2026-050-b", "inc-2026-060"], "INC-2026-010"),
    ],
)
def test_next_id_per_year_with_the_default_format(existing: list[str], expected: str) -> None:
    assert next_id(settings(), existing, TODAY) == expected


@pytest.mark.parametrize(
    ("id_format", "existing", "expected"),
    [
        ("OPS-{seq}", ["OPS-4", "OPS-12", "INC-2026-099"], "OPS-13"),
        ("{year}.{seq:04d}", ["2026.0009", "2026x0010", "2025.0500"], "2026.0010"),
        ("PM-{seq:02d}/{year}", ["PM-05/2026", "PM-99/2025"], "PM-06/2026"),
        ("[{year}]-{seq}", ["[2026]-3"], "[2026]-4"),
    ],
)
def test_next_id_with_the_team_format(id_format: str, existing: list[str], expected: str) -> None:
    """Without ``{year}`` the sequence runs across years; regex characters are literal."""
    assert next_id(settings(id_format=id_format), existing, TODAY) == expected


@pytest.mark.parametrize("id_format", ["INC-{year}", "INC-FIXED", "INC-{year}-{n}"])
def test_next_id_refuses_a_format_without_seq(id_format: str) -> None:
    with pytest.raises(ValueError, match=r"id_format needs a \{seq\} placeholder"):
        next_id(settings(id_format=id_format), [], TODAY)


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (("postmortems/**/*.yaml", "other/*.yml"), "postmortems"),
        (("docs/pm/*.yml",), "docs/pm"),
        (("pm/20[0-9][0-9]/*.yaml",), "pm"),
        (("team/incident-?/*.yaml",), "team"),
        (("*.yaml",), ""),
        (("**/*.yaml",), ""),
    ],
)
def test_folder_is_the_fixed_part_of_the_first_glob(paths: tuple[str, ...], expected: str) -> None:
    assert folder(settings(paths=paths)) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("DB: down!", "2026-01-05-db-down.yaml"),
        ("  Checkout 500s (EU) ", "2026-01-05-checkout-500s-eu.yaml"),
        ("a" * 59 + " b", "2026-01-05-" + "a" * 59 + ".yaml"),
        ("a" * 60 + " b", "2026-01-05-" + "a" * 60 + ".yaml"),
        ("x" * 80, "2026-01-05-" + "x" * 60 + ".yaml"),
        (
            "Checkout payment pool exhausted by a retry storm from the mobile clients",
            "2026-01-05-checkout-payment-pool-exhausted-by-a-retry-storm-from-the.yaml",
        ),
        (
            "Payments: connection pool exhausted after failover caused retry storms",
            "2026-01-05-payments-connection-pool-exhausted-after-failover-caused.yaml",
        ),
        ("Ärger mit Öl, Übermaß an Größe", "2026-01-05-aerger-mit-oel-uebermass-an-groesse.yaml"),
        ("Café déjà vu: naïve façade", "2026-01-05-cafe-deja-vu-naive-facade.yaml"),
        ("Łódź, Ørsted, Æsir", "2026-01-05-lodz-orsted-aesir.yaml"),
        ("ﬁle ① ＡＢＣ", "2026-01-05-file-1-abc.yaml"),
        ("障害: 東京", "2026-01-05-inc-2026-001.yaml"),
    ],
)
def test_file_name(title: str, expected: str) -> None:
    """The title as ASCII words (German umlauts as ae, oe, ue; accents dropped), cut at a word
    boundary to at most 60 characters; a title without Latin letters or digits gives the id."""
    assert file_name("2026-01-05", title, "INC-2026-001") == expected


@pytest.mark.parametrize(
    ("site_url", "prefix", "expected"),
    [
        ("", "postmortems", ""),
        (
            "https://docs.example.org",
            "postmortems",
            "https://docs.example.org/postmortems/schema.json",
        ),
        ("https://example.org/team/", "ops/pm", "https://example.org/team/ops/pm/schema.json"),
    ],
)
def test_schema_url(site_url: str, prefix: str, expected: str) -> None:
    assert schema_url(settings(site_url=site_url, prefix=prefix)) == expected


def scaffold(s: Settings, *, title: str = "DB: down", incident_id: str = "INC-2026-001") -> str:
    return new_postmortem(
        effective_schema(s),
        s,
        incident_id=incident_id,
        title=title,
        severity="SEV2",
        incident_date="2026-01-05",
    )


def test_new_postmortem_head_and_required_fields() -> None:
    text = scaffold(settings(site_url="https://docs.example.org/"))
    assert text.split("\n")[:12] == [
        "# yaml-language-server: $schema=https://docs.example.org/postmortems/schema.json",
        "# Postmortem INC-2026-001. Required: id, title, date, severity, status, summary.",
        "# Merge it as a draft and fill in the rest during the review: uncomment what you need.",
        "",
        "id: INC-2026-001",
        'title: "DB: down"',
        "date: 2026-01-05",
        "severity: SEV2",
        "status: draft",
        "summary: |  # Replace this placeholder text: the build refuses it unchanged.",
        "  What happened, who or what was impacted, and how service was restored,",
        "  in 2-3 sentences a non-technical reader understands.",
    ]


def test_new_postmortem_without_a_site_url_has_no_schema_line() -> None:
    assert scaffold(settings()).startswith("# Postmortem INC-2026-001. Required: ")


def test_new_postmortem_parses_to_exactly_the_required_fields() -> None:
    data = parse(scaffold(settings())).data
    assert list(data) == list(REQUIRED_ORDER)
    assert data == {
        "id": "INC-2026-001",
        "title": "DB: down",
        "date": "2026-01-05",
        "severity": "SEV2",
        "status": "draft",
        "summary": "What happened, who or what was impacted, and how service was restored,\n"
        "in 2-3 sentences a non-technical reader understands.\n",
    }


def test_new_postmortem_is_a_valid_draft() -> None:
    s = settings()
    schema = effective_schema(s)
    assert SchemaValidator.compiled(schema).issues(parse(scaffold(s)).data) == []


def test_what_a_team_schema_requires_or_adds_is_named(tmp_path: Path) -> None:
    """The scaffold cannot fill what a team's schema requires: its head names those fields,
    and a field the team adds has its commented hint like every other."""
    team = tmp_path / "team.schema.json"
    team.write_text(
        json.dumps(
            {
                "required": ["services", "x-cost-centre", "summary"],
                "properties": {"x-cost-centre": {"type": "string", "title": "Cost centre"}},
            }
        ),
        encoding="utf-8",
    )
    s = settings(team_schema=str(team))
    assert team_required(effective_schema(s)) == ["services", "x-cost-centre"]
    text = scaffold(s)
    assert text.split("\n")[0] == (
        "# Postmortem INC-2026-001. Required: id, title, date, severity, status, summary; "
        "by the team's schema: services, x-cost-centre."
    )
    assert '\n# x-cost-centre: ""  # Cost centre\n' in text
    assert team_required(effective_schema(settings())) == []


def test_the_summary_is_the_placeholder_the_loader_refuses() -> None:
    """The scaffold writes the core's placeholder, so the check and the scaffold never drift."""
    data = parse(scaffold(settings())).data
    assert [path for path, _ in unreplaced(data)] == [("summary",)]


def test_every_other_top_level_section_is_a_commented_hint() -> None:
    s = settings()
    text = scaffold(s)
    hinted = re.findall(r"^# ([a-z_]+):", text, flags=re.MULTILINE)
    optional = [k for k in effective_schema(s)["properties"] if k not in REQUIRED_ORDER]
    assert hinted == optional
    assert (
        "\n## A single sentence on what happened and its impact; used as the page description.\n"
        in text
    )
    assert '\n# one_line_summary: ""  # One-line summary\n' in text
    assert (
        "\n# incident_status: investigating  # Incident status: "
        "investigating | identified | monitoring | resolved\n"
    ) in text
    assert all(len(line) <= 100 for line in text.split("\n") if line.startswith("## "))


def uncommented(text: str) -> str:
    """The scaffold with every hint uncommented, as an editor's "toggle comment" does; the
    descriptions ("## ") stay comments."""
    head, _, hints = text.partition("summary: |")
    return head + "summary: |" + re.sub(r"^# ", "", hints, flags=re.MULTILINE)


def test_uncommenting_every_hint_gives_every_field_in_a_mapping() -> None:
    s = settings()
    schema = effective_schema(s)
    data = parse(uncommented(scaffold(s))).data
    assert list(data) == list(schema["properties"])
    assert data["people"]["responders"] == [{"name": "", "role": ""}]
    assert data["contributing_factors"] == [{"factor": "", "category": "detection", "details": ""}]
    assert data["impact"]["business"]["sla_breach"] is False
    assert data["impact"]["user"]["affected_users"] == 0
    assert data["timestamps"]["started"] == "YYYY-MM-DD HH:MM"


def test_uncommented_placeholders_have_the_right_shapes() -> None:
    """Each placeholder is of the field's type: what the schema still refuses is only an
    empty value or an unfilled format (a date, a timestamp)."""
    s = settings()
    data = parse(uncommented(scaffold(s))).data
    issues = SchemaValidator(effective_schema(s)).detailed_issues(data)
    unexpected = [
        (i.path, i.message)
        for i in issues
        if i.message != "must not be empty" and not re.match(r"'[^']*' is not a valid ", i.message)
    ]
    assert unexpected == []


def test_hints_follow_the_team_scales() -> None:
    s = settings(priority=Scale.build("priority", [{"id": "Now"}, {"id": "Later"}]))
    assert "#     priority: Now  # Priority: Now | Later\n" in scaffold(s)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("SEV2", "SEV2"),
        ("INC-2026-001", "INC-2026-001"),
        ("2026-01-05", "2026-01-05"),
        ("DB (primary) down, again/1.", "DB (primary) down, again/1."),
        ("yes", "yes"),
        ("on", "on"),
        ("true", '"true"'),
        ("False", '"False"'),
        ("NULL", '"NULL"'),
        ("~", '"~"'),
        ("1.5", '"1.5"'),
        ("0", '"0"'),
        ("1_000", '"1_000"'),
        ("1e5", '"1e5"'),
        ("0x1F", '"0x1F"'),
        ("0o17", '"0o17"'),
        ("a: b", '"a: b"'),
        ("12:30", '"12:30"'),
        ("a #b", '"a #b"'),
        ("-x", '"-x"'),
        ("Ünïcode", '"Ünïcode"'),
        ('say "hi"', '"say \\"hi\\""'),
    ],
)
def test_scalar_quotes_what_the_loader_would_read_differently(value: str, written: str) -> None:
    assert _scalar(value) == written
    assert parse(f"k: {written}").data["k"] == value


def test_scalar_quotes_a_binary_integer() -> None:
    assert parse(f"k: {_scalar('0b101')}").data["k"] == "0b101"
