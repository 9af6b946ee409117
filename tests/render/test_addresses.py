"""Where generated pages live, the navigation section, and links between pages."""

from __future__ import annotations

import pytest
from factories import incident, settings

from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.insights.taxonomy import Term
from mkdocs_postmortem.render.addresses import Paths, href, page_url, relative


def test_paths_of_every_page_and_file() -> None:
    paths = Paths("postmortems")
    assert [
        paths.home,
        paths.related,
        paths.fields,
        paths.health,
        paths.changes,
        paths.schema,
        paths.stylesheet,
        paths.patterns,
        paths.ledger,
        paths.ledger_csv,
        paths.similar,
        paths.export,
        paths.unrated,
        paths.browse,
    ] == [
        "postmortems/index.md",
        "postmortems/related.md",
        "postmortems/fields.md",
        "postmortems/health.md",
        "postmortems/changes.md",
        "postmortems/schema.json",
        "postmortems/assets/postmortem.css",
        "postmortems/patterns.md",
        "postmortems/action-items.md",
        "postmortems/action-items.csv",
        "postmortems/similar.md",
        "postmortems/incidents.json",
        "postmortems/unrated.md",
        "postmortems/browse.md",
    ]


def test_paths_of_parameterised_pages() -> None:
    paths = Paths("postmortems")
    level = settings().severity.levels[0]
    assert paths.chart("resolve-time") == "postmortems/charts/resolve-time.svg"
    assert paths.taxonomy("services") == "postmortems/services/index.md"
    assert paths.term("tags", Term("Data Loss", "data-loss")) == "postmortems/tags/data-loss.md"
    assert paths.severity(level) == "postmortems/severity/sev1.md"
    assert paths.incident(incident(id="INC-2026-007")) == "postmortems/incidents/INC-2026-007.md"


@pytest.mark.parametrize(
    ("directory_urls", "expected"),
    [(True, "postmortems/incidents/INC-1/"), (False, "postmortems/incidents/INC-1.html")],
)
def test_incident_url(directory_urls: bool, expected: str) -> None:
    assert Paths("postmortems").incident_url(incident(), directory_urls) == expected


@pytest.mark.parametrize(
    ("written", "page"),
    [
        ("INC-2025-008", "INC-2025-008.md"),  # the URL is the id a reader has in hand
        ("inc-2025-008", "inc-2025-008.md"),
        ("Sev_1.Outage", "Sev_1.Outage.md"),
        ("index", "index.md"),  # the folder's index: the only page of the folder it takes
        ("README", "readme.md"),  # MkDocs would make README.md the folder's index too
        ("readme", "readme.md"),
    ],
)
def test_an_incident_page_is_named_by_its_id_as_written(written: str, page: str) -> None:
    assert Paths("postmortems").incident(incident(id=written)) == f"postmortems/incidents/{page}"


def test_custom_prefix_applies_to_every_path() -> None:
    paths = Paths("ops/archive")
    assert paths.home == "ops/archive/index.md"
    assert paths.stylesheet == "ops/archive/assets/postmortem.css"
    assert paths.chart("x") == "ops/archive/charts/x.svg"
    assert paths.taxonomy("years") == "ops/archive/years/index.md"
    assert paths.incident(incident()) == "ops/archive/incidents/INC-1.md"
    assert paths.incident_url(incident(), True) == "ops/archive/incidents/INC-1/"
    assert paths.taken(incident(id="metrics")) is None  # incident pages have a folder of their own


@pytest.mark.parametrize("prefix", ["incidents", "ops/incidents"])
def test_a_prefix_ending_in_incidents_is_not_doubled(prefix: str) -> None:
    paths = Paths(prefix)
    assert paths.home == f"{prefix}/index.md"
    assert paths.incident(incident(id="INC-2026-001")) == f"{prefix}/INC-2026-001.md"
    assert paths.incident_url(incident(id="INC-2026-001"), True) == f"{prefix}/INC-2026-001/"
    assert paths.taken(incident(id="INC-2026-001")) is None


@pytest.mark.parametrize(
    ("written", "taken"),
    [("Patterns", "patterns"), ("patterns.JSON", "patterns.json"), ("index", "index"), ("README", "readme"), ("services", "services"),
     ("schema.json", "schema.json"), ("Action-Items", "action-items")],
)  # fmt: skip
def test_beside_the_index_pages_an_id_may_not_take_their_address(written: str, taken: str) -> None:
    assert Paths("incidents").taken(incident(id=written)) == taken


SECTION = [
    "postmortems/index.md",
    {"Patterns": "postmortems/patterns.md"},
    {"Action items": "postmortems/action-items.md"},
    {"Related incidents": "postmortems/related.md"},
    {"Browse": "postmortems/browse.md"},
    {"Archive health": "postmortems/health.md"},
]


def test_nav_section_has_six_entries_in_order() -> None:
    """Every page renders the whole navigation: the rest of the archive is linked from
    Browse, not listed here."""
    assert Paths("postmortems").nav_section(settings()) == SECTION


@pytest.mark.parametrize(
    "options",
    [
        {"compare_ref": "origin/main"},
        {"severity": Scale.build("severity", [{"id": f"P{n}"} for n in range(12)])},
    ],
)
def test_nav_section_stays_six_entries_whatever_the_archive(options: dict[str, object]) -> None:
    """A preview build, a long severity scale: their pages are on Browse, not in the nav."""
    assert Paths("postmortems").nav_section(settings(**options)) == SECTION


def test_every_fixed_page_and_file_of_the_archive() -> None:
    """What a postmortem may link to before any page is made."""
    paths = Paths("postmortems")
    levels = settings().severity.levels
    fixed = set(paths.fixed(levels))
    assert paths.in_nav <= fixed
    assert {paths.severity(level) for level in levels} <= fixed
    assert {paths.taxonomy(key) for key in paths.browse_taxonomies} <= fixed
    assert {paths.export, paths.ledger_csv, paths.schema, paths.chart("resolve-time")} <= fixed
    assert {paths.feed, *(paths.level_feed(level) for level in levels)} <= fixed
    assert not {paths.changes, paths.unrated} & fixed  # only some archives have them


def test_nav_section_follows_the_prefix() -> None:
    nav = Paths("ops").nav_section(settings(prefix="ops"))
    assert nav[0] == "ops/index.md" and nav[-1] == {"Archive health": "ops/health.md"}
    assert nav[4] == {"Browse": "ops/browse.md"}


def test_pages_in_the_nav_are_those_of_the_section() -> None:
    paths = Paths("postmortems")
    assert paths.in_nav == {
        "postmortems/index.md",
        "postmortems/patterns.md",
        "postmortems/action-items.md",
        "postmortems/related.md",
        "postmortems/browse.md",
        "postmortems/health.md",
    }
    level = settings().severity.levels[0]
    assert paths.severity(level) not in paths.in_nav
    assert not {paths.taxonomy(key) for key in paths.browse_taxonomies} & paths.in_nav
    assert not {paths.similar, paths.fields, paths.changes, paths.unrated} & paths.in_nav


@pytest.mark.parametrize(
    ("start", "target", "expected"),
    [
        ("postmortems/index.md", "postmortems/incidents/inc-1.md", "incidents/inc-1.md"),
        ("postmortems/incidents/inc-1.md", "postmortems/index.md", "../index.md"),
        ("postmortems/incidents/inc-1.md", "postmortems/incidents/inc-2.md", "inc-2.md"),
        ("postmortems/services/db.md", "postmortems/severity/sev1.md", "../severity/sev1.md"),
        ("postmortems/a/b/c.md", "postmortems/x.md", "../../x.md"),
        ("index.md", "postmortems/index.md", "postmortems/index.md"),
        ("postmortems/index.md", "index.md", "../index.md"),
        ("postmortems/index.md", "postmortems/index.md", "index.md"),
    ],
)
def test_relative_links_between_sources(start: str, target: str, expected: str) -> None:
    assert relative(start, target) == expected


@pytest.mark.parametrize(
    ("src", "with_folders", "with_files"),
    [
        ("index.md", "./", "index.html"),
        ("README.md", "./", "index.html"),
        ("postmortems/index.md", "postmortems/", "postmortems/index.html"),
        ("postmortems/README.md", "postmortems/", "postmortems/index.html"),
        ("postmortems/related.md", "postmortems/related/", "postmortems/related.html"),
        (
            "postmortems/incidents/inc-1.md",
            "postmortems/incidents/inc-1/",
            "postmortems/incidents/inc-1.html",
        ),
        ("about.md", "about/", "about.html"),
    ],
)
def test_page_url_for_both_url_styles(src: str, with_folders: str, with_files: str) -> None:
    assert page_url(src, True) == with_folders
    assert page_url(src, False) == with_files


@pytest.mark.parametrize(
    ("start", "target", "with_folders", "with_files"),
    [
        (
            "postmortems/index.md",
            "postmortems/incidents/inc-1.md",
            "incidents/inc-1/",
            "incidents/inc-1.html",
        ),
        ("postmortems/incidents/inc-1.md", "postmortems/index.md", "../../", "../index.html"),
        (
            "postmortems/incidents/inc-1.md",
            "postmortems/incidents/inc-2.md",
            "../inc-2/",
            "inc-2.html",
        ),
        ("postmortems/incidents/inc-1.md", "postmortems/incidents/inc-1.md", "./", "inc-1.html"),
        ("postmortems/services/db.md", "postmortems/services/index.md", "../", "index.html"),
        ("postmortems/services/index.md", "postmortems/services/db.md", "db/", "db.html"),
        (
            "postmortems/services/db.md",
            "postmortems/severity/sev1.md",
            "../../severity/sev1/",
            "../severity/sev1.html",
        ),
        ("postmortems/index.md", "postmortems/index.md", "./", "index.html"),
        ("index.md", "postmortems/index.md", "postmortems/", "postmortems/index.html"),
        ("postmortems/index.md", "index.md", "../", "../index.html"),
        ("postmortems/a/b/c.md", "postmortems/x.md", "../../../x/", "../../x.html"),
        ("about.md", "index.md", "../", "index.html"),
    ],
)
def test_href_for_both_url_styles(
    start: str, target: str, with_folders: str, with_files: str
) -> None:
    """Fragment links are not rewritten by MkDocs: they must be right for the built page's
    own folder, which with directory URLs is one level deeper than its source."""
    assert href(start, target, True) == with_folders
    assert href(start, target, False) == with_files
