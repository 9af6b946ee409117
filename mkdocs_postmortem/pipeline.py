"""The whole core pipeline in one call, shared by every front end: load, validate, model,
index, render. A page that fails to render is reported on its file, never a crash."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .archive import Archive, build_archive
from .changes import ChangeSet, compare
from .loading import LoadedFile, Loader, SourceFile, check_archive, glob_matcher
from .rendering import GeneratedAsset, GeneratedPage, Renderer
from .timing import Timings


@dataclass
class Result:
    archive: Archive
    pages: list[GeneratedPage]
    assets: list[GeneratedAsset]
    timings: Timings


def run(
    loader: Loader,
    renderer: Renderer,
    sources: Iterable[SourceFile],
    *,
    in_nav: bool,
    timings: Timings | None = None,
) -> Result:
    settings = loader.settings
    timings = timings or Timings()
    files = [loader.load(source, timings) for source in sources]
    if loader.cache is not None:
        loader.cache.keep_only({f.source.abs_path for f in files})
    with timings.stage("index"):
        check_archive(files)
        changes = None
        if settings.compare_ref:
            matches = glob_matcher(settings.paths)
            changes = compare(
                settings.compare_ref, settings.docs_dir, matches, settings.max_file_size
            )
        archive = build_archive(settings, files, changes)
    with timings.stage("render"):
        archive, pages, assets = _render(renderer, archive, files, changes, in_nav)
    return Result(archive, pages, assets, timings)


def _render(
    renderer: Renderer,
    archive: Archive,
    files: list[LoadedFile],
    changes: ChangeSet | None,
    in_nav: bool,
) -> tuple[Archive, list[GeneratedPage], list[GeneratedAsset]]:
    settings = archive.settings
    incident_pages: list[GeneratedPage] = []
    failed = False
    for loaded in archive.files:
        incident = archive.page_of(loaded)
        if incident is None:
            continue
        try:
            incident_pages.append(renderer.incident_page(archive, incident))
        except Exception as exc:  # one page must not take the archive down
            loaded.add((), f"the page could not be rendered: {type(exc).__name__}: {exc}")
            loaded.incident = loaded.preview = None
            failed = True
    if failed:  # indexes must not list or link what has no page
        archive = build_archive(settings, files, changes)
        shown = {i.slug for i in archive.incidents} | {i.slug for i in archive.previews}
        incident_pages = [p for p in incident_pages if p.incident and p.incident.slug in shown]
    incident_pages.sort(key=lambda p: p.src_uri)
    pages = renderer.index_pages(archive, in_nav=in_nav) + incident_pages
    return archive, pages, renderer.assets(archive)
