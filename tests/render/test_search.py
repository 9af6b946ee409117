"""Searching the incidents with Pagefind, without MkDocs: when a build uses it, what the
incident pages declare for it (filters, sorts, result fields), the search page, and the
indexing's refusals. The Pagefind binary is chosen with Pagefind's own variable."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from factories import Archive, incident, index, settings

from mkdocs_postmortem.render import site_search
from mkdocs_postmortem.render.facets import facets
from mkdocs_postmortem.render.site_search import SearchIndexError, index_site, plan

FULL = {
    "id": "INC-7",
    "title": "Pool exhausted",
    "date": "2025-03-04",
    "severity": "SEV1",
    "status": "final",
    "summary": "The pool ran dry.",
    "services": ["payments", "orders-api"],
    "tags": ["database"],
    "environment": "production",
    "contributing_factors": [{"category": "capacity", "factor": "Pool too small."}],
    "timestamps": {"started": "2025-03-04T10:00:00Z", "resolved": "2025-03-04T11:30:00Z"},
}


@pytest.fixture
def no_binary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Pagefind pointed at a binary that is not there (``PAGEFIND_BINARY_PATH``)."""
    missing = str(tmp_path / "no-pagefind")
    monkeypatch.setenv(site_search.BINARY_ENV, missing)
    return missing


def test_facets_hold_every_filter_sort_and_result_field() -> None:
    made = incident(**FULL)
    found = facets(index([made]), made)
    assert sorted(found.filters) == sorted(
        [
            ("severity", "SEV1"),
            ("status", "final"),
            ("service", "payments"),
            ("service", "orders-api"),
            ("tag", "database"),
            ("category", "Capacity issue"),
            ("environment", "production"),
            ("year", "2025"),
        ]
    )
    assert dict(found.sorts) == {"date": "2025-03-04", "severity": "1", "resolve": "90"}
    assert dict(found.meta) == {
        "id": "INC-7",
        "date": "2025-03-04",
        "severity": "SEV1",
        "title": "Pool exhausted",
    }


def test_time_to_resolve_is_no_sort_value_when_unknown() -> None:
    made = incident(**{**FULL, "timestamps": {"started": "2025-03-04T10:00:00Z"}})
    assert "resolve" not in dict(facets(index([made]), made).sorts)


def test_filter_values_are_held_escaped_for_pagefinds_interface() -> None:
    name = '<img src=x onerror=alert(1)> & "q"'
    made = incident(**{**FULL, "services": [name]})
    found = dict(facets(index([made]), made).filters)
    # Escaped for Pagefind's interface, and once more for Pagefind's second decoding.
    assert found["service"] == html.escape(html.escape(name, quote=True), quote=False)


def test_result_fields_are_held_as_written() -> None:
    """Pagefind decodes a result field once, and its interface shows a result's title as
    text: the template's own escaping is the only one (``Latency &gt; 2s`` was shown)."""
    title = 'Latency > 2s & <img src=x onerror=alert(1)> "q"'
    made = incident(**{**FULL, "title": title})
    assert dict(facets(index([made]), made).meta)["title"] == title


def test_plan_auto_follows_the_threshold_without_asking_the_binary(no_binary: str) -> None:
    assert not plan(settings(pagefind="auto", pagefind_threshold=3), 2).on
    assert plan(settings(pagefind="auto", pagefind_threshold=3), 2).note == ""
    assert not plan(settings(pagefind="false"), 10_000).on


@pytest.mark.parametrize("mode", ["auto", "true"])
def test_a_missing_binary_is_a_note_and_the_search_stays_materials(
    no_binary: str, mode: str
) -> None:
    got = plan(settings(pagefind=mode, pagefind_threshold=1), 5)
    assert not got.on and not got.warn
    assert no_binary in got.note and "does not exist" in got.note
    assert "theme's search" in got.note


def test_a_missing_binary_is_a_warning_when_required(no_binary: str) -> None:
    got = plan(settings(pagefind="required"), 1)
    assert not got.on and got.warn
    assert "required" in got.note and no_binary in got.note


def test_a_binary_that_fails_is_a_note(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'cannot run here' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv(site_search.BINARY_ENV, str(broken))
    got = plan(settings(pagefind="true"), 1)
    assert not got.on and "cannot run here" in got.note


def test_the_binary_of_this_machine_is_used() -> None:
    if site_search.binary_problem() is not None:
        pytest.skip(str(site_search.binary_problem()))
    assert plan(settings(pagefind="true"), 0).on
    assert plan(settings(pagefind="auto", pagefind_threshold=2), 2).on


def test_bad_option_values_are_refused() -> None:
    with pytest.raises(ValueError, match="pagefind is one of auto, true, false, required"):
        settings(pagefind="sometimes")
    with pytest.raises(ValueError, match="pagefind_threshold"):
        settings(pagefind_threshold=-1)


def test_yaml_booleans_are_the_true_and_false_modes() -> None:
    from mkdocs_postmortem.core.settings import Settings

    made = Settings.from_options({"pagefind": True}, docs_dir=".", project_dir=".")
    assert made.pagefind == "true"
    assert Settings.from_options({"pagefind": False}, docs_dir=".", project_dir=".").pagefind == (
        "false"
    )


def _pages(archive: Archive, search: bool) -> dict[str, str]:
    archive.add("a.yaml", _yaml(FULL))
    archive.add("b.yaml", _yaml({**FULL, "id": "INC-8", "severity": "SEV3", "services": ["web"]}))
    archive.pipeline.renderer.search = search
    files = archive.pipeline.check(archive.sources())
    from mkdocs_postmortem.insights.index import build_index

    built = build_index(archive.settings, files)
    renderer = archive.pipeline.renderer
    renderer.prepare(built)
    pages = renderer.index_pages(built, in_nav=True)
    pages += [renderer.incident_page(built, i) for i in built.incidents]
    assets = {a.src_uri: a.content for a in renderer.assets(built)}
    out = {p.src_uri: p.text for p in pages}
    out.update({f"html:{p.src_uri}": p.html() for p in pages})
    out.update({f"asset:{k}": v for k, v in assets.items()})
    return out


def _yaml(data: dict[str, object]) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False)


def test_incident_pages_declare_filters_and_leave_the_themes_index(tmp_path: Path) -> None:
    pages = _pages(Archive(tmp_path), search=True)
    page = pages["html:postmortems/incidents/INC-7.md"]
    assert 'data-pagefind-filter="severity">SEV1</span>' in page
    assert 'data-pagefind-filter="service">orders-api</span>' in page
    assert 'data-pagefind-sort="resolve">90</span>' in page
    assert 'data-pagefind-meta="id">INC-7</span>' in page
    assert '<h1 id="pool-exhausted" data-pagefind-body>' in page
    # The sections after a heading left out of search are left out of Pagefind's too.
    markdown = pages["postmortems/incidents/INC-7.md"]
    assert '"search": {"exclude": true}' in markdown.split("---")[1]
    assert "# Pool exhausted { #pool-exhausted data-pagefind-body }" in markdown
    assert markdown.count("<div data-pagefind-body>") == page.count("<div data-pagefind-body>")
    assert "data-pagefind-filter" in markdown


def test_without_pagefind_pages_carry_nothing_of_it(tmp_path: Path) -> None:
    pages = _pages(Archive(tmp_path), search=False)
    for name, text in pages.items():
        assert "pagefind" not in text.lower(), name
    assert '"search"' not in pages["postmortems/incidents/INC-7.md"]
    assert "asset:postmortems/assets/search.js" not in pages
    assert "asset:postmortems/assets/header-search.js" not in pages
    assert pages["postmortems/browse.md"].startswith('---\n"title": "Browse"')


def test_the_browse_page_becomes_the_search_page(tmp_path: Path) -> None:
    pages = _pages(Archive(tmp_path), search=True)
    browse = pages["postmortems/browse.md"]
    assert browse.startswith('---\n"title": "Search the archive"')
    assert "\n# Search the archive { #search-the-archive }\n" in browse
    assert "\n## By severity { #by-severity }\n" in browse
    # Pagefind indexes the incident pages, not this one.
    assert "data-pagefind-body" not in browse + pages["html:postmortems/browse.md"]
    # Pagefind's interface from the site's own files, with links made for the page's address.
    assert '<script src="../pagefind/pagefind-ui.js"></script>' in browse
    assert '<script src="../assets/search.js"></script>' in browse
    assert 'data-root="../../"' in browse
    assert not re.search(r"(src|href)=\"https?:", browse)  # no CDN
    assert "asset:postmortems/assets/search.js" in pages
    assert "asset:postmortems/assets/search.css" in pages
    assert "asset:postmortems/assets/pagefind-any/pagefind.js" in pages
    assert "asset:postmortems/assets/header-search.js" in pages


def test_index_site_refuses_a_site_without_the_search_page(tmp_path: Path) -> None:
    (tmp_path / "postmortems" / "browse").mkdir(parents=True)
    (tmp_path / "postmortems" / "browse" / "index.html").write_text("<h1>Browse</h1>")
    with pytest.raises(SearchIndexError, match="made with pagefind off"):
        index_site(str(tmp_path), "postmortems")


def test_index_site_never_removes_a_folder_that_is_not_its_bundle(tmp_path: Path) -> None:
    browse = tmp_path / "postmortems" / "browse"
    browse.mkdir(parents=True)
    (browse / "index.html").write_text(f"<div {site_search.SEARCH_PAGE_MARK}></div>")
    mine = tmp_path / "postmortems" / "pagefind"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(SearchIndexError, match="not a Pagefind bundle"):
        index_site(str(tmp_path), "postmortems")
    assert (mine / "notes.txt").read_text() == "mine"


def _site_with_search_page(root: Path, incidents: int) -> None:
    browse = root / "postmortems" / "browse"
    browse.mkdir(parents=True)
    (browse / "index.html").write_text(f"<div {site_search.SEARCH_PAGE_MARK}></div>")
    for n in range(incidents):
        page = root / "postmortems" / "incidents" / f"INC-{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<h1 data-pagefind-body>Pool exhausted</h1>")


@pytest.fixture
def recording_binary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A stand-in for Pagefind's command that writes down its arguments and its allocator
    variable, and writes an index of two pages where it is told to."""
    log = tmp_path / "log"
    log.mkdir()
    fake = tmp_path / "pagefind"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--version" ]; then echo "pagefind 1.5.2"; exit 0; fi\n'
        f'echo "$@" > "{log}/args"\n'
        f'echo "${{{site_search.ALLOCATOR_ENV}-unset}}" > "{log}/allocator"\n'
        'out=""\n'
        'while [ $# -gt 0 ]; do [ "$1" = "--output-path" ] && out="$2"; shift; done\n'
        'mkdir -p "$out"\n'
        'echo \'{"languages": {"en": {"page_count": 2}}}\' > "$out/pagefind-entry.json"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv(site_search.BINARY_ENV, str(fake))
    monkeypatch.delenv(site_search.ALLOCATOR_ENV, raising=False)
    return log


def test_index_site_reads_only_the_incident_pages(recording_binary: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _site_with_search_page(site, 2)
    report = index_site(str(site), "postmortems")
    assert report.pages == 2 and report.bundle == "postmortems/pagefind"
    args = (recording_binary / "args").read_text().split()
    assert args[args.index("--glob") + 1] == "postmortems/incidents/**/*.html"
    assert args[args.index("--output-path") + 1] == str(site / "postmortems" / "pagefind")
    assert "[data-search-exclude]" in args and ".headerlink" in args
    assert (recording_binary / "allocator").read_text().strip() == site_search.LEAN_ALLOCATOR


def test_index_site_without_incident_pages_reads_the_archive_folder(
    recording_binary: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    _site_with_search_page(site, 0)
    index_site(str(site), "postmortems")
    args = (recording_binary / "args").read_text().split()
    assert args[args.index("--glob") + 1] == "postmortems/**/*.html"


def test_the_allocator_setting_of_the_environment_is_kept(
    recording_binary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(site_search.ALLOCATOR_ENV, "narenas:2")
    site = tmp_path / "site"
    _site_with_search_page(site, 1)
    index_site(str(site), "postmortems")
    assert (recording_binary / "allocator").read_text().strip() == "narenas:2"


def test_a_failed_indexing_says_what_pagefind_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--version" ]; then echo "pagefind 1.5.2"; exit 0; fi\n'
        "echo 'Error: Pagefind was not able to build an index.'\n"
        "exit 1\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv(site_search.BINARY_ENV, str(fake))
    site = tmp_path / "site"
    _site_with_search_page(site, 1)
    with pytest.raises(SearchIndexError, match=r"exit status 1\): Error: Pagefind was not able"):
        index_site(str(site), "postmortems")
