"""The one way every front end turns postmortem files into problems and pages: load each file
(read, validate, model), check the rules between files, index the archive, render it. The
plugin, the command line and the benchmarks all call this; a page that fails to render is
reported on its file, never a crash."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from .core.cross_file import check_archive
from .core.discover import SourceFile, glob_matcher
from .core.links import LinkFields, check_links, docs_listing
from .core.load import LoadCache, LoadedFile, Loader
from .core.settings import Settings
from .core.stage_timings import Timings
from .insights.changes import ChangeSet, compare
from .insights.index import ArchiveIndex, build_index
from .render.addresses import Paths, rendered_link_root
from .render.generated import GeneratedAsset, GeneratedPage
from .render.pages import Renderer
from .render.site_search import OFF, SearchPlan
from .render.site_search import plan as search_plan


@dataclass
class Result:
    archive: ArchiveIndex
    pages: list[GeneratedPage]
    assets: list[GeneratedAsset]
    timings: Timings
    search: SearchPlan = OFF
    """Whether the incidents are searched with Pagefind: the front end then indexes the built
    site (``site_search.index_site``), and says ``search.note`` when there is one."""


class Pipeline:
    """The loader and renderer of one configuration: the schema validator and the templates
    are compiled once here, however many times the archive is loaded."""

    def __init__(
        self, settings: Settings, cache: LoadCache | None = None, *, rendered: bool = False
    ) -> None:
        """Raises ValueError or SchemaSetupError when the settings cannot be used. With
        ``rendered``, the pages are those `mkdocs-postmortem render` writes as files, which
        other site generators build too: their links start from the site's path
        (``addresses.link_root``)."""
        self.settings = settings
        self.loader = Loader(settings, cache)
        self.renderer = Renderer.for_settings(
            settings, self.loader.validator, keep_text=cache is not None
        )
        if rendered:
            self.renderer.link_root = rendered_link_root(settings)
        self.link_fields = LinkFields(self.loader.validator.schema)
        self.site_files: set[str] = set()
        """What the postmortems' links may lead to, as of the last ``check``: the files of the
        site and the archive's own pages."""

    @property
    def paths(self) -> Paths:
        return self.renderer.paths

    @property
    def schema(self) -> dict[str, object]:
        """The effective schema every file is checked against."""
        return self.loader.validator.schema

    def check(
        self,
        sources: Iterable[SourceFile],
        timings: Timings | None = None,
        *,
        site_files: Collection[str] | None = None,
    ) -> list[LoadedFile]:
        """Every file loaded and the rules between files applied: each file's problems, and
        its incident or preview when it has one. ``validate`` and ``new`` stop here.
        ``site_files``: the docs-relative paths of the site's files, as the front end knows
        them (MkDocs' file list); without it, the files of ``docs_dir``."""
        timings = timings or Timings()
        files = [self.loader.load(source, timings) for source in sources]
        if self.loader.cache is not None:
            self.loader.cache.keep_only({f.source.abs_path for f in files})
        with timings.stage("index"):
            check_archive(files)
            self._check_addresses(files)
            self.site_files = self._link_targets(files, site_files)
            check_links(files, self.link_fields, self.site_files)
        if self.loader.cache is None:  # nothing asks for a position again in this process
            for loaded in files:
                if loaded.lines is not None:
                    loaded.lines.release()
        return files

    def _check_addresses(self, files: list[LoadedFile]) -> None:
        """An incident page beside the index pages (a prefix ending in ``incidents``) must not
        take one of their addresses: such an id is refused on its file."""
        paths = self.paths
        for loaded in files:
            shown = loaded.incident or loaded.preview
            name = paths.taken(shown) if shown is not None else None
            if shown is not None and name is not None:
                loaded.add(
                    ("id",),
                    f"id {shown.id!r} would take the address of the archive's own '{name}' "
                    f"(incident pages sit beside the archive's pages in {paths.prefix}/); "
                    "choose another id",
                )
                loaded.incident = loaded.preview = None

    def _link_targets(
        self, files: list[LoadedFile], site_files: Collection[str] | None
    ) -> set[str]:
        """The files of the site and the archive's pages that exist before rendering."""
        settings, paths = self.settings, self.paths
        targets = set(site_files) if site_files is not None else docs_listing(settings.docs_dir)
        targets.update(paths.fixed(settings.severity.levels))
        for loaded in files:
            shown = loaded.incident or loaded.preview
            if shown is not None:
                targets.add(paths.incident(shown))
        return targets

    def run(
        self,
        sources: Iterable[SourceFile],
        *,
        in_nav: bool,
        timings: Timings | None = None,
        packed: bool = False,
        site_files: Collection[str] | None = None,
    ) -> Result:
        """Everything a build publishes: the index, every page and every other file. With
        ``packed``, pages hold their HTML compressed (``GeneratedPage.packed``), for a front
        end that hands each to MkDocs as it is asked for rather than writing Markdown files."""
        settings = self.settings
        timings = timings or Timings()
        files = self.check(sources, timings, site_files=site_files)
        with timings.stage("index"):
            changes = None
            if settings.compare_ref:
                matches = glob_matcher(settings.paths)
                changes = compare(
                    settings.compare_ref, settings.docs_dir, matches, settings.max_file_size
                )
            archive = build_index(settings, files, changes)
            search = search_plan(settings, len(archive.incidents))
        with timings.stage("render"):
            self.renderer.search = search.on
            archive, pages, assets = self._render(archive, files, changes, in_nav, packed)
        return Result(archive, pages, assets, timings, search)

    def _render(
        self,
        archive: ArchiveIndex,
        files: list[LoadedFile],
        changes: ChangeSet | None,
        in_nav: bool,
        packed: bool,
    ) -> tuple[ArchiveIndex, list[GeneratedPage], list[GeneratedAsset]]:
        renderer = self.renderer
        renderer.prepare(archive)
        incident_pages: list[GeneratedPage] = []
        failed = False
        for loaded in archive.files:
            incident = archive.page_of(loaded)
            if incident is None:
                continue
            try:
                page = renderer.incident_page(archive, incident)
                incident_pages.append(page.packed() if packed else page)
            except Exception as exc:  # one page must not take the archive down
                loaded.add((), f"the page could not be rendered: {type(exc).__name__}: {exc}")
                loaded.incident = loaded.preview = None
                failed = True
        if failed:  # indexes must not list or link what has no page
            archive = build_index(self.settings, files, changes)
            renderer.prepare(archive)
            shown = {i.slug for i in archive.incidents} | {i.slug for i in archive.previews}
            incident_pages = [p for p in incident_pages if p.incident and p.incident.slug in shown]
        incident_pages.sort(key=lambda p: p.src_uri)
        pages = renderer.index_pages(archive, in_nav=in_nav) + incident_pages
        return archive, pages, renderer.assets(archive)
