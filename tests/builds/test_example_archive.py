"""The example archive in docs/ builds strictly, and every value of every postmortem is on its page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from fidelity import load, scalars, visible_forms
from sites import ROOT, Result, example_files, normalize, page_name

from mkdocs_postmortem.plugin.options import COMPARE_REF_ENV


def test_example_archive_is_big_enough() -> None:
    files = example_files()
    assert len(files) >= 10
    ids = [load(p)["id"] for p in files]
    assert len(set(ids)) == len(ids)


def test_strict_build_of_the_documentation_site(example_build: Result) -> None:
    assert not [w for w in example_build.warnings if "postmortem" in w.lower() or ".yaml" in w]


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_every_value_appears_on_its_page(example_build: Result, path: Path) -> None:
    data = load(path)
    page = example_build.text_with_hover(f"postmortems/incidents/{page_name(data['id'])}/")
    missing = [
        (where, value)
        for where, value in scalars(data)
        if not any(form in page for form in visible_forms(value))
    ]
    assert not missing, f"values of {path.name} not on the page: {missing}"


def test_every_incident_is_in_the_search_index(example_build: Result) -> None:
    docs = example_build.search_index()["docs"]
    for path in example_files():
        data = load(path)
        location = f"postmortems/incidents/{page_name(data['id'])}/"
        entries = [d for d in docs if d["location"].startswith(location)]
        assert entries, f"{data['id']} is not indexed"
        text = " ".join(normalize(d["title"] + " " + d["text"]) for d in entries)
        assert data["id"] in text
        assert normalize(data["title"]) in text


def test_indexes_list_every_incident(example_build: Result) -> None:
    home = example_build.text("postmortems/")
    by_level: dict[str, list[str]] = {}
    for path in example_files():
        data = load(path)
        level = {"Sev-2": "SEV2", "SEV-1": "SEV1", "sev3": "SEV3"}.get(
            data["severity"], data["severity"]
        )
        by_level.setdefault(level, []).append(data["id"])
    total = sum(len(v) for v in by_level.values())
    assert f"{total} incidents in the archive" in home
    for level, ids in by_level.items():
        page = example_build.text(f"postmortems/severity/{level.lower()}/")
        assert f"{len(ids)} incident" in page
        for incident_id in ids:
            assert incident_id in page


def test_example_has_a_family_of_three_with_two_relation_types(example_build: Result) -> None:
    related = example_build.html("postmortems/related/")
    assert '<figure class="pm-family"><svg' in related and '<pre class="mermaid">' not in related
    types = set()
    for path in example_files():
        for entry in load(path).get("related_incidents", []):
            types.add(entry.get("type", "related") if isinstance(entry, dict) else "related")
    assert len(types) >= 2
    text = example_build.text("postmortems/related/")
    assert "Family of" in text
    counts = [int(word) for word in text.split() if word.isdigit()]
    assert max(counts) >= 3


def test_one_example_per_seed_template() -> None:
    templates = set()
    for path in example_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# Written from template"):
            templates.add(first.split()[4])
    assert templates >= {"000", "001", "002", "003", "004"}
    filled = [p for p in example_files() if "Staging SSE reconnect storm" in p.read_text("utf-8")]
    assert filled, "the filled example of template 000 is in the archive"


def test_yaml_files_are_not_copied_raw(example_build: Result) -> None:
    assert not list((example_build.site / "postmortems").rglob("*.yaml"))


def test_schema_files_agree() -> None:
    root = ROOT
    shipped = root / "mkdocs_postmortem" / "core" / "postmortem.schema.json"
    assert (root / "schema" / "postmortem.schema.json").read_bytes() == shipped.read_bytes()
    assert yaml.safe_load(shipped.read_text("utf-8"))["$schema"].endswith("2020-12/schema")


def _build_in_subprocess(root: Path, hash_seed: str) -> Path:
    """A separate process with its own hash seed and its own folder: set order, dict order of
    hashed keys and absolute paths cannot leak into the output unnoticed."""
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "NO_MKDOCS_2_WARNING": "1"}
    env.pop(COMPARE_REF_ENV, None)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", "site"],
        cwd=root,
        env=env,
        check=True,
    )
    return root / "site"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = _build_in_subprocess(tmp_path / "one", "1")
    second = _build_in_subprocess(tmp_path / "two", "2")
    generated = sorted(
        p.relative_to(first) for p in (first / "postmortems").rglob("*") if p.is_file()
    )
    assert len(generated) > 40
    assert any(p.suffix == ".json" for p in generated) and any(
        p.suffix == ".svg" for p in generated
    )
    assert any(p.suffix == ".csv" for p in generated)
    for relpath in [*generated, Path("search/search_index.json")]:
        assert (first / relpath).read_bytes() == (second / relpath).read_bytes(), relpath
    assert (
        sorted(p.relative_to(second) for p in (second / "postmortems").rglob("*") if p.is_file())
        == generated
    )


def test_derived_lists_stay_out_of_search(example_build: Result) -> None:
    """Recurrence and suggestions name other incidents: indexed, a search for one incident's
    words would also return every page that merely lists it. Visible on the page, not indexed."""
    docs = example_build.search_index()["docs"]
    shown = {
        section
        for path in example_files()
        for section in ("Recurrence", "Possibly related")
        if section in example_build.text(f"postmortems/incidents/{page_name(load(path)['id'])}/")
    }
    assert "Recurrence" in shown  # "Possibly related": see test_patterns
    indexed = [d["location"] for d in docs if d["title"] in shown]
    assert indexed == []
    related = [d for d in docs if d["title"] == "Related incidents"]
    assert related  # what authors write about relations stays searchable


def test_page_furniture_stays_out_of_search(example_build: Result) -> None:
    """The note on how times are read and the link to the durations' meaning are the same on
    every incident page: indexed, they would match every incident and grow the index that each
    reader downloads. The rows of the timeline stay searchable."""
    docs = example_build.search_index()["docs"]
    timeline = [d for d in docs if d["title"] == "Timeline"]
    assert timeline
    for doc in timeline:
        assert "A time without a date" not in doc["text"]
    page = example_build.text("postmortems/incidents/INC-2025-031/")
    assert "A time without a date" in page  # still on the page
    incidents = [d for d in docs if d["location"].startswith("postmortems/incidents/")]
    assert incidents
    assert not any("how each is measured" in d["text"] for d in incidents)
    assert not any("Times written without a zone" in d["text"] for d in incidents)
    days = " ".join(
        d["text"] for d in docs if d["location"].startswith("postmortems/incidents/INC-2025-031/")
    )
    assert "slow query" in days.lower() or "connection" in days.lower()
