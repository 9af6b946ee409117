"""A severity level looks the same everywhere, from one rule (render/severity_look.py): its badge
on every page, the search page's badge map, the stylesheet's colours and the charts'."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from factories import incident_yaml, settings
from sites import SiteBuilder

from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.render.severity_look import COLOURS, UNRATED_COLOUR, badge_classes, look

SCALE = Scale.build("severity", [{"id": f"S{n}", "description": f"level {n}"} for n in range(7)])


@pytest.mark.parametrize(
    ("rank", "css_class", "colour"),
    [(0, "pm-sev-0", COLOURS[0]), (4, "pm-sev-4", COLOURS[4]), (6, "pm-sev-5", COLOURS[-1])],
)
def test_each_rank_has_one_class_and_colour(rank: int, css_class: str, colour: str) -> None:
    level = SCALE.levels[rank]
    assert look(level) == look(level).__class__(css_class, level.id, f"level {rank}", colour)


def test_the_unrated_group_is_never_a_colour_of_the_scale() -> None:
    unrated = look(SCALE.unrated)
    assert (unrated.css_class, unrated.label, unrated.colour) == (
        "pm-sev-unrated",
        "not rated",
        UNRATED_COLOUR,
    )
    assert UNRATED_COLOUR not in COLOURS and not SCALE.unrated.rated
    assert SCALE.unknown.rank > SCALE.unrated.rank


def test_a_built_site_takes_every_look_from_the_rule(tmp_path: Path) -> None:
    site = SiteBuilder(tmp_path / "project")
    site.add("postmortems/inc-1.yaml", incident_yaml(id="INC-1", severity="SEV1"))
    site.add("postmortems/inc-2.yaml", incident_yaml(id="INC-2", severity="unrated"))
    result = site.build(strict=True)
    css = (result.site / "postmortems" / "assets" / "postmortem.css").read_text("utf-8")
    for rank, colour in enumerate(COLOURS):
        assert re.search(rf"\.pm-sev-{rank} \{{ background-color: {colour};", css), rank
    home = result.html("postmortems/")
    assert '<span class="pm-badge pm-sev pm-sev-0" title=' in home
    assert ">not rated</span>" in home and "pm-sev-unrated" in home
    chart = (result.site / "postmortems" / "charts" / "incidents-per-month.svg").read_text()
    assert COLOURS[0] in chart and UNRATED_COLOUR in chart


def test_the_search_page_colours_results_by_the_same_classes(tmp_path: Path) -> None:
    site = SiteBuilder(tmp_path / "project")
    site.plugin_options = {"pagefind": "true"}
    site.add("postmortems/inc-1.yaml", incident_yaml(id="INC-1", severity="SEV2"))
    site.add("postmortems/inc-2.yaml", incident_yaml(id="INC-2", severity="unrated"))
    result = site.build()
    page = result.html("postmortems/browse/")
    found = re.search(r'data-badges="([^"]*)"', page)
    assert found, page[:2000]
    badges = json.loads(html.unescape(found.group(1)))
    scale = settings().severity
    assert badges == badge_classes([*scale.levels, scale.unrated])
    assert badges["unrated"] == "pm-sev-unrated" and badges["SEV2"] == "pm-sev-1"
