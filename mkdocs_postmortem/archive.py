"""Cross-incident indexes, each computed in one pass over the incidents (linear in their number)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from .changes import Change, ChangeSet
from .ledger import Ledger, build_ledger
from .loading import LoadedFile
from .metrics import Metrics, compute_metrics
from .model import RELATION_TYPES, Incident
from .problems import Problem
from .scale import Level
from .settings import Settings
from .similarity import Suggestion, suggest
from .taxonomy import Taxonomy, build_taxonomies


@dataclass(frozen=True)
class RelatedLink:
    """A relation seen from one incident: ``other`` is None when that id is not published."""

    other_id: str
    other: Incident | None
    label: str
    type: str
    note: str
    declared_here: bool


@dataclass(frozen=True)
class Edge:
    """A family diagram edge, in the direction that reads naturally (cause --caused--> effect)."""

    source: Incident
    target: Incident
    label: str
    directed: bool


@dataclass
class Family:
    """A connected group of related incidents."""

    members: list[Incident]
    edges: list[Edge]

    @property
    def key(self) -> str:
        return self.members[0].slug


@dataclass
class Archive:
    settings: Settings
    incidents: list[Incident]
    """Published incidents, newest first."""
    files: list[LoadedFile]
    by_slug: dict[str, Incident] = field(default_factory=dict)
    by_severity: dict[str, list[Incident]] = field(default_factory=dict)
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


def build_archive(
    settings: Settings, files: list[LoadedFile], changes: ChangeSet | None = None
) -> Archive:
    files = sorted(files, key=lambda f: f.source.src_uri)
    incidents = sorted(
        (f.incident for f in files if f.incident is not None),
        key=lambda i: i.sort_key,
        reverse=True,
    )
    archive = Archive(settings=settings, incidents=incidents, files=files, changes=changes)
    archive.previews = [f.preview for f in files if f.incident is None and f.preview is not None]
    archive.by_slug = {i.slug: i for i in incidents}
    archive.files_by_src = {f.source.src_uri: f for f in files}
    archive.by_severity = {level.id: [] for level in settings.severity.levels}
    for incident in incidents:
        archive.by_severity[incident.severity.id].append(incident)
    _relations(archive)
    archive.taxonomies = build_taxonomies(settings, incidents)
    archive.metrics = compute_metrics(settings, incidents)
    archive.ledger = build_ledger(settings, incidents, settings.as_of_date)
    excluded = {
        i.slug: {m.slug for m in archive.family_of[i.slug].members}
        if i.slug in archive.family_of
        else set()
        for i in incidents
    }
    archive.suggestions = suggest(
        incidents, excluded, settings.similar_k, settings.similar_threshold
    )
    return archive


def _relations(archive: Archive) -> None:
    links: dict[str, list[RelatedLink]] = defaultdict(list)
    parent = {slug: slug for slug in archive.by_slug}

    def find(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    edges: dict[tuple[str, str, str], Edge] = {}
    for incident in archive.incidents:
        for relation in incident.relations:
            kind = RELATION_TYPES[relation.type]
            other = archive.by_slug.get(relation.target_slug)
            links[incident.slug].append(
                RelatedLink(relation.target, other, kind.label, kind.id, relation.note, True)
            )
            if other is None:
                continue
            links[other.slug].append(
                RelatedLink(
                    incident.id, incident, kind.inverse_label, kind.id, relation.note, False
                )
            )
            root_a, root_b = find(incident.slug), find(other.slug)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)
            edge = _edge(incident, other, kind.id)
            edges.setdefault((edge.source.slug, edge.target.slug, edge.label), edge)
    # A relation declared on both sides (A caused-by B, B causes A) is one fact: show it once,
    # as this incident's own file declares it.
    for slug, items in links.items():
        unique: dict[tuple[str, str], RelatedLink] = {}
        for item in sorted(items, key=lambda x: not x.declared_here):
            key = (item.other_id.lower(), item.label)
            kept = unique.setdefault(key, item)
            if item.note and item.note not in kept.note.split("; "):
                # The same relation written twice keeps both notes; none is dropped.
                joined = f"{kept.note}; {item.note}" if kept.note else item.note
                unique[key] = replace(kept, note=joined)
        archive.links[slug] = sorted(unique.values(), key=lambda x: (x.other_id.lower(), x.label))
    groups: dict[str, list[Incident]] = defaultdict(list)
    for incident in sorted(archive.incidents, key=lambda i: i.sort_key):
        groups[find(incident.slug)].append(incident)
    group_edges: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges.values():
        group_edges[find(edge.source.slug)].append(edge)
    families = [
        Family(
            members,
            sorted(group_edges[root], key=lambda e: (e.source.slug, e.target.slug, e.label)),
        )
        for root, members in groups.items()
        if len(members) > 1
    ]
    families.sort(key=lambda f: (-len(f.members), f.members[0].sort_key))
    archive.families = families
    archive.family_of = {m.slug: fam for fam in families for m in fam.members}


def _edge(incident: Incident, other: Incident, kind: str) -> Edge:
    if kind == "caused-by":
        return Edge(other, incident, "caused", True)
    if kind == "causes":
        return Edge(incident, other, "caused", True)
    if kind == "child-of":
        return Edge(other, incident, "parent of", True)
    if kind == "parent-of":
        return Edge(incident, other, "parent of", True)
    if kind == "related":
        a, b = sorted((incident, other), key=lambda i: i.slug)
        return Edge(a, b, "related", False)
    return Edge(incident, other, RELATION_TYPES[kind].label, True)
