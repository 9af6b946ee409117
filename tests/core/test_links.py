"""Relative links in a postmortem's Markdown: read relative to the YAML file, found only in the
fields the schema says are Markdown and outside code, and a missing target reported once, at
the line of the field, by the check every front end runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from factories import Archive, incident_yaml

from mkdocs_postmortem.core.links import (
    LinkFields,
    destinations,
    docs_listing,
    is_path,
    is_relative,
    resolve,
)
from mkdocs_postmortem.core.schema import bundled_schema

FIELDS = LinkFields(bundled_schema())


def links(data: object) -> list[tuple[tuple[str | int, ...], str]]:
    return list(FIELDS.links(data))


def test_markdown_fields_come_from_the_schema() -> None:
    data = {
        "summary": "see [a](a.md) and [a again](a.md)",
        "title": "see [b](b.md)",  # a title is plain text: shown as written, never a link
        "action_items": [{"action": "[c](c.md)", "owner": "[d](d.md)"}],
        "contributing_factors": ["[e](e.md)", {"factor": "[f](f.md)", "category": "[g](g.md)"}],
        "lessons": {"learned": ["[h](h.md) [web](https://example.com/h.md)"]},
        "x-team": "[i](i.md)",
        "timeline": [{"time": "10:00", "event": "no link here"}],
    }
    assert links(data) == [
        (("summary",), "a.md"),
        (("action_items", 0, "action"), "c.md"),
        (("contributing_factors", 0), "e.md"),
        (("contributing_factors", 1, "factor"), "f.md"),
        (("lessons", "learned", 0), "h.md"),
    ]


def test_url_fields_come_from_the_schema() -> None:
    """Every field the schema types as a URL (``$defs/url``), written as a path."""
    data = {
        "source": {"urls": ["report.pdf", "https://example.com/report"]},
        "detection": {"dashboards": [{"name": "API", "url": "../dashboards/api.md"}]},
        "supporting_data": {"graphs": [{"title": "p99", "url": "img/p99.png"}]},
        "links": [{"url": "OPS-413"}, {"url": "../runbooks/db.md#steps"}],
        "people": {"contacts": [{"name": "DB", "contact": "../teams/db.md"}]},
        "communication": {
            "external": {"status_page": "status/2026-01-05.md"},
            "regulatory": {"documentation": "records/notice.pdf"},
        },
        "document": {"location": "./"},
        "title": "img/not-a-link.png",
    }
    assert links(data) == [
        (("source", "urls", 0), "report.pdf"),
        (("detection", "dashboards", 0, "url"), "../dashboards/api.md"),
        (("supporting_data", "graphs", 0, "url"), "img/p99.png"),
        (("links", 1, "url"), "../runbooks/db.md#steps"),
        (("people", "contacts", 0, "contact"), "../teams/db.md"),
        (("communication", "external", "status_page"), "status/2026-01-05.md"),
        (("communication", "regulatory", "documentation"), "records/notice.pdf"),
        (("document", "location"), "./"),
    ]


def test_a_team_schema_in_all_of_keeps_the_bundled_fields() -> None:
    effective = {"allOf": [bundled_schema(), {"properties": {"summary": {"minLength": 5}}}]}
    assert list(LinkFields(effective).links({"summary": "[a](a.md)"})) == [(("summary",), "a.md")]


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("../runbooks/db.md", True),
        ("img/graph.png", True),
        ("graph.png", True),
        ("runbooks/", True),
        ("./", True),
        ("db.md#failover", True),
        ("status.example.com", True),  # a web address needs its scheme: checked, and refused
        ("JIRA-123", False),
        ("OPS-413", False),
        ("v1.2", False),
        ("#incident-42", False),
        ("Grafana: API latency", False),
        ("docs/runbook v2.md", False),  # a space: a reference, shown as text
        ("https://example.com/a.md", False),
        ("mailto:oncall@example.com", False),
        ("/runbooks/db.md", False),
    ],
)
def test_a_url_field_is_a_path_when_written_as_one(value: str, path: bool) -> None:
    assert is_path(value) is path


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("[runbook](../runbooks/db.md#failover)", ["../runbooks/db.md#failover"]),
        ('![graph](img/p99.png "p99") and [x](<a b.md>)', ["img/p99.png", "a b.md"]),
        ("[x][r]\n\n[r]: ../runbooks/db.md", ["../runbooks/db.md"]),
        ("`[not](code.md)` but [yes](y.md)", ["y.md"]),
        ("```\n[not](fenced.md)\n```\n[yes](y.md)", ["y.md"]),
        ("~~~~yaml\n[not](f.md)\n~~~~", []),
        ("a footnote[^1]\n\n[^1]: Not a link target", []),
        ("[x](https://example.com/a.md) [y](#anchor) [z](mailto:a@b.c)", [
            "https://example.com/a.md", "#anchor", "mailto:a@b.c",
        ]),
    ],
)  # fmt: skip
def test_destinations_outside_code(text: str, found: list[str]) -> None:
    assert destinations(text) == found


@pytest.mark.parametrize(
    ("url", "relative"),
    [
        ("../runbooks/db.md", True),
        ("db.md#x", True),
        ("https://example.com/a.md", False),
        ("//cdn.example.com/a.png", False),
        ("/runbooks/db.md", False),
        ("#anchor", False),
        ("mailto:oncall@example.com", False),
    ],
)
def test_only_relative_links_are_links_into_the_docs(url: str, relative: bool) -> None:
    assert is_relative(url) is relative


def test_a_link_is_read_from_the_yaml_files_folder() -> None:
    yaml_file = "postmortems/2026/inc.yaml"
    assert resolve(yaml_file, "../../runbooks/db%20failover.md#x") == "runbooks/db failover.md"
    assert resolve(yaml_file, "graphs/p99.png") == "postmortems/2026/graphs/p99.png"
    assert resolve(yaml_file, "../../../outside.md") is None


def test_docs_listing_leaves_out_what_mkdocs_leaves_out(tmp_path: Path) -> None:
    for rel in ("index.md", "runbooks/db.md", ".hidden/x.md", "a/.draft.md", "templates/t.html",
                "sub/templates/kept.md", "drafts/wip.md"):  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    listed = docs_listing(str(tmp_path), exclude=lambda rel: rel.startswith("drafts/"))
    assert listed == {"index.md", "runbooks/db.md", "sub/templates/kept.md"}


def archive_with(tmp_path: Path, **fields: object) -> Archive:
    archive = Archive(tmp_path)
    (archive.docs / "runbooks").mkdir()
    (archive.docs / "runbooks" / "db-failover.md").write_text("# Failover\n")
    (archive.docs / "runbooks" / "index.md").write_text("# Runbooks\n")
    (archive.docs / "postmortems" / "graphs").mkdir()
    (archive.docs / "postmortems" / "graphs" / "p99.png").write_bytes(b"png")
    archive.add("inc-1.yaml", incident_yaml(**fields))
    return archive


def test_links_relative_to_the_yaml_file_pass(tmp_path: Path) -> None:
    archive = archive_with(
        tmp_path,
        summary="See the [runbook](../runbooks/db-failover.md#steps), "
        "[all runbooks](../runbooks/), ![p99](graphs/p99.png), the [archive](index.md), "
        "[patterns](patterns.md), [itself](inc-1.yaml) and [the site](https://example.com/x.md).",
    )
    assert archive.problems() == []


def test_a_missing_target_is_one_warning_at_the_fields_line(tmp_path: Path) -> None:
    text = (
        "id: INC-1\ntitle: Links\ndate: 2026-01-05\nseverity: SEV2\nstatus: final\n"
        "summary: Something broke.\n"
        "action_items:\n"
        "  - action: Follow [the runbook](../runbooks/db-failver.md) twice\n"
        "      [again](../runbooks/db-failver.md)\n"
        "    status: open\n"
    )
    archive = Archive(tmp_path)
    archive.add("inc-1.yaml", text)
    loaded = archive.check()["inc-1.yaml"]
    assert [str(p) for p in loaded.problems] == [
        "docs/postmortems/inc-1.yaml:8:13: action_items[0].action: the link "
        "'../runbooks/db-failver.md' points to 'runbooks/db-failver.md', which is not a file "
        "of the docs; a link is relative to this YAML file, as in a Markdown page beside it"
    ]
    assert not loaded.blocked and loaded.incident is not None  # published, with a warning


def test_a_link_leaving_the_docs_is_reported(tmp_path: Path) -> None:
    archive = archive_with(tmp_path, summary="[up](../../../etc/passwd)")
    (problem,) = archive.problems()
    assert ": summary: the link '../../../etc/passwd' points outside the docs folder" in problem


def test_a_link_written_from_the_generated_page_is_reported(tmp_path: Path) -> None:
    """The old habit (relative to postmortems/incidents/) leaves the docs from the YAML file."""
    archive = archive_with(tmp_path, summary="[runbook](../../runbooks/db-failover.md)")
    assert "points outside the docs folder" in archive.problems()[0]


def test_a_link_to_a_file_of_the_site_list_passes(tmp_path: Path) -> None:
    """The front end says which files the site has (MkDocs' list, other plugins' files)."""
    archive = archive_with(tmp_path, summary="[made](../generated/by-another-plugin.md)")
    files = archive.pipeline.check(archive.sources())
    assert [p.message for f in files for p in f.problems]
    site = {"generated/by-another-plugin.md", "postmortems/inc-1.yaml"}
    files = archive.pipeline.check(archive.sources(), site_files=site)
    assert [p.message for f in files for p in f.problems] == []


def test_a_file_with_schema_problems_still_hears_of_its_links(tmp_path: Path) -> None:
    archive = archive_with(tmp_path, status="done", summary="[gone](gone.md)")
    messages = archive.problems()
    assert any("status" in m for m in messages)
    assert any("'gone.md' points to 'postmortems/gone.md'" in m for m in messages)


@pytest.mark.parametrize(
    "url", ["&#x6A;avascript:alert(1)", "javas&#x09;cript:alert(1)", "JaVaScRiPt&#58;alert(1)"]
)
def test_a_hidden_scheme_is_a_scheme_not_a_file(url: str) -> None:
    """The pages remove such a link (an unsafe scheme): it is not a file to look for."""
    assert not is_relative(url)


# --- URL fields: one rule with the links in the text ------------------------------------------

URL_FIELDS = [
    ({"links": [{"url": "{}"}]}, "links[0].url", 8),
    ({"source": {"urls": ["{}"]}}, "source.urls[0]", 9),
    ({"supporting_data": {"graphs": [{"title": "p99", "url": "{}"}]}}, "supporting_data.graphs[0].url", 10),
    ({"detection": {"dashboards": [{"name": "API", "url": "{}"}]}}, "detection.dashboards[0].url", 10),
    ({"document": {"location": "{}"}}, "document.location", 8),
    ({"people": {"contacts": [{"name": "DB", "contact": "{}"}]}}, "people.contacts[0].contact", 9),
    ({"communication": {"external": {"status_page": "{}"}}}, "communication.external.status_page", 9),
]  # fmt: skip
"""Every field the schema types as a URL, with the line its value is on in ``incident_yaml``."""


def with_url(shape: dict[str, object], url: str) -> dict[str, object]:
    return yaml.safe_load(yaml.safe_dump(shape).replace("'{}'", repr(url)))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("shape", "field", "line"), URL_FIELDS, ids=[f[1] for f in URL_FIELDS])
@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("../runbooks/db-failover.md#steps", None),
        ("../runbooks/", None),
        ("graphs/p99.png", None),
        ("inc-1.yaml", None),
        ("https://example.com/gone.md", None),
        ("OPS-413", None),  # a reference, shown as text
        (
            "graphs/p50.png",
            "the link 'graphs/p50.png' points to 'postmortems/graphs/p50.png', which is not a "
            "file of the docs; a link is relative to this YAML file, as in a Markdown page "
            "beside it",
        ),
        (
            "../../runbooks/db-failover.md",  # written from the page's folder, not the file's
            "the link '../../runbooks/db-failover.md' points outside the docs folder; a link is "
            "relative to this YAML file and must lead to a file of the docs (or be a full "
            "https:// URL)",
        ),
        (
            "status.example.com/incidents/42",  # a web address without its scheme
            "the link 'status.example.com/incidents/42' points to "
            "'postmortems/status.example.com/incidents/42', which is not a file of the docs; a "
            "link is relative to this YAML file, as in a Markdown page beside it",
        ),
    ],
)
def test_a_url_field_written_as_a_path_is_checked_like_a_link_in_the_text(
    tmp_path: Path, shape: dict[str, object], field: str, line: int, url: str, problem: str | None
) -> None:
    archive = archive_with(tmp_path, **with_url(shape, url))
    found = archive.problems()
    if problem is None:
        assert found == []
    else:
        (message,) = found
        assert message.startswith(f"docs/postmortems/inc-1.yaml:{line}:")
        assert message.split(": ", 2)[1:] == [field, problem]
        assert not archive.check()["inc-1.yaml"].blocked  # published, with a warning
