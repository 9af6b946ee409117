"""No stage of the pipeline does quadratic work: doubling the number of incidents at most
roughly doubles each stage's operation count. Counts (function calls, list elements copied)
are exact and the same on any machine, unlike timings, which live in benchmarks/."""

from __future__ import annotations

import cProfile
import pstats
import sys
from pathlib import Path

import pytest
from sites import ROOT

from mkdocs_postmortem.core.discover import discover
from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.core.scale import Level
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.insights.taxonomy import (
    RECURRENCE_LIMIT,
    Term,
    build_taxonomies,
    recurrences,
)
from mkdocs_postmortem.pipeline import Pipeline

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import write_yaml_archive

# Which stage a module's functions belong to. Library code (yaml, jinja2, ...) is counted
# through the stage that calls it, via the cumulative counts of the stage's entry points.
STAGES = {
    "load": ("core/load.py", "load"),
    "cross-file checks": ("core/cross_file.py", "check_archive"),
    "index": ("insights/index.py", "build_index"),
    "render pages": ("render/pages.py", "incident_page"),
    "render indexes": ("render/pages.py", "index_pages"),
    "assets": ("render/pages.py", "assets"),
}


def operation_counts(root: Path, n: int) -> dict[str, int]:
    """Function calls made under each stage's entry point (the stage's own and its libraries')."""
    write_yaml_archive(root, n, invalid=max(1, n // 50))
    settings = Settings(docs_dir=str(root / "docs"), project_dir=str(root), as_of="2026-06-30")
    pipeline = Pipeline(settings)
    sources = discover(settings)
    pipeline.run(sources[:5], in_nav=True)  # templates compiled: a fixed cost
    profile = cProfile.Profile()
    profile.enable()
    result = pipeline.run(sources, in_nav=True)
    profile.disable()
    assert len(result.archive.incidents) >= n - max(1, n // 50)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    counts = {}
    for stage, (module, function) in STAGES.items():
        counts[stage] = sum(
            cumulative_calls
            for (filename, _, name), (_, cumulative_calls, *_rest) in stats.items()
            if filename.endswith("mkdocs_postmortem/" + module) and name == function
        )
    return counts


@pytest.fixture(scope="module")
def counts(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, int]]:
    return {n: operation_counts(tmp_path_factory.mktemp(f"n{n}"), n) for n in (150, 300, 600)}


@pytest.mark.parametrize("stage", list(STAGES))
def test_doubling_the_archive_at_most_doubles_the_work(
    counts: dict[int, dict[str, int]], stage: str
) -> None:
    small, medium, large = (counts[n][stage] for n in (150, 300, 600))
    assert small > 0, f"{stage}: its entry point was not called"
    # Linear work doubles (a little less with fixed costs); quadratic work quadruples. Both
    # steps are checked, so a quadratic term that is small at 150 cannot hide.
    assert medium / small <= 2.2, (stage, small, medium, large)
    assert large / medium <= 2.2, (stage, small, medium, large)


def test_recurrences_copy_a_bounded_slice() -> None:
    """An incident page lists the newest earlier incidents of each of its terms: asking for them
    must not copy every earlier incident of the term (that copy is quadratic over the archive
    and invisible to call counts)."""
    level = Level("SEV1", "Critical", "", 0)

    def incident(i: int) -> Incident:
        return Incident(
            id=f"INC-{i}",
            title="t",
            date="2026-01-01",
            severity=level,
            status="final",
            data={},
            source="x",
            src_uri="x",
        )

    many = [incident(i) for i in range(10_000)]
    term = Term("api", "api", many, {i.slug: n for n, i in enumerate(many)})
    earlier, total = term.earlier_than(many[0], 5)
    assert len(earlier) == 5 and total == 9_999


def test_recurrences_list_the_newest_earlier_incidents_once(tmp_path: Path) -> None:
    """The newest RECURRENCE_LIMIT earlier incidents sharing any term, each once with all it
    shares, found from bounded per-term slices even when one term has thousands of members."""
    level = Level("SEV1", "Critical", "", 0)
    settings = Settings(docs_dir=str(tmp_path), project_dir=str(tmp_path))

    def incident(i: int, services: list[str], tags: list[str]) -> Incident:
        return Incident(
            id=f"INC-{i:05d}",
            title="t",
            date=f"{2000 + i // 400}-01-{1 + i % 28:02d}",
            severity=level,
            status="final",
            data={"services": services, "tags": tags},
            source="x",
            src_uri=f"x{i}",
        )

    older = [incident(i, ["api"], []) for i in range(3_000)]  # many old incidents of one term
    recent = [
        incident(8_000, ["db"], ["disk"]),
        incident(8_001, [], ["disk"]),
        incident(8_002, ["api", "db"], ["disk"]),
    ]
    subject = incident(9_000, ["api", "db"], ["disk"])
    everything = sorted([*older, *recent, subject], key=lambda i: i.sort_key, reverse=True)
    newest_older = sorted(older, key=lambda i: i.sort_key, reverse=True)
    found = recurrences(build_taxonomies(settings, everything), subject)
    listed = [(e.incident.id, [t.name for _, t in e.shared]) for e in found]
    assert (
        listed
        == [
            ("INC-08002", ["api", "db", "disk"]),
            ("INC-08001", ["disk"]),
            ("INC-08000", ["db", "disk"]),
            (newest_older[0].id, ["api"]),
            (newest_older[1].id, ["api"]),
        ][:RECURRENCE_LIMIT]
    )
    assert not recurrences(build_taxonomies(settings, everything), everything[-1])
