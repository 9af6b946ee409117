"""An incident family drawn at build time as inline SVG: no script, no CDN, the same on every
theme and in every reader (Backstage's included), where Mermaid needs its script from a CDN and
shows its source without it.

The layout is grandalf's (a Sugiyama layered layout: causes above effects, fewest crossings);
this module only measures the boxes and writes boxes, lines and text at the coordinates it
gives. Text and lines are ``currentColor`` and each box is outlined in its severity's colour
over a faint fill of it, so the drawing follows the page's light or dark scheme; colours are
attributes, never a ``<style>``, so a reader that strips stylesheets still shows it whole.
Every value is escaped by the XML writer; the drawing has no script, no event handler, no
``foreignObject``, no id and no reference outside the page's own links. Coordinates are
rounded, so the same family gives the same bytes."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from grandalf.graphs import Edge as LayoutEdge
from grandalf.graphs import Graph, Vertex
from grandalf.layouts import SugiyamaLayout
from grandalf.routing import EdgeViewer, route_with_lines

from ..core.model import Incident
from ..insights.relations import Edge, Family
from .severity_look import look

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
TEXT = 14
"""The id's size in pixels of the drawing; the second line (date, severity) is smaller."""
SMALL = 12
_EM_PER_CHAR = 0.62  # a character's width in the page's sans-serif, with room for capitals
_PAD_X, _PAD_Y = 10, 8
_X_SPACE, _Y_SPACE = 28, 56
"""Room between boxes of a layer, and between layers (where the edges' labels stand)."""
_MARGIN = 6
_ARROW = 8
MAX_WIDTH = 2400
"""Wider than four columns of 600 px, the text would be too small to read: the family is
left to its table."""


@dataclass(frozen=True)
class Box:
    """An incident's box: its centre, its size."""

    incident: Incident
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Route:
    """An edge as a polyline from the source's border to the target's border."""

    edge: Edge
    points: tuple[tuple[float, float], ...]
    label: tuple[float, float]
    """Where the relation's label starts (its baseline's left end)."""


@dataclass(frozen=True)
class Drawing:
    """A family laid out: every box and route, in the viewBox's units."""

    boxes: tuple[Box, ...]
    routes: tuple[Route, ...]
    width: float
    height: float


class _View:
    """What grandalf reads of a vertex (its size) and writes (its centre)."""

    def __init__(self, width: float, height: float) -> None:
        self.w, self.h = width, height
        self.xy: tuple[float, float] = (0.0, 0.0)


def _text_width(text: str, size: int) -> float:
    return len(text) * _EM_PER_CHAR * size


def _second_line(incident: Incident) -> str:
    return f"{incident.date} · {look(incident.severity).label}"


def layout(family: Family) -> Drawing:
    """Positions of every member and route of every edge, by grandalf's Sugiyama layout, moved
    so that the drawing starts at (0, 0)."""
    vertices = {}
    for incident in family.members:
        width = max(_text_width(incident.id, TEXT), _text_width(_second_line(incident), SMALL))
        vertex = Vertex(incident.slug)
        vertex.view = _View(math.ceil(width + 2 * _PAD_X), TEXT + SMALL + 2 * _PAD_Y + 4)
        vertices[incident.slug] = vertex
    edges = []
    for edge in family.edges:
        link = LayoutEdge(vertices[edge.source.slug], vertices[edge.target.slug])
        link.view = EdgeViewer()
        edges.append((edge, link))
    graph = Graph(list(vertices.values()), [link for _, link in edges])
    for component in graph.C:  # a family is connected: one component
        sugiyama = SugiyamaLayout(component)
        sugiyama.xspace, sugiyama.yspace = _X_SPACE, _Y_SPACE
        sugiyama.route_edge = route_with_lines
        sugiyama.init_all()
        sugiyama.draw()
    views = [v.view for v in vertices.values()]
    paths = [[(float(x), float(y)) for x, y in link.view._pts] for _, link in edges]
    labels = _labels([edge for edge, _ in edges], paths)
    xs = [v.xy[0] - v.w / 2 for v in views] + [v.xy[0] + v.w / 2 for v in views]
    ys = [v.xy[1] - v.h / 2 for v in views] + [v.xy[1] + v.h / 2 for v in views]
    for path in paths:
        xs += [x for x, _ in path]
        ys += [y for _, y in path]
    for edge, (x, y) in zip(family.edges, labels, strict=True):
        xs += [x, x + _text_width(edge.label, SMALL)]
        ys += [y - SMALL, y + 4]
    left, top = min(xs) - _MARGIN, min(ys) - _MARGIN
    right, bottom = max(xs) + _MARGIN, max(ys) + _MARGIN
    boxes = tuple(
        Box(i, _r(view.xy[0] - left), _r(view.xy[1] - top), view.w, view.h)
        for i in family.members
        for view in [vertices[i.slug].view]
    )
    routes = tuple(
        Route(
            edge, tuple((_r(x - left), _r(y - top)) for x, y in path), (_r(lx - left), _r(ly - top))
        )
        for edge, path, (lx, ly) in zip(family.edges, paths, labels, strict=True)
    )
    return Drawing(boxes, routes, _r(right - left), _r(bottom - top))


def _labels(edges: list[Edge], paths: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Each label beside the middle of its route's middle segment, in the gap between layers;
    two relations along one route are written one under the other."""
    placed: dict[tuple[float, float], int] = {}
    out = []
    for _edge, points in zip(edges, paths, strict=True):
        middle = (len(points) - 1) // 2
        (x1, y1), (x2, y2) = points[middle], points[middle + 1]
        at = (_r((x1 + x2) / 2 + 5), _r((y1 + y2) / 2 + 4))
        shift = placed.get(at, 0)
        placed[at] = shift + 1
        out.append((at[0], at[1] + shift * (SMALL + 2)))
    return out


def _r(value: float) -> float:
    """Rounded to a tenth: the same bytes whatever the float arithmetic's last digits."""
    return round(float(value), 1) + 0.0


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _el(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text:
        element.text = text
    return element


def _arrowhead(points: tuple[tuple[float, float], ...]) -> str:
    """A filled triangle at the route's end, pointing along its last segment."""
    (x1, y1), (x2, y2) = points[-2], points[-1]
    angle = math.atan2(y2 - y1, x2 - x1)
    corners = [(x2, y2)]
    for side in (-1, 1):
        a = angle + math.pi - side * math.pi / 7
        corners.append((x2 + _ARROW * math.cos(a), y2 + _ARROW * math.sin(a)))
    return " ".join(f"{_n(_r(x))},{_n(_r(y))}" for x, y in corners)


def draw(family: Family, href: Callable[[Incident], str]) -> str:
    """The family as an inline ``<svg>``, each box a link to its incident's page (``href``
    gives the address relative to the page it is drawn on); "" when it is too wide to read."""
    drawing = layout(family)
    if drawing.width > MAX_WIDTH:
        return ""
    width, height = _n(drawing.width), _n(drawing.height)
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "xmlns:xlink": XLINK_NS,
            "viewBox": f"0 0 {width} {height}",
            "width": width,
            "height": height,
            "style": "max-width:100%;height:auto",
            "role": "group",
            "aria-label": f"Family of {family.members[0].id}: {len(family.members)} incidents",
            "fill": "currentColor",
            "font-size": str(TEXT),
            "font-family": "inherit",
        },
    )
    lines = _el(root, "g", fill="none", stroke="currentColor", stroke_width="1.5")
    heads = _el(root, "g", stroke="none")
    labels = _el(root, "g", font_size=str(SMALL), font_style="italic")
    for route in drawing.routes:
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in route.points)
        line = _el(lines, "polyline", points=path)
        if not route.edge.directed:
            line.set("stroke-dasharray", "5,4")
        else:
            _el(heads, "polygon", points=_arrowhead(route.points))
        x, y = route.label
        _el(labels, "text", route.edge.label, x=_n(x), y=_n(y))
    for box in drawing.boxes:
        incident = box.incident
        colour = look(incident.severity).colour
        # The text's colour, not the theme's link colour (Material's is too dark on slate);
        # a style attribute, which a reader that strips stylesheets keeps.
        # xlink:href, not href: Material's instant loading sets ``el.href`` on every element
        # with an ``href`` attribute, which an SVG link has only a getter for (it throws, and
        # instant loading stops for the visit); browsers and sanitisers read both alike.
        link = _el(root, "a", style="color:inherit")
        link.set("xlink:href", href(incident))
        _el(link, "title", f"{incident.id}: {incident.title}")
        left, top = box.x - box.width / 2, box.y - box.height / 2
        _el(
            link,
            "rect",
            x=_n(_r(left)),
            y=_n(_r(top)),
            width=_n(box.width),
            height=_n(box.height),
            rx="4",
            fill=colour,
            fill_opacity=".15",
            stroke=colour,
            stroke_width="2",
        )
        middle = _n(box.x)
        first = _r(top + _PAD_Y + TEXT - 2)
        _el(link, "text", incident.id, x=middle, y=_n(first), text_anchor="middle")
        _el(
            link,
            "text",
            _second_line(incident),
            x=middle,
            y=_n(_r(first + SMALL + 5)),
            text_anchor="middle",
            font_size=str(SMALL),
            fill_opacity=".8",
        )
    return ET.tostring(root, encoding="unicode")
