"""Ordered scales (severity, priority): how they are built, resolved, described and slugged."""

from __future__ import annotations

import pytest

from mkdocs_postmortem.core.scale import (
    DEFAULT_PRIORITIES,
    DEFAULT_SEVERITIES,
    Level,
    Scale,
    slugify,
)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([], "the severity scale needs at least one level"),
        ([{"id": "A"}, {"id": "   "}], "severity level 2 has an empty id"),
        ([{"id": ""}], "severity level 1 has an empty id"),
        (
            [{"id": "A", "aliases": ["x"]}, {"id": "B", "aliases": ["x"]}],
            "severity name 'x' is used by both A and B",
        ),
        ([{"id": "A"}, {"id": "B", "aliases": ["A"]}], "severity name 'A' is used by both A and B"),
        ([{"id": "A", "aliases": ["B"]}, {"id": "B"}], "severity name 'B' is used by both A and B"),
        ([{"id": "A"}, {"id": "A"}], "severity name 'A' is used by both A and A"),
        (
            [{"id": "Sev 1"}, {"id": "sev-1"}],
            "severity levels Sev 1 and sev-1 have the same URL slug",
        ),
        ([{"id": "!!"}, {"id": "??"}], "severity levels !! and ?? have the same URL slug"),
    ],
)
def test_build_refuses(entries: list[dict[str, object]], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        Scale.build("severity", entries)
    assert str(caught.value) == message


def test_the_scale_name_is_in_the_messages() -> None:
    with pytest.raises(ValueError) as caught:
        Scale.build("priority", [])
    assert str(caught.value) == "the priority scale needs at least one level"


def test_a_level_may_list_its_own_id_as_an_alias() -> None:
    scale = Scale.build("severity", [{"id": "A", "aliases": ["A"]}])
    assert scale.resolve("A") is scale.levels[0]


def test_levels_take_defaults_and_their_rank_from_the_order() -> None:
    scale = Scale.build(
        "severity",
        [
            {"id": " High ", "label": "", "description": None},
            {"id": "Low", "label": "Lowest", "aliases": None, "response_target": "1 day"},
        ],
    )
    assert scale.levels == (
        Level(id="High", label="High", description="", rank=0),
        Level(id="Low", label="Lowest", description="", rank=1, response_target="1 day"),
    )


def test_resolve_by_id_and_alias() -> None:
    scale = Scale.build("severity", DEFAULT_SEVERITIES)
    assert scale.resolve("SEV2") is scale.levels[1]
    for alias in ("SEV-2", "Sev-2", "sev-2", "Sev2", "sev2"):
        assert scale.resolve(alias) is scale.levels[1]
    assert scale.resolve("SEV4").rank == 3  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["sev 2", "SEV 2", "SEV5", "", "2", "Major"])
def test_resolve_is_exact(value: str) -> None:
    """Only the configured spellings: no case folding, no labels."""
    assert Scale.build("severity", DEFAULT_SEVERITIES).resolve(value) is None


def test_names_are_ids_first_then_aliases_in_scale_order() -> None:
    scale = Scale.build("priority", DEFAULT_PRIORITIES)
    assert scale.names() == [
        "P0", "P1", "P2", "P3",
        "Critical", "critical", "High", "high", "Medium", "medium", "Low", "low",
    ]  # fmt: skip


def test_describe() -> None:
    scale = Scale.build("s", [{"id": "A", "aliases": ["a", "AA"]}, {"id": "B"}])
    assert scale.describe() == "A (or a, AA), B"
    assert Scale.build("priority", DEFAULT_PRIORITIES).describe() == (
        "P0 (or Critical, critical), P1 (or High, high), P2 (or Medium, medium), P3 (or Low, low)"
    )


@pytest.mark.parametrize("entries", [DEFAULT_SEVERITIES, DEFAULT_PRIORITIES])
def test_entries_round_trip(entries: list[dict[str, object]]) -> None:
    scale = Scale.build("severity", entries)
    again = Scale.build("severity", scale.entries())
    assert again == scale
    assert again.entries() == scale.entries()
    assert again.resolve("SEV1" if entries is DEFAULT_SEVERITIES else "high") is not None


def test_entries_are_what_mkdocs_yml_writes() -> None:
    scale = Scale.build("severity", [{"id": "A", "aliases": ("x",)}])
    assert scale.entries() == [
        {"id": "A", "label": "A", "description": "", "aliases": ["x"], "response_target": ""}
    ]


def test_default_scales() -> None:
    severity = Scale.build("severity", DEFAULT_SEVERITIES)
    assert [(lv.id, lv.label, lv.response_target) for lv in severity.levels] == [
        ("SEV1", "Critical", "5 minutes"),
        ("SEV2", "Major", "15 minutes"),
        ("SEV3", "Minor", "1 hour"),
        ("SEV4", "Low", "1 day"),
    ]
    assert [lv.slug for lv in severity.levels] == ["sev1", "sev2", "sev3", "sev4"]


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("SEV1", "sev1"),
        ("SEV 1", "sev-1"),
        ("INC_2026.01", "inc-2026-01"),
        ("a..b", "a-b"),
        ("--Hello,  World!--", "hello-world"),
        ("P0", "p0"),
        ("---", "level"),
        ("", "level"),
        ("ÄÖ", "level"),
        ("café au lait", "caf-au-lait"),
    ],
)
def test_slugify(value: str, slug: str) -> None:
    assert slugify(value) == slug
