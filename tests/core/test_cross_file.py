"""Rules between files: ids unique by page address, relations that resolve, and directed
relations that never loop; with Tarjan's algorithm on graphs of any length."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from factories import Archive, incident_yaml

from mkdocs_postmortem.core.cross_file import check_archive, strongly_connected


def rel(target: str, type_: str) -> dict[str, str]:
    return {"id": target, "type": type_}


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return Archive(tmp_path / "p")


# --- unique ids ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("second_id", "how"),
    [
        ("INC-1", "the same id"),
        ("inc-1", "the same id ('INC-1' differs only in case)"),
        ("INC_1", "an id that reads the same as 'INC-1' (only case or punctuation differ)"),
        ("Inc.1", "an id that reads the same as 'INC-1' (only case or punctuation differ)"),
    ],
)
def test_duplicate_ids_name_both_files(archive: Archive, second_id: str, how: str) -> None:
    archive.add("a.yaml", incident_yaml(id="INC-1"))
    archive.add("b.yaml", incident_yaml(id=second_id))
    assert archive.problems() == [
        "docs/postmortems/a.yaml:1:5: id: id 'INC-1' is also used by docs/postmortems/b.yaml",
        f"docs/postmortems/b.yaml:1:5: id: {how} is already used by docs/postmortems/a.yaml; "
        "ids must be unique",
    ]


def test_the_first_file_by_path_keeps_the_page(archive: Archive) -> None:
    """The first keeps its page (with a warning); the later ones are blocked, no preview."""
    archive.add("b.yaml", incident_yaml(id="INC-1", title="Later"))
    archive.add("a.yaml", incident_yaml(id="INC-1", title="First"))
    archive.add("c.yaml", incident_yaml(id="inc-1", status="done"))
    files = archive.check()
    first = files["a.yaml"]
    assert first.incident is not None and first.incident.title == "First"
    assert not first.blocked
    assert [p.message for p in first.problems] == [
        "id 'INC-1' is also used by docs/postmortems/b.yaml",
        "id 'INC-1' is also used by docs/postmortems/c.yaml",
    ]
    for name in ("b.yaml", "c.yaml"):
        assert files[name].blocked
        assert (files[name].incident, files[name].preview) == (None, None)


def test_an_invalid_file_still_owns_its_id(archive: Archive) -> None:
    """An invalid file is a preview under its id: a valid file with that id is the duplicate."""
    archive.add("a.yaml", incident_yaml(id="INC-1", status="done"))
    archive.add("b.yaml", incident_yaml(id="INC-1"))
    files = archive.check()
    assert files["b.yaml"].incident is None
    assert str(files["b.yaml"].problems[0]) == (
        "docs/postmortems/b.yaml:1:5: id: the same id is already used by "
        "docs/postmortems/a.yaml; ids must be unique"
    )


def test_files_without_a_text_id_take_no_part(archive: Archive) -> None:
    archive.add("a.yaml", incident_yaml(id=1))
    archive.add("b.yaml", incident_yaml(id=1))
    archive.add("c.yaml", "id: [\n")
    assert [p for p in archive.problems() if "ids must be unique" in p] == []


# --- relations -------------------------------------------------------------------------------


def test_a_relation_to_a_missing_incident_is_kept_with_a_warning(archive: Archive) -> None:
    archive.add("a.yaml", incident_yaml(id="A", related_incidents=["B", rel("NOPE", "causes")]))
    archive.add("b.yaml", incident_yaml(id="B"))
    files = archive.check()
    assert [str(p) for p in files["a.yaml"].problems] == [
        "docs/postmortems/a.yaml:9:7: related_incidents[1].id: no incident with id 'NOPE' "
        "in the archive"
    ]
    assert not files["a.yaml"].blocked
    assert [r.target for r in files["a.yaml"].incident.relations] == ["B", "NOPE"]  # type: ignore[union-attr]


def test_a_relation_resolves_by_page_address(archive: Archive) -> None:
    archive.add("a.yaml", incident_yaml(id="A", related_incidents=["inc_b"]))
    archive.add("b.yaml", incident_yaml(id="INC-B"))
    assert archive.problems() == []


def test_a_relation_to_an_invalid_file_is_not_dangling(archive: Archive) -> None:
    archive.add("a.yaml", incident_yaml(id="A", related_incidents=["B"]))
    archive.add("b.yaml", incident_yaml(id="B", status="done"))
    assert [p for p in archive.problems() if "a.yaml" in p] == []


@pytest.mark.parametrize(
    ("entry", "where"),
    [
        ("A", "8:3: related_incidents[0]"),
        ("a", "8:3: related_incidents[0]"),
        (rel("A", "caused-by"), "8:7: related_incidents[0].id"),
    ],
)
def test_a_self_relation_is_dropped_with_a_warning(
    archive: Archive, entry: Any, where: str
) -> None:
    archive.add("a.yaml", incident_yaml(id="A", related_incidents=[entry]))
    files = archive.check()
    assert [str(p) for p in files["a.yaml"].problems] == [
        f"docs/postmortems/a.yaml:{where}: an incident cannot be related to itself"
    ]
    assert files["a.yaml"].incident.relations == []  # type: ignore[union-attr]
    assert not files["a.yaml"].blocked


# --- relations that point back in time --------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "own_date", "their_date", "why"),
    [
        ("recurrence-of", "2025-12-01", "2026-01-05", "a recurrence comes after the incident it repeats"),
        ("duplicate-of", "2025-12-01", "2026-01-05", "the duplicate is the later of the two"),
        ("recurrence-of", "2026-01-05", "2026-01-05", None),  # the same day: not later
        ("recurrence-of", "2026-01-05", "2025-12-01", None),
        ("duplicate-of", "2026-01-05", "2025-12-01", None),
        ("caused-by", "2025-12-01", "2026-01-05", None),  # reports may be dated otherwise
        ("related", "2025-12-01", "2026-01-05", None),
    ],
)  # fmt: skip
def test_a_recurrence_or_duplicate_of_a_later_incident_is_reported(
    archive: Archive, type_: str, own_date: str, their_date: str, why: str | None
) -> None:
    archive.add("a.yaml", incident_yaml(id="A", date=own_date, related_incidents=[rel("B", type_)]))
    archive.add("b.yaml", incident_yaml(id="B", date=their_date))
    expected = []
    if why is not None:
        expected = [
            f"docs/postmortems/a.yaml:9:9: related_incidents[0].type: '{type_}' B, dated "
            f"{their_date}, is later than this incident ({own_date}): {why}; declare it in "
            f"B's file ({type_} A), or correct a date"
        ]
    assert archive.problems() == expected
    assert not archive.check()["a.yaml"].blocked  # published, with a warning


def test_no_order_where_a_date_is_not_a_real_one(archive: Archive) -> None:
    """A wrong date is reported by the schema; the order is not judged from it."""
    archive.add(
        "a.yaml",
        incident_yaml(id="A", date="2025-02-30", related_incidents=[rel("B", "recurrence-of")]),
    )
    archive.add("b.yaml", incident_yaml(id="B", date="2026-01-05"))
    assert [p for p in archive.problems() if "later" in p] == []


def test_an_unpublished_file_hears_of_the_order_too(archive: Archive) -> None:
    archive.add(
        "a.yaml",
        incident_yaml(
            id="A", date="2025-12-01", status="done", related_incidents=[rel("B", "duplicate-of")]
        ),
    )
    archive.add("b.yaml", incident_yaml(id="B", date="2026-01-05"))
    assert any("is later than this incident (2025-12-01)" in p for p in archive.problems())


# --- cycles ----------------------------------------------------------------------------------


def cycle_message(names: str, kind: str, type_: str) -> str:
    return (
        f"relation cycle: {names} {kind} (directly or through others); "
        f"one of these '{type_}' relations is wrong"
    )


@pytest.mark.parametrize(
    ("type_a", "type_b", "kind"),
    [
        ("caused-by", "caused-by", "cause each other"),
        ("causes", "causes", "cause each other"),
        ("recurrence-of", "recurrence-of", "are each a recurrence of the other"),
        ("duplicate-of", "duplicate-of", "are each a duplicate of the other"),
        ("parent-of", "parent-of", "are each a parent of the other"),
        ("child-of", "child-of", "are each a parent of the other"),
        ("parent-of", "child-of", None),
        ("caused-by", "causes", None),
        ("related", "related", None),
    ],
)
def test_two_incidents(archive: Archive, type_a: str, type_b: str, kind: str | None) -> None:
    """``A caused-by B`` with ``B causes A`` says one thing twice: not a cycle."""
    archive.add("a.yaml", incident_yaml(id="A", related_incidents=[rel("B", type_a)]))
    archive.add("b.yaml", incident_yaml(id="B", related_incidents=[rel("A", type_b)]))
    expected = []
    if kind is not None:
        expected = [
            "docs/postmortems/a.yaml:8:3: related_incidents[0]: "
            + cycle_message("A and B", kind, type_a),
            "docs/postmortems/b.yaml:8:3: related_incidents[0]: "
            + cycle_message("A and B", kind, type_b),
        ]
    assert archive.problems() == expected


def test_a_cycle_is_reported_on_each_member(archive: Archive) -> None:
    archive.add("e.yaml", incident_yaml(id="E", related_incidents=["F", rel("F", "caused-by")]))
    archive.add("f.yaml", incident_yaml(id="F", related_incidents=[rel("G", "caused-by")]))
    archive.add("g.yaml", incident_yaml(id="G", related_incidents=[rel("E", "caused-by")]))
    archive.add("h.yaml", incident_yaml(id="H", related_incidents=[rel("E", "caused-by")]))
    files = archive.check()
    message = cycle_message("E, F and G", "cause each other", "caused-by")
    assert [str(p) for p in files["e.yaml"].problems] == [
        f"docs/postmortems/e.yaml:9:3: related_incidents[1]: {message}"
    ]
    for name in ("f.yaml", "g.yaml"):
        assert [str(p) for p in files[name].problems] == [
            f"docs/postmortems/{name}:8:3: related_incidents[0]: {message}"
        ]
    assert files["h.yaml"].problems == []  # leads into the cycle, is not part of it
    assert not any(f.blocked for f in files.values())


def test_kinds_do_not_mix(archive: Archive) -> None:
    """A causes B and B is a parent of A: two different orders, no cycle."""
    archive.add("a.yaml", incident_yaml(id="A", related_incidents=[rel("B", "causes")]))
    archive.add("b.yaml", incident_yaml(id="B", related_incidents=[rel("A", "parent-of")]))
    assert archive.problems() == []


def test_ids_are_named_as_written(archive: Archive) -> None:
    archive.add("a.yaml", incident_yaml(id="INC_A", related_incidents=[rel("inc-b", "causes")]))
    archive.add("b.yaml", incident_yaml(id="INC.B", related_incidents=[rel("inc_a", "causes")]))
    message = cycle_message("INC.B and INC_A", "cause each other", "causes")
    assert archive.problems() == [
        f"docs/postmortems/a.yaml:8:3: related_incidents[0]: {message}",
        f"docs/postmortems/b.yaml:8:3: related_incidents[0]: {message}",
    ]


def test_a_duplicate_takes_no_part_in_cycles(archive: Archive) -> None:
    archive.add("a.yaml", incident_yaml(id="A", related_incidents=[rel("B", "causes")]))
    archive.add("b.yaml", incident_yaml(id="B"))
    archive.add("c.yaml", incident_yaml(id="B", related_incidents=[rel("A", "causes")]))
    assert [p for p in archive.problems() if "cycle" in p] == []


def test_a_file_with_schema_errors_takes_part_in_cycles(archive: Archive) -> None:
    """Its cycle is reported with its schema errors, in the same run, on both files."""
    archive.add(
        "a.yaml", incident_yaml(id="A", status="done", related_incidents=[rel("B", "caused-by")])
    )
    archive.add("b.yaml", incident_yaml(id="B", related_incidents=[rel("A", "caused-by")]))
    message = cycle_message("A and B", "cause each other", "caused-by")
    assert archive.problems() == [
        "docs/postmortems/a.yaml:5:9: status: 'done' is not allowed; expected one of: draft, "
        "in-review, final, archived",
        f"docs/postmortems/a.yaml:8:3: related_incidents[0]: {message}",
        f"docs/postmortems/b.yaml:8:3: related_incidents[0]: {message}",
    ]


def test_check_archive_of_nothing() -> None:
    check_archive([])


# --- strongly connected components -----------------------------------------------------------


def components(graph: dict[str, list[str]]) -> set[frozenset[str]]:
    return set(strongly_connected(graph).values())


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({}, set()),
        ({"a": []}, set()),
        ({"a": ["a"]}, set()),
        ({"a": ["b"]}, set()),
        ({"a": ["b"], "b": ["a"]}, {frozenset("ab")}),
        ({"a": ["b"], "b": ["c"], "c": ["a"]}, {frozenset("abc")}),
        ({"a": ["b"], "b": ["c"], "c": ["b"]}, {frozenset("bc")}),
        ({"a": ["b"], "b": ["a"], "c": ["d"], "d": ["c"], "b2": ["c"]}, {frozenset("ab"), frozenset("cd")}),
        ({"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}, set()),
        ({"a": ["b", "b"], "b": ["a", "a"]}, {frozenset("ab")}),
        ({"a": ["x"], "x": ["b"], "b": ["a"], "c": ["x"]}, {frozenset("axb")}),
        ({"z": ["a"], "a": ["z", "q"]}, {frozenset("az")}),
    ],
)  # fmt: skip
def test_small_graphs(graph: dict[str, list[str]], expected: set[frozenset[str]]) -> None:
    """Only components of two or more: a self-loop or a lone node is not a cycle here."""
    assert components(graph) == expected


def test_every_member_maps_to_one_shared_component() -> None:
    found = strongly_connected({"a": ["b"], "b": ["a"], "c": ["a"]})
    assert set(found) == {"a", "b"}
    assert found["a"] is found["b"]


def test_nodes_only_named_as_targets_are_walked() -> None:
    """``b`` has no entry of its own (an incident with no directed relations)."""
    assert components({"a": ["b"], "c": ["a"]}) == set()
    assert components({"a": ["b"], "c": ["a"], "b": ["c"]}) == {frozenset("abc")}


def test_a_long_cycle_needs_no_recursion() -> None:
    n = 5_000
    graph = {f"n{i}": [f"n{(i + 1) % n}"] for i in range(n)}
    found = strongly_connected(graph)
    assert len(found) == n
    assert len(set(map(id, found.values()))) == 1


def test_a_long_chain_is_no_cycle() -> None:
    n = 5_000
    graph = {f"n{i}": [f"n{i + 1}"] for i in range(n)}
    assert strongly_connected(graph) == {}


def naive_components(graph: dict[str, list[str]]) -> set[frozenset[str]]:
    nodes = set(graph) | {t for targets in graph.values() for t in targets}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), []):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reached = {n: reach(n) for n in nodes}
    groups = {
        frozenset({m for m in nodes if m in reached[n] and n in reached[m]} | {n}) for n in nodes
    }
    return {g for g in groups if len(g) > 1}


@pytest.mark.parametrize("seed", range(20))
def test_agrees_with_reachability_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(rng.randint(2, 25))]
    graph = {
        n: [rng.choice(nodes) for _ in range(rng.randint(0, 3))]
        for n in nodes
        if rng.random() < 0.9
    }
    assert components(graph) == naive_components(graph)


def test_a_file_that_cannot_be_published_hears_of_its_relations_in_the_same_run(
    tmp_path: Path,
) -> None:
    """A broken file's schema errors and its dangling relation in one report, not in rounds."""
    archive = Archive(tmp_path / "project")
    archive.add(
        "a.yaml", incident_yaml(id="INC-A", status="done") + "related_incidents:\n  - INC-404\n"
    )
    assert archive.problems() == [
        "docs/postmortems/a.yaml:5:9: status: 'done' is not allowed; expected one of: draft, "
        "in-review, final, archived",
        "docs/postmortems/a.yaml:8:5: related_incidents[0]: no incident with id 'INC-404' in "
        "the archive",
    ]


# --- files YAML cannot read --------------------------------------------------------------------


def test_a_relation_to_a_file_yaml_cannot_read_is_not_dangling(archive: Archive) -> None:
    """The unreadable file's id line still names it: its neighbours hear of their own problems
    only."""
    archive.add("a.yaml", incident_yaml(id="A", related_incidents=["B", "C"]))
    archive.add("b.yaml", "id: B\ntitle: [unclosed\n")
    files = archive.check()
    assert [str(p) for p in files["a.yaml"].problems] == [
        "docs/postmortems/a.yaml:9:3: related_incidents[1]: no incident with id 'C' in the archive"
    ]
    assert files["b.yaml"].preview is not None


def test_a_file_yaml_cannot_read_never_takes_a_readable_files_id(archive: Archive) -> None:
    """Its id is only a line scan's: the file that was read keeps the page, whatever the order
    of their paths, and the duplicate is said at the id line."""
    archive.add("a.yaml", "title: x\nid: INC-1\n\tbad: tab\n")
    archive.add("b.yaml", incident_yaml(id="INC-1", status="done"))
    files = archive.check()
    assert files["b.yaml"].preview is not None and files["a.yaml"].preview is None
    assert [str(p) for p in files["a.yaml"].problems if p.field == "id"] == [
        "docs/postmortems/a.yaml:2:5: id: the same id is already used by "
        "docs/postmortems/b.yaml; ids must be unique"
    ]
    assert "id 'INC-1' is also used by docs/postmortems/a.yaml" in [
        p.message for p in files["b.yaml"].problems
    ]
