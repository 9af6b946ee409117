"""URL fields on the incident page: a value written as a path is read from the YAML file, as a
link in the text is, and written for the page's address (both URL styles); a web address is
kept, a reference is text, and a path that leaves the docs is never a link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import Archive, incident_yaml

LINKS = [
    ("../runbooks/db-failover.md#steps", "../../../runbooks/db-failover/#steps", "../../runbooks/db-failover.html#steps"),
    ("../runbooks/", "../../../runbooks/", "../../runbooks/index.html"),
    ("graphs/p99.png", "../../graphs/p99.png", "../graphs/p99.png"),
    ("inc-2.yaml", "../INC-2/", "INC-2.html"),
    ("./", "../../", "../index.html"),
    ("https://example.com/a?b=c", "https://example.com/a?b=c", "https://example.com/a?b=c"),
]  # fmt: skip
"""(as written in the YAML file, the href with directory URLs, the href without)."""


def page(tmp_path: Path, directory_urls: bool, **fields: object) -> str:
    archive = Archive(tmp_path / "p", directory_urls=directory_urls)
    (archive.docs / "runbooks").mkdir()
    (archive.docs / "runbooks" / "db-failover.md").write_text("# Failover\n")
    (archive.docs / "runbooks" / "index.md").write_text("# Runbooks\n")
    archive.add("graphs/p99.png", b"png")
    archive.add("inc-1.yaml", incident_yaml(**fields))
    archive.add("inc-2.yaml", incident_yaml(id="INC-2", title="Earlier"))
    result = archive.run()
    return next(p.text for p in result.pages if p.incident and p.incident.id == "INC-1")


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize(("written", "with_dirs", "without_dirs"), LINKS)
def test_each_url_field_leads_where_it_was_written_to(
    tmp_path: Path, directory_urls: bool, written: str, with_dirs: str, without_dirs: str
) -> None:
    expected = with_dirs if directory_urls else without_dirs
    text = page(
        tmp_path,
        directory_urls,
        links=[{"title": "Link", "url": written}],
        source={"urls": [written]},
        supporting_data={"graphs": [{"title": "Graph", "url": written}]},
        detection={"dashboards": [{"name": "Dash", "url": written}]},
        document={"location": written},
        people={"contacts": [{"name": "DB", "contact": written}]},
        communication={
            "external": {"status_page": written},
            "regulatory": {"documentation": written},
        },
    )
    hrefs = re.findall(r'<a href="([^"]*)">', text)
    assert hrefs.count(expected) == 8, (expected, hrefs)


@pytest.mark.parametrize(
    "written",
    [
        "OPS-413",  # a reference: text, never an anchor of the page
        "../../../outside.md",  # leaves the docs (reported by the core): never a link
        "#incident-42",
    ],
)
def test_a_reference_or_a_path_out_of_the_docs_is_text(tmp_path: Path, written: str) -> None:
    text = page(tmp_path, True, links=[{"title": "Ticket", "url": written}])
    assert f"<li>Ticket {written}</li>" in text
