"""Links in a postmortem's Markdown, in a real build: written relative to the YAML file, they
lead to their targets from the incident page and from the ledger; a missing target fails
``--strict`` with one warning at the YAML line, the one ``mkdocs-postmortem validate``
prints, and never names a generated page (a file the repository does not have)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from click.testing import CliRunner
from sites import SiteBuilder

from mkdocs_postmortem.cli.commands import main

POSTMORTEM = """\
id: INC-2026-001
title: Primary database failover
date: 2026-01-05
severity: SEV2
status: final
summary: >-
  Writes failed until the replica was promoted, as the
  [failover runbook](../runbooks/db-failover.md#promote) says
  (![p99 latency](graphs/p99.png)); the same as [INC-2025-008](2025/inc-2025-008.yaml).
action_items:
  - action: Rehearse [the failover](../runbooks/db-failover.md) every quarter
    owner: sre
    status: open
"""

OLDER = """\
id: INC-2025-008
title: The earlier failover
date: 2025-11-02
severity: SEV3
status: final
summary: Writes failed for a minute.
"""


def linked_site(site: SiteBuilder) -> None:
    site.add("runbooks/db-failover.md", "# Database failover\n\n## Promote\n\nPromote it.\n")
    site.add("postmortems/graphs/p99.png", b"\x89PNG\r\n\x1a\n")
    site.add("postmortems/2026-01-05-db-failover.yaml", POSTMORTEM)
    site.add("postmortems/2025/inc-2025-008.yaml", OLDER)


def resolved(page_url: str, href: str) -> str:
    return urljoin("https://example.org/" + page_url, href).removeprefix("https://example.org/")


def test_links_are_read_from_the_yaml_file_and_lead_to_their_targets(site: SiteBuilder) -> None:
    linked_site(site)
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    assert result.warnings == []
    page_url = "postmortems/incidents/INC-2026-001/"
    page = result.html(page_url)
    hrefs = {resolved(page_url, h) for h in re.findall(r'(?:href|src)="([^"#]+)', page)}
    assert "runbooks/db-failover/" in hrefs
    assert "postmortems/graphs/p99.png" in hrefs
    assert "postmortems/incidents/INC-2025-008/" in hrefs  # a postmortem's file: its page
    for target in ("runbooks/db-failover/", "postmortems/incidents/INC-2025-008/"):
        assert result.exists(target)
    assert (result.site / "postmortems" / "graphs" / "p99.png").exists()
    ledger_url = "postmortems/action-items/"
    ledger = result.html(ledger_url)
    assert "runbooks/db-failover/" in {
        resolved(ledger_url, h) for h in re.findall(r'href="([^"#]+)', ledger)
    }


def test_a_missing_target_is_one_warning_at_the_yaml_line_as_validate_says(
    site: SiteBuilder,
) -> None:
    linked_site(site)
    site.add(
        "postmortems/2026-01-05-db-failover.yaml",
        POSTMORTEM.replace("../runbooks/db-failover.md)", "../runbooks/db-failver.md)"),
    )
    expected = (
        "docs/postmortems/2026-01-05-db-failover.yaml:11:13: action_items[0].action: the link "
        "'../runbooks/db-failver.md' points to 'runbooks/db-failver.md', which is not a file "
        "of the docs; a link is relative to this YAML file, as in a Markdown page beside it"
    )
    strict = site.build(strict=True)
    assert strict.aborted
    assert strict.warnings == [expected]  # once, on the YAML; no generated page named
    relaxed = site.build()
    assert not relaxed.aborted and relaxed.warnings == [expected]
    # The ledger shows the action's words, without a link that would lead nowhere.
    ledger = relaxed.text("postmortems/action-items/")
    assert "Rehearse the failover every quarter" in ledger
    site.write_config()
    validate = CliRunner().invoke(
        main, ["validate", "-f", str(site.root / "mkdocs.yml")], catch_exceptions=False
    )
    assert validate.exit_code == 1
    assert expected in validate.stdout.splitlines()


def test_a_link_written_from_the_generated_page_is_reported_on_the_yaml(
    site: SiteBuilder,
) -> None:
    """The page's folder (postmortems/incidents/) is not the author's: the link is read from
    the YAML file, and the message names the YAML file, never the page."""
    site.add("runbooks/db-failover.md", "# Failover\n")
    site.incident("a", id="INC-A", summary="See [runbook](../../runbooks/db-failover.md).")
    result = site.build(strict=True)
    assert result.aborted
    (warning,) = result.warnings
    assert warning.startswith("docs/postmortems/a.yaml:6:10: summary: the link ")
    assert "points outside the docs folder" in warning
    assert "incidents/" not in warning
