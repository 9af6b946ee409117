"""URL fields in a real build, in both URL styles: written as a path relative to the YAML file,
each leads to a file of the built site from the incident page; a missing target fails
``--strict`` with one warning at the YAML line, the one ``mkdocs-postmortem validate`` prints.
No page of the archive links to a file the site does not have."""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin

import pytest
from click.testing import CliRunner
from sites import SiteBuilder

from mkdocs_postmortem.cli.commands import main

POSTMORTEM = """\
id: INC-2026-001
title: Primary database failover
date: 2026-01-05
severity: SEV2
status: final
summary: Writes failed until the replica was promoted.
source:
  urls: [report.pdf]
detection:
  dashboards:
    - name: Database
      url: ../dashboards/
supporting_data:
  graphs:
    - title: p99 latency
      url: graphs/p99.png
links:
  - title: Failover runbook
    url: ../runbooks/db-failover.md#promote
  - title: The earlier failover
    url: 2025/inc-2025-008.yaml
  - title: Ticket
    url: OPS-413
"""

OLDER = """\
id: INC-2025-008
title: The earlier failover
date: 2025-11-02
severity: SEV3
status: final
summary: Writes failed for a minute.
"""


def linked_site(site: SiteBuilder, directory_urls: bool) -> None:
    site.extra_config["use_directory_urls"] = directory_urls
    site.add("runbooks/db-failover.md", "# Database failover\n\n## Promote\n\nPromote it.\n")
    site.add("dashboards/README.md", "# Dashboards\n")
    site.add("postmortems/graphs/p99.png", b"\x89PNG\r\n\x1a\n")
    site.add("postmortems/report.pdf", b"%PDF-1.4\n")
    site.add("postmortems/2026-01-05-db-failover.yaml", POSTMORTEM)
    site.add("postmortems/2025/inc-2025-008.yaml", OLDER)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_url_fields_lead_to_files_of_the_built_site(
    site: SiteBuilder, directory_urls: bool
) -> None:
    linked_site(site, directory_urls)
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    page_url = (
        "postmortems/incidents/INC-2026-001/"
        if directory_urls
        else "postmortems/incidents/INC-2026-001.html"
    )
    page = (result.site / page_url / ("index.html" if directory_urls else "")).read_text("utf-8")
    labels = {
        label: href for href, label in re.findall(r'<a href="([^"#]+)[^"]*">([^<]*)</a>', page)
    }
    for label in (  # each shown as written, a link to where it leads from this page
        "report.pdf",
        "../dashboards/",
        "graphs/p99.png",
        "../runbooks/db-failover.md#promote",
        "2025/inc-2025-008.yaml",
    ):
        target = urljoin("https://example.org/" + page_url, labels[label])
        path = unquote(target.removeprefix("https://example.org/"))
        built = result.site / path
        if path.endswith("/") or not path.rpartition("/")[2]:
            built = built / "index.html"
        assert built.is_file(), (label, labels[label], path)
    assert "OPS-413" not in labels and "Ticket OPS-413" in page  # a reference: text


def test_a_missing_target_fails_strict_once_as_validate_says(site: SiteBuilder) -> None:
    linked_site(site, True)
    site.add(
        "postmortems/2026-01-05-db-failover.yaml",
        POSTMORTEM.replace("url: graphs/p99.png", "url: graphs/p50.png"),
    )
    expected = (
        "docs/postmortems/2026-01-05-db-failover.yaml:16:12: supporting_data.graphs[0].url: the "
        "link 'graphs/p50.png' points to 'postmortems/graphs/p50.png', which is not a file of "
        "the docs; a link is relative to this YAML file, as in a Markdown page beside it"
    )
    strict = site.build(strict=True)
    assert strict.aborted
    assert strict.warnings == [expected]
    validate = CliRunner().invoke(
        main, ["validate", "-f", str(site.root / "mkdocs.yml")], catch_exceptions=False
    )
    assert validate.exit_code == 1
    assert expected in validate.stdout.splitlines()
