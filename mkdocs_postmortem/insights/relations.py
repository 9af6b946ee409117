"""Relations between incidents as readers follow them: each relation seen from both incidents,
declared once even when both files declare it, and families (connected groups) with the edges
of their diagrams. Linear in the number of relations (union-find)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from ..core.model import RELATION_TYPES, Incident


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
class Relations:
    links: dict[str, list[RelatedLink]] = field(default_factory=dict)
    """Per incident slug, its relations in both directions."""
    families: list[Family] = field(default_factory=list)
    """Largest first."""
    family_of: dict[str, Family] = field(default_factory=dict)


def build_relations(incidents: list[Incident], by_slug: dict[str, Incident]) -> Relations:
    """``incidents`` newest first; ``by_slug`` the published ones by slug."""
    result = Relations()
    links: dict[str, list[RelatedLink]] = defaultdict(list)
    parent = {slug: slug for slug in by_slug}

    def find(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    edges: dict[tuple[str, str, str], Edge] = {}
    for incident in incidents:
        for relation in incident.relations:
            kind = RELATION_TYPES[relation.type]
            other = by_slug.get(relation.target_slug)
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
        result.links[slug] = sorted(unique.values(), key=lambda x: (x.other_id.lower(), x.label))
    groups: dict[str, list[Incident]] = defaultdict(list)
    for incident in sorted(incidents, key=lambda i: i.sort_key):
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
    result.families = families
    result.family_of = {m.slug: fam for fam in families for m in fam.members}
    return result


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
