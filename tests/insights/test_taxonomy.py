"""Incidents by service, tag, factor category, environment and year; earlier incidents that
share a term with an incident."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.core.option_kinds import Category
from mkdocs_postmortem.insights.taxonomy import (
    RECURRENCE_LIMIT,
    TAXONOMIES,
    Taxonomy,
    Term,
    build_taxonomies,
    recurrences,
    term_slug,
)


def ids(incidents: Iterable[Incident]) -> list[str]:
    return [i.id for i in incidents]


def terms(taxonomy: Taxonomy) -> list[tuple[str, str, list[str]]]:
    return [(t.name, t.slug, ids(t.incidents)) for t in taxonomy.terms]


def dated(n: int, **fields: Any) -> Incident:
    """INC-n on 2026-01-n: a higher n is newer."""
    return incident(id=f"INC-{n}", date=f"2026-01-{n:02d}", **fields)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("payments", "payments"),
        ("Payments API", "payments-api"),
        ("  --DB--  ", "db"),
        ("k8s/ingress_nginx", "k8s-ingress-nginx"),
        ("payments_api", "payments-api"),  # separators are one dash
        ("a" * 70, "a" * 60 + "-ed6c69d9"),  # cut at 60: the hash tells long names apart
        ("x" * 59 + " y", "x" * 59 + "-d6035540"),  # cut at 60, then no trailing dash
        ("café", "caf-f424452a"),  # the ASCII part is kept, with a hash of the name
        ("cafè", "caf-f3b4b4f3"),
        ("C++", "c-372946aa"),
        ("C#", "c-2e26e622"),
        ("数据库", "t-f4dbbc63a5"),  # nothing ASCII: a hash of the name
        ("  ", "t-da39a3ee5e"),
    ],
)
def test_term_slug(name: str, slug: str) -> None:
    assert term_slug(name) == slug


def test_non_ascii_names_get_distinct_hashes() -> None:
    slugs = {term_slug(name) for name in ("数据库", "データベース", "база", "🔥")}
    assert len(slugs) == 4
    assert all(re.fullmatch(r"t-[0-9a-f]{10}", s) for s in slugs)


def test_distinct_names_are_distinct_terms() -> None:
    """Names that differ in more than case and separators are two terms with two pages: the
    slugs once dropped every other character, so ``C++`` and ``C#`` were one term, ``c``."""
    built = index(
        [
            dated(1, services=["C++", "café"]),
            dated(2, services=["C#", "cafè"]),
        ]
    )
    found = terms(built.taxonomies["services"])
    assert sorted((name, ids) for name, _, ids in found) == [
        ("C#", ["INC-2"]),
        ("C++", ["INC-1"]),
        ("cafè", ["INC-2"]),
        ("café", ["INC-1"]),
    ]
    assert len({slug for _, slug, _ in found}) == 4


def test_one_name_written_several_ways_is_one_term() -> None:
    """Case, Unicode forms and separators between words do not make another term; the term is
    named as the newest incident writes it, at the address of its plain form."""
    built = index(
        [
            dated(1, services=["payments_api"]),
            dated(2, services=["Payments API", "payments-api"]),  # one term, counted once
            dated(3, services=["ｐａｙｍｅｎｔｓ api"]),  # full-width letters (NFKC)
        ]
    )
    assert terms(built.taxonomies["services"]) == [
        ("ｐａｙｍｅｎｔｓ api", "payments-api", ["INC-3", "INC-2", "INC-1"])
    ]


def test_taxonomies_in_page_order() -> None:
    built = build_taxonomies(settings(), [])
    assert list(built) == [k.key for k in TAXONOMIES]
    assert list(built) == [
        "services", "tags", "categories", "environments", "years", "organisations",
    ]  # fmt: skip
    assert [(t.title, t.singular) for t in built.values()] == [
        ("Services", "service"),
        ("Tags", "tag"),
        ("Contributing factors", "category"),
        ("Environments", "environment"),
        ("Years", "year"),
        ("Organisations", "organisation"),
    ]
    assert all(t.terms == [] for t in built.values())


def test_terms_by_count_then_name() -> None:
    """Most incidents first; then by name without regard to case. Each term's incidents are
    newest first."""
    built = index(
        [
            dated(1, services=["api", "db"]),
            dated(2, services=["Cache", "api"]),
            dated(3, services=["db", "auth", "api"]),
            dated(4, services=["Zeta"]),
        ]
    )
    assert terms(built.taxonomies["services"]) == [
        ("api", "api", ["INC-3", "INC-2", "INC-1"]),
        ("db", "db", ["INC-3", "INC-1"]),
        ("auth", "auth", ["INC-3"]),
        ("Cache", "cache", ["INC-2"]),
        ("Zeta", "zeta", ["INC-4"]),
    ]


def test_names_with_one_slug_are_one_term() -> None:
    """Spellings that differ in case or punctuation are one term, named as the newest incident
    writes it, and an incident is in it once even if it lists both spellings."""
    built = index(
        [
            dated(1, tags=["Payments API", "payments-api"]),
            dated(2, tags=["payments api"]),
        ]
    )
    assert terms(built.taxonomies["tags"]) == [("payments api", "payments-api", ["INC-2", "INC-1"])]


def test_years_newest_first() -> None:
    made = [
        incident(id="INC-1", date="2024-05-01"),
        incident(id="INC-2", date="2026-01-01"),
        incident(id="INC-3", date="2025-07-01"),
        incident(id="INC-4", date="2024-12-31"),
        incident(id="INC-5", date="2026-03-01"),
    ]
    assert terms(index(made).taxonomies["years"]) == [
        ("2026", "2026", ["INC-5", "INC-2"]),
        ("2025", "2025", ["INC-3"]),
        ("2024", "2024", ["INC-4", "INC-1"]),
    ]


def test_categories_by_label() -> None:
    """A known category shows its label; an unknown one its id; factors without a category
    (plain strings, or objects without one) are in none."""
    built = index(
        [
            dated(
                1,
                contributing_factors=[
                    {"factor": "No alert", "category": "detection"},
                    "Plain text factor",
                    {"factor": "No category"},
                    {"factor": "Storm", "category": "weather"},
                ],
            ),
            dated(
                2,
                contributing_factors=[
                    {"factor": "Again no alert", "category": "detection"},
                    {"factor": "Also no alert", "category": "detection"},
                ],
            ),
        ]
    )
    assert terms(built.taxonomies["categories"]) == [
        ("Detection gap", "detection-gap", ["INC-2", "INC-1"]),
        ("weather", "weather", ["INC-1"]),
    ]


def test_categories_follow_the_team_list() -> None:
    options = settings(factor_categories=(Category("ops", "Operations slip"),))
    made = [
        incident(
            options,
            id="INC-1",
            contributing_factors=[
                {"factor": "x", "category": "ops"},
                {"factor": "y", "category": "detection"},
            ],
        )
    ]
    assert [t.name for t in index(made, options).taxonomies["categories"].terms] == [
        "detection",
        "Operations slip",
    ]


def test_environments() -> None:
    built = index(
        [
            dated(1, environment="production"),
            dated(2, environment="staging"),
            dated(3),
            dated(4, environment="production"),
        ]
    )
    assert terms(built.taxonomies["environments"]) == [
        ("production", "production", ["INC-4", "INC-1"]),
        ("staging", "staging", ["INC-2"]),
    ]


def test_terms_of_an_incident_in_its_own_order() -> None:
    made = [dated(1, services=["db", "api"], tags=["x"]), dated(2, services=["api"])]
    built = index(made)
    services = built.taxonomies["services"]
    assert [t.name for t in services.terms_of(made[0])] == ["db", "api"]
    assert [t.name for t in services.terms_of(made[1])] == ["api"]
    assert built.taxonomies["tags"].terms_of(made[1]) == []
    assert [t.name for t in built.taxonomies["years"].terms_of(made[1])] == ["2026"]


@pytest.fixture
def five() -> tuple[Term, list[Incident]]:
    """Term "db" of INC-1..INC-5, and an incident outside it (INC-6)."""
    made = [dated(n, services=["db"]) for n in range(1, 6)] + [dated(6, services=["api"])]
    built = index(made)
    db = built.taxonomies["services"].terms[0]
    assert db.name == "db"
    return db, made


@pytest.mark.parametrize(
    ("of", "limit", "expected", "total"),
    [
        (5, 2, ["INC-4", "INC-3"], 4),
        (5, 10, ["INC-4", "INC-3", "INC-2", "INC-1"], 4),
        (3, 1, ["INC-2"], 2),
        (3, 0, [], 2),  # the count does not depend on the limit
        (1, 5, [], 0),  # the oldest has nothing earlier
        (6, 5, [], 0),  # not in the term
    ],
)
def test_earlier_than(
    five: tuple[Term, list[Incident]], of: int, limit: int, expected: list[str], total: int
) -> None:
    term, made = five
    found, count = term.earlier_than(made[of - 1], limit)
    assert (ids(found), count) == (expected, total)


def shared(taxonomies: dict[str, Taxonomy], of: Incident) -> list[tuple[str, list[str]]]:
    """Each earlier incident with what it shares, as ``taxonomy:term`` names."""
    return [
        (e.incident.id, [f"{tax.key}:{term.name}" for tax, term in e.shared])
        for e in recurrences(taxonomies, of)
    ]


def test_recurrences_newest_first_each_once_with_all_it_shares() -> None:
    """Services, categories and tags count; environments and years do not; newer incidents
    are not earlier ones."""
    made = [
        dated(1, services=["db"], tags=["network"]),
        dated(
            2,
            services=["db", "api"],
            contributing_factors=[{"factor": "f", "category": "capacity"}],
        ),
        dated(3, environment="production"),  # shares only environment and year
        dated(4, tags=["network"], contributing_factors=[{"factor": "g", "category": "capacity"}]),
        dated(
            5,
            services=["api", "db"],
            tags=["network"],
            environment="production",
            contributing_factors=[{"factor": "h", "category": "capacity"}],
        ),
        dated(6, services=["db"]),  # newer: not a recurrence of INC-5
    ]
    built = index(made)
    assert shared(built.taxonomies, made[4]) == [
        ("INC-4", ["categories:Capacity issue", "tags:network"]),
        ("INC-2", ["services:api", "services:db", "categories:Capacity issue"]),
        ("INC-1", ["services:db", "tags:network"]),
    ]
    earlier = recurrences(built.taxonomies, made[4])
    assert [(tax.key, [t.name for t in names]) for tax, names in earlier[1].by_taxonomy] == [
        ("services", ["api", "db"]),
        ("categories", ["Capacity issue"]),
    ]
    assert shared(built.taxonomies, made[0]) == []
    assert shared(built.taxonomies, made[2]) == []


def test_recurrences_are_bounded() -> None:
    """The RECURRENCE_LIMIT newest earlier incidents, across all terms: INC-8 shares only a
    tag and is among them; the older of those sharing the service are not."""
    assert RECURRENCE_LIMIT == 5
    made = [dated(n, services=["db"]) for n in range(1, 8)]
    made += [dated(8, tags=["disk"]), dated(9, services=["db"], tags=["disk"])]
    built = index(made)
    assert shared(built.taxonomies, made[-1]) == [
        ("INC-8", ["tags:disk"]),
        ("INC-7", ["services:db"]),
        ("INC-6", ["services:db"]),
        ("INC-5", ["services:db"]),
        ("INC-4", ["services:db"]),
    ]


def test_organisations_come_from_the_source_block() -> None:
    """A library of other organisations' reports is browsed by whose incident it was."""
    made = [
        incident(
            id="A", date="2026-03-01", source={"organisation": "Fastly", "kind": "public-report"}
        ),
        incident(id="B", date="2026-02-01", source={"organisation": "Fastly"}),
        incident(id="C", date="2026-01-01"),
    ]
    organisations = build_taxonomies(settings(), made)["organisations"]
    assert [(t.name, [i.id for i in t.incidents]) for t in organisations.terms] == [
        ("Fastly", ["A", "B"])
    ]
