"""Rules between files, run over every file that could be read: ids unique (case-insensitive, as
URLs are), relations that resolve, directed relations that never loop, and a recurrence or a
duplicate that is not dated before the incident it names. A file that cannot
be published yet takes part with what it declares, so its author hears of these problems in
the same run as its schema errors, not once those are fixed."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .load import LoadedFile
from .model import RELATION_TYPES, Relation
from .scale import slugify

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_archive(files: list[LoadedFile]) -> None:
    """Cross-file rules: unique ids (case-insensitive, as URLs are), relations that resolve,
    point the right way in time and do not loop."""
    owners: dict[str, LoadedFile] = {}
    # A file YAML could not read has an id only from a line scan: a file that was read keeps
    # the id (and its page) before it, whatever their paths.
    for loaded in sorted(files, key=lambda f: (f.data is None, f.source.src_uri)):
        declared = loaded.declared_id
        if declared is None:
            continue
        key = slugify(declared)  # ids that differ only in case or punctuation read the same
        first = owners.get(key)
        if first is None:
            owners[key] = loaded
            continue
        if first.declared_id == declared:
            same = "the same id"
        elif (first.declared_id or "").lower() == declared.lower():
            same = f"the same id ({first.declared_id!r} differs only in case)"
        else:
            same = (
                f"an id that reads the same as {first.declared_id!r} "
                "(only case or punctuation differ)"
            )
        first.add(
            ("id",),
            f"id {first.declared_id!r} is also used by {loaded.source.display}",
            blocking=False,
        )
        loaded.add(("id",), f"{same} is already used by {first.source.display}; ids must be unique")
        loaded.incident = loaded.preview = None  # the URL belongs to the first file
    declared_by: list[tuple[LoadedFile, str, list[Relation]]] = []
    for loaded in files:
        incident = loaded.incident
        if incident is not None:
            incident.relations = _checked(loaded, incident.slug, incident.relations, owners)
            declared_by.append((loaded, incident.id, incident.relations))
        elif loaded.declared_id is not None and loaded.data is not None:
            # A file that cannot be published yet still hears of its relations in this run.
            own = loaded.declared_id
            written = _checked(loaded, slugify(own), _declared_relations(own, loaded.data), owners)
            if owners.get(slugify(own)) is loaded:
                declared_by.append((loaded, own, written))
    _report_cycles(declared_by)


def _checked(
    loaded: LoadedFile, own_slug: str, relations: list[Relation], owners: dict[str, LoadedFile]
) -> list[Relation]:
    """The relations that point at another incident; a relation to itself or to no file of
    the archive is reported on the file."""
    assert loaded.data is not None
    kept = []
    for relation in relations:
        path: tuple[str | int, ...] = ("related_incidents", relation.index)
        if isinstance(loaded.data["related_incidents"][relation.index], dict):
            path += ("id",)
        if relation.target_slug == own_slug:
            loaded.add(path, "an incident cannot be related to itself", blocking=False)
            continue
        target = owners.get(relation.target_slug)
        if target is None:
            loaded.add(
                path, f"no incident with id {relation.target!r} in the archive", blocking=False
            )
        elif relation.type in BACKWARD:
            _check_order(loaded, relation, target)
        kept.append(relation)
    return kept


BACKWARD = {
    "recurrence-of": "a recurrence comes after the incident it repeats",
    "duplicate-of": "the duplicate is the later of the two",
}
"""Relations that point back in time, and why: one to a later incident is the wrong way
round (or a date is wrong)."""


def _check_order(loaded: LoadedFile, relation: Relation, target: LoadedFile) -> None:
    """A relation of ``BACKWARD`` to an incident dated after the one that declares it is
    reported on the declaring file, with both dates."""
    own, theirs = _date_of(loaded), _date_of(target)
    if own is None or theirs is None or theirs <= own:
        return
    other = target.declared_id or relation.target
    loaded.add(
        ("related_incidents", relation.index, "type"),
        f"'{relation.type}' {other}, dated {theirs}, is later than this incident ({own}): "
        f"{BACKWARD[relation.type]}; declare it in {other}'s file "
        f"({relation.type} {loaded.declared_id}), or correct a date",
        blocking=False,
    )


def _date_of(loaded: LoadedFile) -> str | None:
    """The file's ``date`` when it is a real one (YYYY-MM-DD, which sorts as time does)."""
    value = loaded.data.get("date") if loaded.data is not None else None
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _declared_relations(own_id: str, data: dict[str, Any]) -> list[Relation]:
    """The relations of a document the schema refused, where an entry still names an id."""
    entries = data.get("related_incidents")
    if not isinstance(entries, list):
        return []
    found = []
    for index, entry in enumerate(entries):
        target = entry.get("id") if isinstance(entry, dict) else entry
        if isinstance(target, str) and target:
            kind = entry.get("type") if isinstance(entry, dict) else None
            kind = kind if isinstance(kind, str) and kind in RELATION_TYPES else "related"
            found.append(Relation(own_id, target, kind, "", index))
    return found


CYCLE_MESSAGES = {
    "cause": "cause each other",
    "recurrence": "are each a recurrence of the other",
    "duplicate": "are each a duplicate of the other",
    "parent": "are each a parent of the other",
}


def _report_cycles(declared_by: list[tuple[LoadedFile, str, list[Relation]]]) -> None:
    """Directed relations (caused-by, recurrence-of, ...) that loop back, found in linear time,
    between the files that own their id (published or not)."""
    edges: dict[str, dict[str, list[str]]] = {}
    declared: list[tuple[LoadedFile, Relation, str, str, str]] = []
    ids: dict[str, str] = {}
    for loaded, own_id, relations in declared_by:
        ids[slugify(own_id)] = own_id
        for relation in relations:
            edge = relation.directed_edge()
            if edge is not None and edge[1] != edge[2]:
                kind, start, end = edge
                edges.setdefault(kind, {}).setdefault(start, []).append(end)
                declared.append((loaded, relation, kind, start, end))
    components = {kind: strongly_connected(graph) for kind, graph in edges.items()}
    for loaded, relation, kind, start, end in declared:
        component = components[kind].get(start)
        if component is None or component is not components[kind].get(end):
            continue
        names = sorted(ids.get(slug, slug) for slug in component)
        together = ", ".join(names[:-1]) + " and " + names[-1]
        path: tuple[str | int, ...] = ("related_incidents", relation.index)
        loaded.add(
            path,
            f"relation cycle: {together} {CYCLE_MESSAGES[kind]} "
            f"(directly or through others); one of these '{relation.type}' relations is wrong",
            blocking=False,
        )


def strongly_connected(graph: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Tarjan's algorithm without recursion: node -> its component, for components of 2+."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: dict[str, frozenset[str]] = {}
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    component = frozenset(members)
                    for member in members:
                        found[member] = component
    return found
