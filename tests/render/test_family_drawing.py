"""An incident family drawn as inline SVG (render/family_drawing.py): laid out by grandalf,
written by the module, the same bytes for the same family, every member and relation drawn,
every value escaped, nothing that runs or loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.schema import effective_schema
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.validate import SchemaValidator
from mkdocs_postmortem.insights.relations import Family
from mkdocs_postmortem.render.family_drawing import MAX_WIDTH, draw, layout
from mkdocs_postmortem.render.pages import Renderer
from mkdocs_postmortem.render.severity_look import COLOURS

NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ALLOWED = {"svg", "g", "polyline", "polygon", "text", "a", "title", "rect"}
HOSTILE_TITLE = '<script>alert(1)</script> & "quotes" <svg onload=x>'


def href(i: object) -> str:
    return f"../incidents/{getattr(i, 'id')}/"  # noqa: B009 - any incident-like object


def family_of_five(s: Settings | None = None) -> Family:
    """Five incidents, every kind of edge: caused, recurrence, parent, related, a duplicate."""
    s = s or settings()
    made = [
        incident(s, id="INC-1", date="2026-01-01", severity="SEV1", title=HOSTILE_TITLE),
        incident(
            s,
            id="INC-2",
            date="2026-01-02",
            related_incidents=[{"id": "INC-1", "type": "caused-by", "note": "<b>note</b>"}],
        ),
        incident(
            s,
            id="INC-3",
            date="2026-02-01",
            severity="SEV3",
            related_incidents=[{"id": "INC-1", "type": "recurrence-of"}, "INC-2"],
        ),
        incident(
            s,
            id="INC-4",
            date="2026-02-02",
            severity="SEV4",
            related_incidents=[{"id": "INC-3", "type": "child-of"}],
        ),
        incident(
            s,
            id="INC-5",
            date="2026-03-01",
            severity="unrated",
            related_incidents=[{"id": "INC-4", "type": "duplicate-of"}],
        ),
    ]
    archive = index(made, s)
    assert len(archive.families) == 1
    return archive.families[0]


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_every_member_is_a_box_that_links_to_its_page() -> None:
    family = family_of_five()
    root = parsed(draw(family, href))
    links = {a.get(XLINK_HREF): a for a in root.iter(f"{NS}a")}
    assert set(links) == {f"../incidents/INC-{n}/" for n in range(1, 6)}
    for n in range(1, 6):
        a = links[f"../incidents/INC-{n}/"]
        texts = [t.text for t in a.iter(f"{NS}text")]
        assert texts[0] == f"INC-{n}"
        assert len(list(a.iter(f"{NS}rect"))) == 1
    # The second line: the date and the severity's label; unrated is said, in grey.
    inc5 = links["../incidents/INC-5/"]
    assert [t.text for t in inc5.iter(f"{NS}text")][1] == "2026-03-01 · not rated"
    assert next(inc5.iter(f"{NS}rect")).get("stroke") == "#9e9e9e"
    assert next(links["../incidents/INC-1/"].iter(f"{NS}rect")).get("stroke") == COLOURS[0]


def test_every_relation_is_a_line_with_its_label() -> None:
    family = family_of_five()
    root = parsed(draw(family, href))
    lines = list(root.iter(f"{NS}polyline"))
    assert len(lines) == len(family.edges) == 5
    labels = sorted(t.text or "" for g in root if g.get("font-style") == "italic" for t in g)
    assert labels == sorted(e.label for e in family.edges)
    directed = sum(e.directed for e in family.edges)
    assert len(list(root.iter(f"{NS}polygon"))) == directed == 4  # related has no arrow
    assert sum(1 for line in lines if line.get("stroke-dasharray")) == 1


def test_routes_start_and_end_on_their_boxes() -> None:
    """grandalf's routes, clipped to the boxes' borders: each end on its box's edge."""
    drawing = layout(family_of_five())
    boxes = {b.incident.slug: b for b in drawing.boxes}
    for route in drawing.routes:
        for end, member in (
            (route.points[0], route.edge.source),
            (route.points[-1], route.edge.target),
        ):
            box = boxes[member.slug]
            dx, dy = abs(end[0] - box.x), abs(end[1] - box.y)
            assert dx <= box.width / 2 + 1 and dy <= box.height / 2 + 1, (end, box)
            assert abs(dx - box.width / 2) <= 1 or abs(dy - box.height / 2) <= 1, (end, box)
    for x, y in (p for r in drawing.routes for p in r.points):
        assert 0 <= x <= drawing.width and 0 <= y <= drawing.height


def test_boxes_do_not_overlap_and_fit_the_view() -> None:
    drawing = layout(family_of_five())
    boxes = drawing.boxes
    for a in boxes:
        assert a.x - a.width / 2 >= 0 and a.x + a.width / 2 <= drawing.width
        assert a.y - a.height / 2 >= 0 and a.y + a.height / 2 <= drawing.height
        for b in boxes:
            if a is not b:
                apart_x = abs(a.x - b.x) >= (a.width + b.width) / 2
                apart_y = abs(a.y - b.y) >= (a.height + b.height) / 2
                assert apart_x or apart_y, (a.incident.id, b.incident.id)


def test_causes_stand_above_their_effects() -> None:
    drawing = layout(family_of_five())
    y = {b.incident.id: b.y for b in drawing.boxes}
    assert y["INC-1"] < y["INC-2"]  # INC-1 caused INC-2


def test_values_are_escaped_and_nothing_runs_or_loads() -> None:
    svg = draw(family_of_five(), href)
    root = parsed(svg)
    assert {e.tag.removeprefix(NS) for e in root.iter()} <= ALLOWED
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "javascript:" not in value.lower() and "url(" not in value.lower()
            if name in ("href", "{http://www.w3.org/1999/xlink}href"):
                assert value.startswith("../incidents/")
    titles = [t.text for t in root.iter(f"{NS}title")]
    assert f"INC-1: {HOSTILE_TITLE}" in titles  # as text, whole
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg
    assert "style=" in svg and "<style" not in svg and "foreignObject" not in svg
    assert "id=" not in svg.replace("aria-", ""), "no id: two drawings on a page never clash"


def test_the_same_family_gives_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    """Object ids and hash seeds differ between processes; the drawing does not."""
    script = tmp_path / "draw.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        f"sys.path.insert(0, {str(Path(__file__).parents[1])!r})\n"
        "from test_family_drawing import family_of_five, href\n"
        "from mkdocs_postmortem.render.family_drawing import draw\n"
        "sys.stdout.write(draw(family_of_five(), href))\n",
        "utf-8",
    )
    here = draw(family_of_five(), href)
    for seed in ("1", "2"):
        other = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        assert other == here
    assert draw(family_of_five(), href) == here


def test_the_drawing_scales_to_the_column() -> None:
    """Its own size in the viewBox, never wider than its column (max-width)."""
    root = parsed(draw(family_of_five(), href))
    width, height = root.get("width"), root.get("height")
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert "max-width:100%" in (root.get("style") or "")
    assert root.get("fill") == "currentColor"


@pytest.mark.parametrize("children", [3, 40])
def test_a_family_too_wide_to_read_is_left_to_its_table(children: int) -> None:
    s = settings()
    made = [incident(s, id="INC-P", date="2026-01-01")]
    made += [
        incident(
            s,
            id=f"INC-C{n:02d}",
            date="2026-01-02",
            related_incidents=[{"id": "INC-P", "type": "child-of"}],
        )
        for n in range(children)
    ]
    family = index(made, s).families[0]
    wide = layout(family).width > MAX_WIDTH
    assert wide is (children == 40)
    assert (draw(family, href) == "") is wide


def test_a_team_overrides_the_drawing_block_alone(tmp_path: Path) -> None:
    """``family_diagram`` is a block of related.html.j2: a team's template replaces it and
    keeps the rest of each family's section (its table, its incidents)."""
    (tmp_path / "related.html.j2").write_text(
        '{% extends "postmortem/related.html.j2" %}\n'
        "{% block family_diagram %}<p>Our drawing of {{ family.key }}</p>{% endblock %}\n",
        "utf-8",
    )
    s = settings(templates_dir=str(tmp_path))
    family = family_of_five(s)
    archive = index(family.members, s)
    made = Renderer.for_settings(s, SchemaValidator.compiled(effective_schema(s)))
    pages = {p.src_uri: p for p in made.index_pages(archive, in_nav=True)}
    body = pages["postmortems/related.md"].html()
    assert f"<p>Our drawing of {family.key}</p>" in body
    assert "<svg" not in body and "<th>From</th><th>Relation</th><th>To</th>" in body
