"""Possibly related incidents: words, TF-IDF cosine scores, and the pairs listed once."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.insights.similarity import (
    MAX_POSTINGS,
    Suggestion,
    document_text,
    pairs,
    suggest,
    tokens,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The disks were full", {"disk": 1, "full": 1}),  # stop words out, plural stripped
        ("500 errors in 2026", {"error": 1}),  # numbers and short words out
        ("class bus glass", {"class": 1, "bus": 1, "glass": 1}),  # -ss, and short words, kept
        ("status", {"statu": 1}),  # crude, but the same on every side
        ("db ok io", {}),  # fewer than three characters
        ("x12 abc_def 1st", {"x12": 1, "abc_def": 1, "1st": 1}),  # digits inside words count
        ("Timeouts, TIMEOUT; timeout!", {"timeout": 3}),
        ("_private", {"private": 1}),
        ("about these which would your", {}),
    ],
)
def test_tokens(text: str, expected: dict[str, int]) -> None:
    assert tokens([text]) == Counter(expected)


def test_tokens_add_up_across_texts() -> None:
    assert tokens(["Disk full", "disks FULL again today"]) == Counter(disk=2, full=2, today=1)


def test_document_text() -> None:
    """Title, summary, the root cause's prose, and every contributing factor."""
    data = {
        "title": "T",
        "summary": "S",
        "root_cause": {"summary": "RS", "trigger": "RT", "five_whys": [{"answer": "no"}]},
        "contributing_factors": ["plain", {"factor": "F", "details": "D"}, {"factor": "G"}],
        "impact": {"summary": "not read"},
    }
    assert list(document_text(data)) == ["T", "S", "RS", "RT", "plain", "F", "D", "G", ""]


def doc(n: int, title: str, summary: str) -> Incident:
    return incident(id=f"INC-{n}", date=f"2026-01-{n:02d}", title=title, summary=summary)


def scored(result: dict[str, list[Suggestion]]) -> dict[str, list[tuple[str, float]]]:
    return {slug: [(s.other.id, s.score) for s in items] for slug, items in result.items()}


@pytest.fixture
def three() -> list[Incident]:
    """INC-1 and INC-2 share 'alpha'; INC-3 shares nothing."""
    return [doc(1, "alpha", "bravo"), doc(2, "alpha", "charlie"), doc(3, "delta", "echo")]


def test_score_is_the_tf_idf_cosine(three: list[Incident]) -> None:
    """Weights (1 + log tf) * log(n / df): alpha log(3/2), each other word log 3."""
    shared, own = math.log(3 / 2), math.log(3)
    expected = round(shared**2 / (shared**2 + own**2), 4)
    assert expected == 0.1199
    assert scored(suggest(three, {}, 3, 0.1)) == {
        "inc-1": [("INC-2", expected)],
        "inc-2": [("INC-1", expected)],
    }


@pytest.mark.parametrize(("threshold", "found"), [(0.11, True), (0.12, False), (1.0, False)])
def test_threshold(three: list[Incident], threshold: float, found: bool) -> None:
    assert bool(suggest(three, {}, 3, threshold)) is found


def test_words_in_every_incident_say_nothing() -> None:
    """A word of every document has weight log(n/n) = 0: it makes no pair."""
    made = [doc(1, "database", "alpha"), doc(2, "database", "bravo"), doc(3, "database", "x")]
    assert suggest(made, {}, 3, 0.01) == {}


@pytest.fixture
def four() -> list[Incident]:
    """INC-1 and INC-2 are the same text; INC-3 shares 'alpha' with both; INC-4 nothing."""
    return [
        doc(1, "alpha", "bravo"),
        doc(2, "alpha", "bravo"),
        doc(3, "alpha", "charlie"),
        doc(4, "delta", "echo"),
    ]


def partial() -> float:
    """The cosine of INC-3 with INC-1 (or INC-2) in ``four``."""
    alpha, bravo, charlie = math.log(4 / 3), math.log(2), math.log(4)
    return round(alpha**2 / (math.sqrt(alpha**2 + bravo**2) * math.sqrt(alpha**2 + charlie**2)), 4)


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        (
            3,
            {
                "inc-1": [("INC-2", 1.0), ("INC-3", partial())],
                "inc-2": [("INC-1", 1.0), ("INC-3", partial())],
                "inc-3": [("INC-1", partial()), ("INC-2", partial())],  # a tie: by id
            },
        ),
        (
            1,
            {
                "inc-1": [("INC-2", 1.0)],
                "inc-2": [("INC-1", 1.0)],
                "inc-3": [("INC-1", partial())],
            },
        ),
        (0, {}),
        (-1, {}),
    ],
)
def test_k_best_first(
    four: list[Incident], k: int, expected: dict[str, list[tuple[str, float]]]
) -> None:
    assert partial() == 0.0779
    assert scored(suggest(four, {}, k, 0.01)) == expected


def test_excluded_pairs_are_one_sided(four: list[Incident]) -> None:
    """``excluded`` is per incident: INC-1 does not suggest INC-2, INC-2 still suggests INC-1."""
    result = suggest(four, {"inc-1": {"inc-2"}, "inc-3": {"inc-1", "inc-2"}}, 3, 0.01)
    assert scored(result) == {
        "inc-1": [("INC-3", partial())],
        "inc-2": [("INC-1", 1.0), ("INC-3", partial())],
    }


def test_the_index_does_not_suggest_a_family_member() -> None:
    """Already related incidents (one family) are not suggested to each other."""
    options = settings(similar_threshold=0.01)
    made = [
        incident(options, id="INC-1", date="2026-01-01", title="alpha", summary="bravo"),
        incident(
            options,
            id="INC-2",
            date="2026-01-02",
            title="alpha",
            summary="bravo",
            related_incidents=["INC-1"],
        ),
        incident(options, id="INC-3", date="2026-01-03", title="alpha", summary="charlie"),
        incident(options, id="INC-4", date="2026-01-04", title="delta", summary="echo"),
    ]
    assert scored(index(made, options).suggestions) == {
        "inc-1": [("INC-3", partial())],
        "inc-2": [("INC-3", partial())],
        "inc-3": [("INC-1", partial()), ("INC-2", partial())],
    }


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_incidents(count: int) -> None:
    assert suggest([doc(1, "alpha", "bravo")][:count], {}, 3, 0.01) == {}


def test_a_word_of_too_many_incidents_is_not_looked_up() -> None:
    """'common' is in MAX_POSTINGS + 1 of MAX_POSTINGS + 2 incidents: it pairs none of them,
    however low the threshold; 'rare', in two, still pairs those two."""
    titles = ["common rare", "common rare"] + ["common"] * (MAX_POSTINGS - 1) + ["other"]
    made = [
        incident(id=f"INC-{n}", title=title, summary=f"unique{n:03d}x")
        for n, title in enumerate(titles, start=1)
    ]
    n = len(made)
    assert n == MAX_POSTINGS + 2
    common, rare, unique = math.log(n / (n - 1)), math.log(n / 2), math.log(n)
    # the cosine restricted to the words looked up: 'rare' only
    score = round(rare**2 / (common**2 + rare**2 + unique**2), 4)
    assert score == 0.4195
    assert scored(suggest(made, {}, 3, 1e-9)) == {
        "inc-1": [("INC-2", score)],
        "inc-2": [("INC-1", score)],
    }


def test_pairs_each_once_best_first(four: list[Incident]) -> None:
    assert [(s.incident.id, s.other.id, s.score) for s in pairs(suggest(four, {}, 3, 0.01))] == [
        ("INC-1", "INC-2", 1.0),
        ("INC-1", "INC-3", partial()),
        ("INC-2", "INC-3", partial()),
    ]


def test_pairs_keep_the_better_score() -> None:
    """Scores may differ by side (each side queries with its own strongest words): a pair is
    listed once, with its best score; ties by the ids."""
    a, b, c = doc(1, "a1a", "x"), doc(2, "b2b", "x"), doc(3, "c3c", "x")
    listed = pairs(
        {
            "inc-1": [Suggestion(a, b, 0.5)],
            "inc-2": [Suggestion(b, a, 0.7), Suggestion(b, c, 0.5)],
            "inc-3": [Suggestion(c, a, 0.5), Suggestion(c, b, 0.4)],
        }
    )
    assert [(s.incident.id, s.other.id, s.score) for s in listed] == [
        ("INC-2", "INC-1", 0.7),
        ("INC-2", "INC-3", 0.5),
        ("INC-3", "INC-1", 0.5),
    ]
    assert pairs({}) == []
