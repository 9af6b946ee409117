"""In-memory archives for the unit layer: the real core (loader, validator, model, index,
renderer) on postmortems written to a temporary folder, without MkDocs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from mkdocs_postmortem.core.discover import SourceFile, source_for
from mkdocs_postmortem.core.load import LoadedFile
from mkdocs_postmortem.core.model import Incident, build_incident
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.values import read_values
from mkdocs_postmortem.core.zones import ZoneTable
from mkdocs_postmortem.insights.index import ArchiveIndex, build_index
from mkdocs_postmortem.pipeline import Pipeline, Result

AS_OF = "2026-06-30"
"""The date action items are overdue against in the unit layer: pages do not change by day."""

MINIMAL = {
    "id": "INC-1",
    "title": "Minimal incident",
    "date": "2026-01-05",
    "severity": "SEV2",
    "status": "final",
    "summary": "Something broke and was fixed.",
}


def incident_yaml(**fields: Any) -> str:
    """A valid postmortem with the given fields changed (None removes a field)."""
    data = {**MINIMAL, **fields}
    data = {k: v for k, v in data.items() if v is not None}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def settings(**options: Any) -> Settings:
    """Settings as a test archive has them; ``options`` are Settings fields."""
    values: dict[str, Any] = {"docs_dir": ".", "project_dir": ".", "as_of": AS_OF}
    return Settings(**{**values, **options})


def incident(settings_: Settings | None = None, **fields: Any) -> Incident:
    """The model of MINIMAL with ``fields`` changed, built as the loader builds it (no schema
    check: give fields the schema accepts)."""
    data = {**MINIMAL, **fields}
    data = {k: v for k, v in data.items() if v is not None}
    name = f"postmortems/{data['id'].lower()}.yaml"
    source = SourceFile(name, f"/nowhere/docs/{name}", f"docs/{name}")
    chosen = settings_ or settings()
    values = read_values(data, chosen, ZoneTable(dict(chosen.time_zones)))
    assert not [f for f in values.findings if f.blocking], values.findings
    made, findings = build_incident(data, source, chosen, values)
    assert made is not None, findings
    return made


def index(incidents: list[Incident], settings_: Settings | None = None) -> ArchiveIndex:
    """The archive index of ``incidents``, as if each came from a valid file."""
    files = [
        LoadedFile(source_for(settings_ or settings(), i.src_uri, f"/nowhere/docs/{i.src_uri}"))
        for i in incidents
    ]
    for loaded, made in zip(files, incidents, strict=True):
        loaded.data, loaded.incident = made.data, made
    return build_index(settings_ or settings(), files)


class Archive:
    """A folder of postmortems run through the pipeline every front end uses."""

    def __init__(self, root: Path, **options: Any) -> None:
        self.root = root
        self.docs = root / "docs"
        (self.docs / "postmortems").mkdir(parents=True, exist_ok=True)
        self.settings = settings(docs_dir=str(self.docs), project_dir=str(root), **options)
        self.pipeline = Pipeline(self.settings)

    def add(self, name: str, content: str | bytes) -> Archive:
        """Write ``docs/postmortems/<name>``."""
        path = self.docs / "postmortems" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return self

    def add_all(self, files: Mapping[str, str | bytes]) -> Archive:
        for name, content in files.items():
            self.add(name, content)
        return self

    def sources(self) -> list[SourceFile]:
        found = sorted((self.docs / "postmortems").rglob("*.y*ml"))
        return [
            source_for(self.settings, p.relative_to(self.docs).as_posix(), str(p)) for p in found
        ]

    def check(self) -> dict[str, LoadedFile]:
        """Every file loaded and cross-checked, by name under postmortems/."""
        files = self.pipeline.check(self.sources())
        return {f.source.src_uri.removeprefix("postmortems/"): f for f in files}

    def problems(self) -> list[str]:
        """Every problem as the build logs it (``file:line:col: field: message``), sorted."""
        return sorted(str(p) for f in self.check().values() for p in f.problems)

    def run(self) -> Result:
        return self.pipeline.run(self.sources(), in_nav=True)
