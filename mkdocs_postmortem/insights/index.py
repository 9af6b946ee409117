"""The archive's index: every cross-incident view a page reads, each computed once, in one pass
over the incidents (linear in their number). Templates know it as ``archive``."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.load import LoadedFile
from ..core.model import Incident
from ..core.problems import Problem
from ..core.scale import Level
from ..core.settings import Settings
from .changes import Change, ChangeSet
from .ledger import Ledger, build_ledger
from .metrics import Metrics, compute_metrics
from .relations import Family, RelatedLink, build_relations
from .similarity import Suggestion, suggest
from .taxonomy import Taxonomy, build_taxonomies


@dataclass
class ArchiveIndex:
    settings: Settings
    incidents: list[Incident]
    """Published incidents, newest first."""
    files: list[LoadedFile]
    by_slug: dict[str, Incident] = field(default_factory=dict)
    by_severity: dict[str, list[Incident]] = field(default_factory=dict)
    """Level id -> its incidents, newest first: the one grouping by severity, which the
    severity pages, the metrics, the patterns and the charts all read."""
    unrated: list[Incident] = field(default_factory=list)
    """Incidents whose severity nobody stated, newest first: a group of their own, never a
    level of the scale."""
    links: dict[str, list[RelatedLink]] = field(default_factory=dict)
    families: list[Family] = field(default_factory=list)
    family_of: dict[str, Family] = field(default_factory=dict)
    files_by_src: dict[str, LoadedFile] = field(default_factory=dict)
    changes: ChangeSet | None = None
    """Set when the build compares the postmortems with a git ref (PR previews)."""
    previews: list[Incident] = field(default_factory=list)
    """Pages of postmortems that cannot be published yet, by path: shown, never indexed."""
    taxonomies: dict[str, Taxonomy] = field(default_factory=dict)
    metrics: Metrics | None = None
    ledger: Ledger | None = None
    suggestions: dict[str, list[Suggestion]] = field(default_factory=dict)
    """Possibly related incidents (similar text, not linked), per incident slug."""

    @property
    def levels(self) -> tuple[Level, ...]:
        return self.settings.severity.levels

    @property
    def unrated_level(self) -> Level:
        return self.settings.severity.unrated

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for f in self.files for p in f.problems)

    @property
    def unpublished(self) -> list[LoadedFile]:
        """Files that could not be published, with their problems."""
        return [f for f in self.files if f.incident is None]

    @property
    def warned(self) -> list[LoadedFile]:
        """Published files that still have (non-blocking) problems."""
        return [f for f in self.files if f.incident is not None and f.problems]

    def change_of(self, incident: Incident) -> Change | None:
        return self.changes.of(incident.src_uri) if self.changes else None

    def file_of(self, src_uri: str) -> LoadedFile | None:
        return self.files_by_src.get(src_uri)

    def page_of(self, loaded: LoadedFile) -> Incident | None:
        """The page a file has (published or preview), if any."""
        return loaded.incident or loaded.preview

    @property
    def recent(self) -> list[Incident]:
        return self.incidents[: self.settings.recent]


def build_index(
    settings: Settings, files: list[LoadedFile], changes: ChangeSet | None = None
) -> ArchiveIndex:
    files = sorted(files, key=lambda f: f.source.src_uri)
    incidents = sorted(
        (f.incident for f in files if f.incident is not None),
        key=lambda i: i.sort_key,
        reverse=True,
    )
    index = ArchiveIndex(settings=settings, incidents=incidents, files=files, changes=changes)
    index.previews = [f.preview for f in files if f.incident is None and f.preview is not None]
    index.by_slug = {i.slug: i for i in incidents}
    index.files_by_src = {f.source.src_uri: f for f in files}
    index.by_severity = {level.id: [] for level in settings.severity.levels}
    for incident in incidents:
        group = index.by_severity.get(incident.severity.id)
        (index.unrated if group is None else group).append(incident)
    relations = build_relations(incidents, index.by_slug)
    index.links = relations.links
    index.families = relations.families
    index.family_of = relations.family_of
    index.taxonomies = build_taxonomies(settings, incidents)
    index.metrics = compute_metrics(settings, incidents, index.by_severity, index.unrated)
    index.ledger = build_ledger(settings, incidents, settings.as_of_date)
    excluded = {
        i.slug: {m.slug for m in index.family_of[i.slug].members}
        if i.slug in index.family_of
        else set()
        for i in incidents
    }
    index.suggestions = suggest(incidents, excluded, settings.similar_k, settings.similar_threshold)
    return index
