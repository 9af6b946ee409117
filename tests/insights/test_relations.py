"""Relations as readers follow them: from both incidents, once, and grouped in families."""

from __future__ import annotations

from typing import Any

import pytest
from factories import incident, index

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.insights.index import ArchiveIndex
from mkdocs_postmortem.insights.relations import Edge, Family, RelatedLink, build_relations

Row = tuple[str, str | None, str, str, str, bool]


def rows(links: list[RelatedLink]) -> list[Row]:
    """(other id as written, the published incident's id or None, label, type, note, own)."""
    return [
        (x.other_id, x.other.id if x.other else None, x.label, x.type, x.note, x.declared_here)
        for x in links
    ]


def edges(family: Family) -> list[tuple[str, str, str, bool]]:
    return [(e.source.id, e.target.id, e.label, e.directed) for e in family.edges]


def members(family: Family) -> list[str]:
    return [m.id for m in family.members]


def archive(*specs: dict[str, Any]) -> ArchiveIndex:
    """Incidents INC-1, INC-2... dated one day apart (INC-1 oldest), with the given fields."""
    return index(
        [
            incident(id=f"INC-{n}", date=f"2026-01-{n:02d}", **spec)
            for n, spec in enumerate(specs, start=1)
        ]
    )


# type, label from the declaring incident, label from the other one, edge (from, to, label)
TYPES = [
    ("related", "related to", "related to", ("INC-1", "INC-2", "related", False)),
    ("recurrence-of", "recurrence of", "recurred as", ("INC-2", "INC-1", "recurrence of", True)),
    ("caused-by", "caused by", "caused", ("INC-1", "INC-2", "caused", True)),
    ("causes", "caused", "caused by", ("INC-2", "INC-1", "caused", True)),
    ("duplicate-of", "duplicate of", "duplicated by", ("INC-2", "INC-1", "duplicate of", True)),
    ("parent-of", "parent of", "child of", ("INC-2", "INC-1", "parent of", True)),
    ("child-of", "child of", "parent of", ("INC-1", "INC-2", "parent of", True)),
]


@pytest.mark.parametrize(("kind", "label", "inverse", "edge"), TYPES)
def test_each_relation_seen_from_both_incidents(
    kind: str, label: str, inverse: str, edge: tuple[str, str, str, bool]
) -> None:
    """INC-2 declares the relation to INC-1; INC-1's page shows it with the inverse label."""
    built = archive({}, {"related_incidents": [{"id": "INC-1", "type": kind, "note": "why"}]})
    assert rows(built.links["inc-2"]) == [("INC-1", "INC-1", label, kind, "why", True)]
    assert rows(built.links["inc-1"]) == [("INC-2", "INC-2", inverse, kind, "why", False)]
    assert [edges(f) for f in built.families] == [[edge]]


@pytest.mark.parametrize(("kind", "label", "inverse", "edge"), TYPES)
def test_edge_direction_does_not_depend_on_which_file_is_newer(
    kind: str, label: str, inverse: str, edge: tuple[str, str, str, bool]
) -> None:
    """The same relation declared by the older incident: the edge is the mirror image, except
    'related', whose edge is undirected and always drawn from the lower slug."""
    built = archive({"related_incidents": [{"id": "INC-2", "type": kind}]}, {})
    source, target, edge_label, directed = edge
    mirrored = (source, target) if not directed else (target, source)
    assert [edges(f) for f in built.families] == [[(*mirrored, edge_label, directed)]]
    assert rows(built.links["inc-1"]) == [("INC-2", "INC-2", label, kind, "", True)]
    assert rows(built.links["inc-2"]) == [("INC-1", "INC-1", inverse, kind, "", False)]


def test_bare_id_means_related() -> None:
    built = archive({}, {"related_incidents": ["INC-1"]})
    assert rows(built.links["inc-2"]) == [("INC-1", "INC-1", "related to", "related", "", True)]
    assert rows(built.links["inc-1"]) == [("INC-2", "INC-2", "related to", "related", "", False)]


@pytest.mark.parametrize(
    ("note_1", "note_2", "seen_from_1", "seen_from_2"),
    [
        ("one", "two", "one; two", "two; one"),
        ("same", "same", "same", "same"),
        ("", "two", "two", "two"),
        ("one", "", "one", "one"),
        ("", "", "", ""),
    ],
)
def test_relation_declared_on_both_sides_is_shown_once(
    note_1: str, note_2: str, seen_from_1: str, seen_from_2: str
) -> None:
    """INC-1 causes INC-2 and INC-2 is caused by INC-1: one fact. Each page shows it as its
    own file declares it, with its own note first and none dropped."""
    built = archive(
        {"related_incidents": [{"id": "INC-2", "type": "causes", "note": note_1}]},
        {"related_incidents": [{"id": "INC-1", "type": "caused-by", "note": note_2}]},
    )
    assert rows(built.links["inc-1"]) == [("INC-2", "INC-2", "caused", "causes", seen_from_1, True)]
    assert rows(built.links["inc-2"]) == [
        ("INC-1", "INC-1", "caused by", "caused-by", seen_from_2, True)
    ]
    assert [edges(f) for f in built.families] == [[("INC-1", "INC-2", "caused", True)]]


@pytest.mark.parametrize(
    ("declared_1", "declared_2", "edge"),
    [
        ("related", "related", ("INC-1", "INC-2", "related", False)),
        ("parent-of", "child-of", ("INC-1", "INC-2", "parent of", True)),
        ("child-of", "parent-of", ("INC-2", "INC-1", "parent of", True)),
    ],
)
def test_both_sides_make_one_edge(
    declared_1: str, declared_2: str, edge: tuple[str, str, str, bool]
) -> None:
    built = archive(
        {"related_incidents": [{"id": "INC-2", "type": declared_1}]},
        {"related_incidents": [{"id": "INC-1", "type": declared_2}]},
    )
    assert [edges(f) for f in built.families] == [[edge]]
    assert len(built.links["inc-1"]) == 1 and len(built.links["inc-2"]) == 1


def test_two_kinds_of_relation_to_one_incident_are_both_kept() -> None:
    built = archive(
        {},
        {
            "related_incidents": [
                {"id": "INC-1", "type": "related"},
                {"id": "INC-1", "type": "caused-by"},
            ]
        },
    )
    assert rows(built.links["inc-2"]) == [
        ("INC-1", "INC-1", "caused by", "caused-by", "", True),
        ("INC-1", "INC-1", "related to", "related", "", True),
    ]
    assert edges(built.families[0]) == [
        ("INC-1", "INC-2", "caused", True),
        ("INC-1", "INC-2", "related", False),
    ]


def test_links_are_sorted_by_id_whatever_its_case() -> None:
    """Targets are matched case-insensitively and shown as the file writes them."""
    built = archive({}, {}, {}, {"related_incidents": ["INC-3", "inc-2", "INC-1"]})
    assert [(r[0], r[1]) for r in rows(built.links["inc-4"])] == [
        ("INC-1", "INC-1"),
        ("inc-2", "INC-2"),
        ("INC-3", "INC-3"),
    ]
    assert [members(f) for f in built.families] == [["INC-1", "INC-2", "INC-3", "INC-4"]]


def test_unpublished_target_is_listed_without_a_page() -> None:
    built = archive({"related_incidents": [{"id": "INC-404", "type": "caused-by", "note": "n"}]})
    assert rows(built.links["inc-1"]) == [("INC-404", None, "caused by", "caused-by", "n", True)]
    assert set(built.links) == {"inc-1"}
    assert (built.families, built.family_of) == ([], {})


def test_incidents_without_relations_have_no_links_and_no_family() -> None:
    built = archive({}, {"related_incidents": ["INC-1"]}, {})
    assert set(built.links) == {"inc-1", "inc-2"}
    assert set(built.family_of) == {"inc-1", "inc-2"}


def test_families_are_connected_groups() -> None:
    """INC-1..3 chain, INC-4 with INC-6, INC-5 alone; INC-7 joins INC-3's group to INC-6's."""
    built = archive(
        {},
        {"related_incidents": ["INC-1"]},
        {"related_incidents": [{"id": "INC-2", "type": "caused-by"}]},
        {},
        {},
        {"related_incidents": [{"id": "INC-4", "type": "recurrence-of"}]},
    )
    assert [members(f) for f in built.families] == [
        ["INC-1", "INC-2", "INC-3"],
        ["INC-4", "INC-6"],
    ]
    assert [f.key for f in built.families] == ["inc-1", "inc-4"]
    assert {slug: f.key for slug, f in built.family_of.items()} == {
        "inc-1": "inc-1",
        "inc-2": "inc-1",
        "inc-3": "inc-1",
        "inc-4": "inc-4",
        "inc-6": "inc-4",
    }
    assert [edges(f) for f in built.families] == [
        [("INC-1", "INC-2", "related", False), ("INC-2", "INC-3", "caused", True)],
        [("INC-6", "INC-4", "recurrence of", True)],
    ]

    joined = archive(
        {},
        {"related_incidents": ["INC-1"]},
        {"related_incidents": [{"id": "INC-2", "type": "caused-by"}]},
        {},
        {},
        {"related_incidents": [{"id": "INC-4", "type": "recurrence-of"}]},
        {"related_incidents": ["INC-6", "INC-3"]},
    )
    assert [members(f) for f in joined.families] == [
        ["INC-1", "INC-2", "INC-3", "INC-4", "INC-6", "INC-7"]
    ]
    assert edges(joined.families[0]) == [
        ("INC-1", "INC-2", "related", False),
        ("INC-2", "INC-3", "caused", True),
        ("INC-3", "INC-7", "related", False),
        ("INC-6", "INC-4", "recurrence of", True),
        ("INC-6", "INC-7", "related", False),
    ]
    assert joined.family_of["inc-7"] is joined.families[0]


def test_family_order_largest_first_then_oldest() -> None:
    """Pairs of equal size come in the order of their oldest member."""
    built = archive(
        {},  # INC-1, paired with INC-5
        {},  # INC-2, paired with INC-4
        {},  # INC-3, in the triple
        {"related_incidents": ["INC-2"]},
        {"related_incidents": ["INC-1"]},
        {"related_incidents": ["INC-3"]},
        {"related_incidents": ["INC-6"]},
    )
    assert [members(f) for f in built.families] == [
        ["INC-3", "INC-6", "INC-7"],
        ["INC-1", "INC-5"],
        ["INC-2", "INC-4"],
    ]


def test_build_relations_directly() -> None:
    """The function the index calls: incidents newest first, published ones by slug."""
    older = incident(id="INC-1")
    newer = incident(
        id="INC-2", date="2026-02-01", related_incidents=[{"id": "INC-1", "type": "causes"}]
    )
    by_slug: dict[str, Incident] = {"inc-1": older, "inc-2": newer}
    result = build_relations([newer, older], by_slug)
    assert result.links == {
        "inc-2": [RelatedLink("INC-1", older, "caused", "causes", "", True)],
        "inc-1": [RelatedLink("INC-2", newer, "caused by", "causes", "", False)],
    }
    assert result.families == [Family([older, newer], [Edge(newer, older, "caused", True)])]
