"""Pages for Backstage TechDocs (render/reader_look.py): the reader keeps no stylesheet or script
of the plugin, so a site built with ``techdocs-core`` says a badge's colour and the key facts'
box in ``style`` attributes, links to the archive's files as downloads, and points to Backstage's
search instead of a Pagefind box; any other site's pages carry none of it. The pages in the real
reader: tests/builds/test_techdocs.py."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from factories import settings
from render.test_pages import renderer, two_incidents

from mkdocs_postmortem.cli.project import load_project
from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.render.reader_look import PLAIN, TECHDOCS, reader_look
from mkdocs_postmortem.render.severity_look import COLOURS, DARK, look, stylesheet_rules
from mkdocs_postmortem.render.site_search import plan
from mkdocs_postmortem.render.site_setup import built_for_techdocs

SCALE = Scale.build("severity", [{"id": f"S{n}", "description": f"level {n}"} for n in range(6)])


def test_a_badge_has_the_colours_of_the_stylesheet() -> None:
    """One rule: the inline style and the stylesheet take the text colour from severity_look."""
    rules = stylesheet_rules()
    for level in SCALE.levels:
        shown = look(level)
        style = str(TECHDOCS.severity(shown))
        assert f"background-color:{shown.colour};color:{shown.text}" in style
        dark = f".{shown.css_class} {{ background-color: {shown.colour}; color: {DARK}; }}"
        assert (dark in rules) == (shown.text == DARK)
    assert look(SCALE.levels[1]).text == DARK and look(SCALE.levels[0]).text == "#ffffff"
    assert "background-color" not in str(TECHDOCS.severity(look(SCALE.unrated)))
    assert COLOURS[0] in str(TECHDOCS.alarm())


def test_a_plain_site_gets_no_attribute() -> None:
    assert reader_look(False) is PLAIN and reader_look(True) is TECHDOCS
    shown = look(SCALE.levels[0])
    for made in (
        PLAIN.severity(shown),
        PLAIN.badge(),
        PLAIN.alarm(),
        PLAIN.key_facts(),
        PLAIN.chip(),
        PLAIN.row(),
        PLAIN.download(),
    ):
        assert made == ""


def test_pages_for_techdocs_carry_the_styles_and_downloads() -> None:
    plain, techdocs = settings(), settings(techdocs=True)
    *_, archive = two_incidents(plain)
    pages = {p.src_uri: p.html() for p in renderer(plain).index_pages(archive, in_nav=True)}
    *_, archive = two_incidents(techdocs)
    read = {p.src_uri: p.html() for p in renderer(techdocs).index_pages(archive, in_nav=True)}
    home = "postmortems/index.md"
    assert 'style="' not in pages[home] and " download" not in pages[home]
    assert f'style="{TECHDOCS.severity(look(archive.levels[0]))[8:-1]}"' in read[home]
    assert 'type="application/atom+xml"' in read[home]
    assert read[home].count(" download") == pages[home].count('type="application/atom+xml"')
    browse = "postmortems/browse.md"
    assert "Backstage's search" in read[browse] and "Backstage" not in pages[browse]


def test_techdocs_is_told_by_its_plugin_or_what_it_leaves_in_the_theme() -> None:
    """techdocs-core removes itself from the plugins in its on_config: a plugin listed after it
    sees only the metadata template it adds to the theme."""
    theme = SimpleNamespace(static_templates={"404.html"})
    assert built_for_techdocs({"techdocs-core": object()}, theme)
    assert not built_for_techdocs({"search": object()}, theme)
    theme.static_templates.add("techdocs_metadata.json")
    assert built_for_techdocs({"search": object()}, theme)
    assert not built_for_techdocs({}, "material")
    assert built_for_techdocs(["search", {"techdocs-core": {"use_material_search": True}}])
    assert not built_for_techdocs(["search", {"postmortem": {}}]) and not built_for_techdocs(None)


def test_pagefind_stays_off_in_techdocs_whose_reader_runs_no_script() -> None:
    asked = plan(settings(techdocs=True, pagefind="true"), 10)
    assert not asked.on and "Backstage's search" in asked.note and not asked.warn
    assert plan(settings(techdocs=True, pagefind="required"), 10).warn
    assert plan(settings(techdocs=True), 10).note == ""  # auto, below the threshold: no word


def test_render_builds_for_techdocs_when_mkdocs_yml_lists_it(tmp_path: Path) -> None:
    """`render` writes the pages the plugin would make in the same site, or the build calls
    them stale."""
    (tmp_path / "docs").mkdir()
    for plugins, techdocs in (
        ("[techdocs-core, postmortem]", True),
        ("[search, postmortem]", False),
    ):
        config = tmp_path / "mkdocs.yml"
        config.write_text(f"site_name: T\nplugins: {plugins}\n", "utf-8")
        assert load_project(str(config)).settings.techdocs is techdocs
