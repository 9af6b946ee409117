"""No stage of the pipeline does quadratic work: doubling the number of incidents at most
roughly doubles each stage's operation count: every function call made while the stage runs
(Python's and C's, as cProfile counts them). Counts are exact and the same on any machine,
unlike timings, which live in benchmarks/. A loop that calls nothing is invisible to them:
the copies such loops make are tested on their own (``test_recurrences_copy_a_bounded_slice``)."""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sites import ROOT

from mkdocs_postmortem import pipeline as pipeline_module
from mkdocs_postmortem.core import load as loader_module
from mkdocs_postmortem.core.discover import discover
from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.core.scale import Level
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.insights import similarity
from mkdocs_postmortem.insights.patterns import build_patterns
from mkdocs_postmortem.insights.taxonomy import (
    RECURRENCE_LIMIT,
    Term,
    build_taxonomies,
    recurrences,
)
from mkdocs_postmortem.pipeline import Pipeline
from mkdocs_postmortem.render import pages as pages_module
from mkdocs_postmortem.render.assets import archive_charts
from mkdocs_postmortem.render.patterns_export import patterns_json

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import write_yaml_archive

# Each stage's entry point, as (module, function name): every call made while it runs, the
# stage's own and its libraries' (yaml, jinja2, ...), is counted as the stage's work.
STAGES = {
    "load": (loader_module, "Loader", "load"),
    "cross-file checks": (pipeline_module, None, "check_archive"),
    "links": (pipeline_module, None, "check_links"),
    "index": (pipeline_module, None, "build_index"),
    "render pages": (pages_module, "Renderer", "incident_page"),
    "render indexes": (pages_module, "Renderer", "index_pages"),
    "assets": (pages_module, "Renderer", "assets"),
}


def _calls(profile: cProfile.Profile) -> int:
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return sum(calls for (_, calls, *_rest) in stats.values())


def operation_counts(root: Path, n: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Function calls made while each stage's entry point runs (every call under it, Python's
    and C's, counted by cProfile), for an archive of ``n`` incidents."""
    write_yaml_archive(root, n, invalid=max(1, n // 50))
    settings = Settings(docs_dir=str(root / "docs"), project_dir=str(root), as_of="2026-06-30")
    pipeline = Pipeline(settings)
    sources = discover(settings)
    pipeline.run(sources[:5], in_nav=True)  # templates compiled: a fixed cost
    # The similar-incident step's work per incident grows until its terms are shared by
    # MAX_POSTINGS incidents, then stays at most QUERY_TERMS * MAX_POSTINGS (similarity.py):
    # an archive of a few thousand reaches that bound at the default of 100; a small bound
    # is reached within these sizes, so a step that outgrew it would show here.
    monkeypatch.setattr(similarity, "MAX_POSTINGS", 8)
    profiles = {stage: cProfile.Profile() for stage in STAGES}
    running: list[str] = []

    def counted(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            if running:  # called inside another stage: that stage's work
                return function(*args, **kwargs)
            running.append(stage)
            profiles[stage].enable()
            try:
                return function(*args, **kwargs)
            finally:
                profiles[stage].disable()
                running.pop()

        return run

    for stage, (module, owner, name) in STAGES.items():
        target = getattr(module, owner) if owner else module
        monkeypatch.setattr(target, name, counted(stage, getattr(target, name)))
    result = pipeline.run(sources, in_nav=True)
    monkeypatch.undo()
    assert len(result.archive.incidents) >= n - max(1, n // 50)
    found = {stage: _calls(profile) for stage, profile in profiles.items()}
    # The Patterns page's statements, charts and export, made inside "render indexes" during
    # the run: made again here, alone, so their own growth shows.
    profile = cProfile.Profile()
    profile.enable()
    made = build_patterns(result.archive)
    patterns_json(made)
    archive_charts(result.archive, made)
    profile.disable()
    found["patterns"] = _calls(profile)
    return found


SIZES = (150, 300, 600)
"""Work that grows with pairs of incidents shows once it is about a tenth of its stage's work
at the largest size (the stages make one to sixteen thousand calls per incident): the larger
the sizes, the smaller the pairwise part that is caught."""


@pytest.fixture(scope="module")
def counts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, dict[str, int]]]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield {n: operation_counts(tmp_path_factory.mktemp(f"n{n}"), n, monkeypatch) for n in SIZES}


@pytest.mark.parametrize("stage", [*STAGES, "patterns"])
def test_doubling_the_archive_at_most_doubles_the_work(
    counts: dict[int, dict[str, int]], stage: str
) -> None:
    small, medium, large = (counts[n][stage] for n in SIZES)
    assert small > 1000, f"{stage}: its entry point was not called, or nothing was counted"
    # Linear work doubles (a little less with fixed costs); quadratic work quadruples. Both
    # steps are checked, so a quadratic term that is small at the smallest size cannot hide.
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
