"""What a build finds and says about it: a postmortem outside `paths` is a warning (so --strict
fails) rather than a raw YAML file published unchecked, a `.YAML` file is a postmortem, and the
summary line agrees with the warnings above it."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sites import Result, SiteBuilder, incident_yaml

OUTSIDE = (
    "docs/incidents/x.yaml:1:1: (document): looks like a postmortem (top-level id and severity) "
    "but is outside the plugin's paths option (postmortems/**/*.yaml, postmortems/**/*.yml), so "
    "it is neither checked nor published as an incident page; move it to a folder those globs "
    "match, or add a glob for it to paths"
)


class _Info(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().removeprefix("mkdocs_postmortem: "))


@contextmanager
def info_lines() -> Iterator[list[str]]:
    """The messages MkDocs logs at INFO and above while the block runs."""
    logger = logging.getLogger("mkdocs")
    handler, level = _Info(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def summaries(messages: list[str]) -> list[str]:
    return [m for m in messages if re.match(r"\d+ incidents? published", m)]


def test_a_postmortem_outside_paths_fails_strict(site: SiteBuilder) -> None:
    site.add("postmortems/good.yaml", incident_yaml(id="INC-GOOD"))
    site.add("postmortems/upper.YAML", incident_yaml(id="INC-UPPER", title="Shouting"))
    site.add("incidents/x.yaml", incident_yaml(id="INC-X", date="2026-02-30"))
    site.add("data/team.yml", "id: ops\nmembers: [a, b]\n")  # no severity: not a postmortem
    with info_lines() as messages:
        result: Result = site.build()
    assert result.plugin_warnings == [OUTSIDE]
    assert summaries(messages) == ["2 incidents published, 1 file with problems (1 not published)"]
    assert "Shouting" in result.text("postmortems/incidents/INC-UPPER/")
    assert not (result.site / "postmortems" / "upper.YAML").exists()  # a page, not raw YAML
    assert site.build(strict=True).aborted
    site.plugin_options = {"paths": ["postmortems/**/*.yaml", "incidents/*.yaml"]}
    result = site.build()
    assert [w.split(": ")[1] for w in result.plugin_warnings] == ["date"]


def test_the_summary_agrees_with_the_warnings(site: SiteBuilder) -> None:
    """A problem that does not stop publication is still a file with problems, and one
    incident is one incident."""
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A"))
    with info_lines() as messages:
        assert not site.build(strict=True).aborted
    assert summaries(messages) == ["1 incident published, no problems"]
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A", related_incidents=["INC-NOPE"]))
    with info_lines() as messages:
        result = site.build()
    assert len(result.plugin_warnings) == 1 and "INC-NOPE" in result.plugin_warnings[0]
    assert summaries(messages) == ["1 incident published, 1 file with problems"]
    site.add("postmortems/b.yaml", incident_yaml(id="INC-B", summary="See [the runbook](gone.md)."))
    with info_lines() as messages:
        result = site.build()
    assert any("gone.md" in w for w in result.warnings), result.warnings
    assert summaries(messages) == ["2 incidents published, 2 files with problems"]
