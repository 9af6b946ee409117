"""`mkdocs-postmortem render`: the archive as plain files, built three ways with the same text:
MkDocs with the plugin, MkDocs without it, and Zensical (which runs no MkDocs plugin)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sites import (
    PLAIN_CONFIG,
    ROOT,
    SiteBuilder,
    article_text,
    cli_in,
    incident_yaml,
    zensical_command,
)

from mkdocs_postmortem.render.tree import MARKER

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=600, env=ENV, check=False
    )


def render(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs-postmortem render` in ``cwd``, in this process (``sites.cli_in``)."""
    result = cli_in(cwd, "render", *args)
    return subprocess.CompletedProcess(
        ["render", *args], result.exit_code, result.stdout, result.stderr
    )


TAGS = re.compile(r'<nav class="md-tags"[^>]*>(.*?)</nav>', re.S)


def main_text(page: Path) -> str:
    """The article's text. What the theme prints around it is left out: header, nav, footer,
    and the tag list, which each theme places (and orders) its own way; see tags_of."""
    return article_text(TAGS.sub("", page.read_text("utf-8")))


def tags_of(page: Path) -> set[str]:
    found = TAGS.search(page.read_text("utf-8"))
    return set(re.findall(r">([^<>]+)</", found.group(1))) if found else set()


def page_of(site: Path, md: str) -> Path:
    rel = md.removesuffix(".md")
    rel = rel.removesuffix("index") if rel.endswith("index") else rel + "/"
    return site / rel / "index.html"


@pytest.fixture(scope="module")
def three_ways(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("three-ways")
    with_plugin = root / "with-plugin"
    shutil.copytree(ROOT / "docs", with_plugin / "docs")
    shutil.copy(ROOT / "mkdocs.yml", with_plugin / "mkdocs.yml")
    built = run(with_plugin, sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site")
    assert built.returncode == 0, built.stderr

    plain = root / "plain"
    shutil.copytree(ROOT / "docs", plain / "docs")
    for name, site_dir in (("mkdocs.yml", "site"), ("zensical.yml", "site-zensical")):
        (plain / name).write_text(PLAIN_CONFIG.format(site_dir=site_dir), encoding="utf-8")
    rendered = render(plain)
    assert rendered.returncode == 0, rendered.stderr
    assert "hint:" not in rendered.stderr, rendered.stderr  # the plain config is complete
    assert "note: site_url is not set: the links of the written pages start from" in (
        rendered.stderr  # a site published under a path would need it
    )
    built = run(plain, sys.executable, "-m", "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stderr
    built = run(plain, zensical_command(), "build", "--strict", "-f", "zensical.yml")
    assert built.returncode == 0, built.stdout + built.stderr
    return {
        "plugin": with_plugin / "site",
        "mkdocs": plain / "site",
        "zensical": plain / "site-zensical",
        "docs": plain / "docs",
    }


def rendered_pages(docs: Path) -> list[str]:
    manifest = yaml.safe_load((docs / "postmortems" / MARKER).read_text("utf-8"))
    return [f"postmortems/{f}" for f in manifest["files"] if f.endswith(".md")]


def test_every_page_exists_three_ways(three_ways: dict[str, Path]) -> None:
    pages = rendered_pages(three_ways["docs"])
    incidents = [p for p in pages if p.startswith("postmortems/incidents/")]
    assert len(incidents) == len(list((ROOT / "docs" / "postmortems").glob("*.yaml")))
    for index in ("index", "related", "health", "patterns", "action-items", "services/index"):
        assert f"postmortems/{index}.md" in pages
    for way in ("plugin", "mkdocs", "zensical"):
        missing = [p for p in pages if not page_of(three_ways[way], p).exists()]
        assert not missing, (way, missing)
        for asset in ("incidents.json", "action-items.csv", "charts/resolve-time.svg"):
            assert (three_ways[way] / "postmortems" / asset).exists(), (way, asset)


def test_incident_pages_have_the_same_main_text(three_ways: dict[str, Path]) -> None:
    incidents = [
        p for p in rendered_pages(three_ways["docs"]) if p.startswith("postmortems/incidents/")
    ]
    for page in incidents:
        texts = {way: main_text(page_of(three_ways[way], page)) for way in ("plugin", "mkdocs")}
        texts["zensical"] = main_text(page_of(three_ways["zensical"], page))
        assert texts["plugin"], page
        assert texts["mkdocs"] == texts["plugin"], page
        assert texts["zensical"] == texts["plugin"], page
        tags = {way: tags_of(page_of(three_ways[way], page)) for way in texts}
        assert tags["plugin"] and tags["mkdocs"] == tags["plugin"] == tags["zensical"], tags


def test_index_pages_link_to_incident_pages_in_every_build(three_ways: dict[str, Path]) -> None:
    """The plugin's pages link relatively; the rendered ones from the site's path (``/``
    here, no site_url), which MkDocs and Zensical both leave as written."""
    for way, start in (("plugin", ""), ("mkdocs", "/postmortems/"), ("zensical", "/postmortems/")):
        home = page_of(three_ways[way], "postmortems/index.md").read_text("utf-8")
        links = set(re.findall(rf'href="({start}incidents/[^"#]+/)"', home))
        assert links, way
        for link in links:
            target = three_ways[way] / ("postmortems/" + link if way == "plugin" else link[1:])
            assert (target / "index.html").exists(), (way, link)


def test_a_team_fragment_template_with_blank_lines_stays_one_html_block(
    site: SiteBuilder,
) -> None:
    """CommonMark ends an HTML block at a blank line and reads what follows as Markdown: the
    fragments are written without blank lines, whatever the template has, so the files of
    `render` mean the same to any Markdown reader."""
    templates = site.root / "pm-templates"
    templates.mkdir(parents=True)
    (templates / "incident_list.html.j2").write_text(
        '<ul class="team-list">\n\n{% for i in incidents %}\n'
        '<li><a href="{{ incident_href(i) }}">{{ i.id }}</a> *{{ i.title }}*</li>\n\n'
        "{% endfor %}\n</ul>\n",
        encoding="utf-8",
    )
    site.plugin_options = {"templates": "pm-templates"}
    site.incident("a", id="INC-A", title="First one")
    site.incident("b", id="INC-B", title="Second one", date="2026-02-01")
    site.write_config()
    assert render(site.root).returncode == 0
    home = (site.docs / "postmortems" / "index.md").read_text("utf-8")
    block = home[home.index('<ul class="team-list">') : home.index("</ul>")]
    assert "\n\n" not in block and block.count("<li>") == 2
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    page = result.html("postmortems/")
    items = re.findall(r'<ul class="team-list">(.*?)</ul>', page, re.S)
    assert len(items) == 1 and items[0].count("<li>") == 2, items
    assert "*First one*" in items[0]  # HTML, not read as Markdown


def test_a_placeholder_written_in_a_postmortem_stays_text(site: SiteBuilder) -> None:
    """A log excerpt may hold a line that reads like a fragment placeholder: it is shown as
    written, and the page's own fragment (the recurrence list) appears once, both when the
    plugin builds the page and in the Markdown file that render writes."""
    placeholder = "<!-- postmortem:fragment 0 -->"
    site.incident("old", id="INC-OLD", date="2026-01-01", services=["api"])
    site.incident(
        "new",
        id="INC-NEW",
        date="2026-02-01",
        services=["api"],
        supporting_data={"logs": [{"title": "Excerpt", "content": f"before\n{placeholder}"}]},
    )
    built = site.build(strict=True)
    assert not built.aborted, built.warnings
    page = built.html("postmortems/incidents/INC-NEW/")
    assert page.count('<ul class="pm-recurrence">') == 1
    assert "&lt;!-- postmortem:fragment 0 --&gt;" in page
    assert placeholder in built.text("postmortems/incidents/INC-NEW/")
    site.write_config()
    assert render(site.root).returncode == 0
    markdown = (site.docs / "postmortems" / "incidents" / "INC-NEW.md").read_text("utf-8")
    assert markdown.count('<ul class="pm-recurrence">') == 1
    assert "before\n&lt;!-- postmortem:fragment 0 --&gt;" in markdown
    rebuilt = site.build(strict=True)
    assert not rebuilt.aborted, rebuilt.warnings
    assert rebuilt.html("postmortems/incidents/INC-NEW/").count("pm-recurrence") == 1


def test_plugin_does_not_generate_rendered_pages_twice(site: SiteBuilder) -> None:
    site.incident("a", id="INC-A", title="Rendered once")
    site.write_config()
    assert render(site.root).returncode == 0
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    assert "Rendered once" in result.text("postmortems/incidents/INC-A/")
    # Still what only the plugin can do: the incident stays out of the nav, edit opens the YAML.
    home = result.html("postmortems/")
    article = re.search(r"<article.*?</article>", home, re.S)
    assert article and "incidents/INC-A/" in article.group(0)
    assert "incidents/INC-A/" not in home.replace(article.group(0), "")
    # The YAML is still checked by the build.
    site.incident("b", id="INC-B", status="done")
    assert site.build(strict=True).aborted


def test_a_stale_render_fails_strict_naming_the_files_and_the_command(
    site: SiteBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site.root)  # where `mkdocs build` and the suggested command run
    site.incident("a", id="INC-A", title="Old title")
    site.incident("b", id="INC-B", title="Untouched")
    site.write_config()
    assert render(site.root).returncode == 0
    assert not site.build(strict=True).aborted

    site.incident("a", id="INC-A", title="New title")
    strict = site.build(strict=True)
    assert strict.aborted
    (warning,) = strict.warnings
    assert warning.startswith("postmortems/: ")
    assert "run `mkdocs-postmortem render` again" in warning
    named = warning[warning.index("(") + 1 : warning.index(")")].split(", ")
    assert "incidents/INC-A.md" in named and "incidents/INC-B.md" not in named
    relaxed = site.build()  # without --strict: built from the files, as they are, and said
    assert relaxed.warnings == [warning]
    assert "Old title" in relaxed.text("postmortems/incidents/INC-A/")

    assert render(site.root).returncode == 0
    fresh = site.build(strict=True)
    assert not fresh.aborted, fresh.warnings
    assert "New title" in fresh.text("postmortems/incidents/INC-A/")

    # A deleted incident's page left behind is stale too; under another folder the command
    # says where to write.
    (site.docs / "postmortems" / "b.yaml").unlink()
    moved = render(site.root, "--out", "docs/archive")
    assert moved.returncode == 0, moved.stderr
    site.incident("c", id="INC-C", title="Added after the render")
    (warning,) = site.build(strict=True).warnings
    assert warning.startswith("archive/: ") and "incidents/INC-C.md" in warning
    assert "run `mkdocs-postmortem render --out docs/archive` again" in warning


def test_a_render_is_compared_with_the_date_it_counted_overdue_items_against(
    site: SiteBuilder,
) -> None:
    """Overdue marks depend on the day (``as_of`` left to the default): the build compares
    the files with the render's own day, kept in the manifest, not with the day of the build."""
    site.incident("a", id="INC-A", action_items=[{"action": "Fix", "status": "open"}])
    site.write_config()
    assert render(site.root).returncode == 0
    marker = site.docs / "postmortems" / MARKER
    manifest = yaml.safe_load(marker.read_text("utf-8"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", manifest["as_of"])
    assert not site.build(strict=True).aborted
    marker.write_text(
        marker.read_text("utf-8").replace(manifest["as_of"], "2020-01-01"), encoding="utf-8"
    )
    (warning,) = site.build(strict=True).warnings
    assert "action-items.md" in warning  # compared as of 2020-01-01: the ledger differs


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_rerun_removes_a_deleted_incident_and_touches_nothing_else(site: SiteBuilder) -> None:
    site.incident("a", id="INC-A", title="Stays", services=["api"])
    site.incident("b", id="INC-B", title="Goes away", services=["billing"])
    site.add("postmortems/notes.md", "# Our notes\n")  # a team file inside the output folder
    site.add("postmortems/incidents/README.txt", "kept\n")  # and one among the pages
    site.add("other.md", "# Other\n")
    site.write_config()
    assert render(site.root).returncode == 0
    out = site.docs / "postmortems"
    assert (out / "incidents" / "INC-B.md").exists()
    assert (out / "services" / "billing.md").exists()
    before = snapshot(site.root)

    (out / "b.yaml").unlink()
    second = render(site.root)
    assert second.returncode == 0, second.stderr
    after = snapshot(site.root)
    removed = {k for k in before if k not in after}
    assert removed == {
        "docs/postmortems/b.yaml",
        "docs/postmortems/incidents/INC-B.md",
        "docs/postmortems/services/billing.md",
    }, removed
    manifest = yaml.safe_load((out / MARKER).read_text("utf-8"))
    written = {f"docs/postmortems/{f}" for f in manifest["files"]} | {f"docs/postmortems/{MARKER}"}
    for path, (content, mtime) in after.items():
        if path not in written:
            assert before[path] == (content, mtime), f"{path} was touched"
    # Pages whose text did not change are not rewritten (serve does not rebuild for nothing).
    assert (
        after["docs/postmortems/incidents/INC-A.md"]
        == before["docs/postmortems/incidents/INC-A.md"]
    )
    assert not (out / "services").joinpath("billing.md").exists()
    assert (out / "incidents" / "README.txt").read_text() == "kept\n"


def test_problems_are_the_builds_and_nothing_is_written(site: SiteBuilder) -> None:
    site.incident("a", id="INC-A")
    site.add("postmortems/bad.yaml", incident_yaml(id="INC-B", status="done") + "sumary: x\n")
    site.write_config()
    refused = render(site.root)
    assert refused.returncode == 1
    assert not (site.docs / "postmortems" / MARKER).exists()
    build_warnings = [w for w in site.build().warnings if w.startswith("docs/postmortems/")]
    assert build_warnings
    for warning in build_warnings:
        assert warning in refused.stderr, (warning, refused.stderr)

    allowed = render(site.root, "--allow-invalid")
    assert allowed.returncode == 0, allowed.stderr
    preview = (site.docs / "postmortems" / "incidents" / "INC-B.md").read_text("utf-8")
    assert "sumary" in preview  # the preview lists the problems


def test_output_must_stay_inside_docs_and_never_overwrites(site: SiteBuilder) -> None:
    site.incident("a", id="INC-A")
    site.write_config()
    outside = render(site.root, "--out", str(site.root / "elsewhere"))
    assert outside.returncode == 2 and "inside docs_dir" in outside.stderr
    assert not (site.root / "elsewhere").exists()
    mine = site.add("postmortems/incidents/INC-A.md", "# Mine\n")
    clash = render(site.root)
    assert clash.returncode == 1 and "not written" in clash.stderr
    assert mine.read_text() == "# Mine\n"


def test_other_output_folder_sets_the_prefix(site: SiteBuilder) -> None:
    site.incident("a", id="INC-A", title="Elsewhere")
    site.write_config()
    done = render(site.root, "--out", "docs/archive")
    assert done.returncode == 0, done.stderr
    assert (site.docs / "archive" / "incidents" / "INC-A.md").exists()
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    assert "Elsewhere" in result.text("archive/incidents/INC-A/")
    assert not result.exists("postmortems/incidents/INC-A/")  # not generated a second time
