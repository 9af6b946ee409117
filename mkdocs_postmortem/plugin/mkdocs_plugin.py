"""MkDocs glue: options in, generated pages and warnings out. The work happens in the pipeline."""

from __future__ import annotations

import os
import posixpath
import shlex
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from ..core.discover import LookAlike, SourceFile, glob_matcher, is_yaml, look_alikes, source_for
from ..core.load import LoadCache, LoadStats
from ..core.schema import SchemaSetupError
from ..core.settings import Settings
from ..core.site_markdown import SiteMarkdown
from ..core.stage_timings import Timings
from ..pipeline import Pipeline, Result
from ..render.addresses import rendered_link_root
from ..render.generated import GeneratedPage
from ..render.index_pages import SEARCH_TITLE
from ..render.site_search import OFF, SearchIndexError, SearchPlan, index_site
from ..render.site_setup import REQUIRED_EXTENSIONS, built_for_techdocs, draws_diagrams
from ..render.tree import MARKER, Manifest, read_manifest
from .holding import HeldPages, Spool
from .options import PostmortemConfig, settings_from

log = get_plugin_logger(__name__)

STALE_LISTED = 10
"""How many stale rendered files a warning names (then how many more there are)."""


class PostmortemPlugin(BasePlugin[PostmortemConfig]):
    """Turns the postmortem YAML files of ``docs_dir`` into incident and index pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self._said: set[str] = set()
        """Notices already logged in this process; under serve they are not repeated."""
        self._cache: LoadCache | None = None
        self._pipeline: Pipeline | None = None
        self._documents: dict[str, GeneratedPage] = {}
        self._held = HeldPages()
        """This build's generated pages whose HTML MkDocs has yet to ask for, by src_uri."""
        self.timings = Timings()
        """Seconds per stage of the last build (benchmarks read them; ``-v`` logs them)."""
        self._spool = Spool()
        """Where this build's large files (the exports) wait for MkDocs to copy them."""
        self._tally: _Tally | None = None
        """This build's counts for the summary line, which waits for the link checks."""
        self._search: SearchPlan = OFF
        self._search_prefix = ""
        """Where this build's archive is, for indexing it with Pagefind after the build."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps one instance across ``mkdocs serve`` rebuilds, so a cache of
        loaded files can live here: an edit re-parses and re-validates only its own file."""
        self._cache = LoadCache() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._pipeline = None
        self._documents = {}
        self._held.clear()
        self._tally = None
        self._search = OFF
        self._spool.end()
        if not self.config["enabled"]:
            return config
        _ensure_extensions(config)
        try:
            settings = settings_from(
                self.config,
                docs_dir=config.docs_dir,
                project_dir=_project_dir(config),
                site_url=config.site_url,
                directory_urls=config.use_directory_urls,
                markdown=SiteMarkdown.from_site(config.markdown_extensions, config.mdx_configs),
                diagrams=draws_diagrams(config.theme, config.extra_javascript),
                techdocs=built_for_techdocs(config.plugins, config.theme),
            )
            self._pipeline = pipeline = Pipeline(settings, self._cache)
        except (ValueError, SchemaSetupError) as exc:
            raise PluginError(f"postmortem: {exc}") from None
        paths = pipeline.paths
        config.extra_css.append(paths.stylesheet)
        for watched in (settings.team_schema, settings.templates_dir):
            if watched and watched not in config.watch:
                config.watch.append(watched)
        if settings.nav and config.nav is not None and not _mentions(config.nav, paths.home):
            _add_section(config.nav, settings.nav_title, paths.nav_section(settings))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self._pipeline is None:
            return files
        pipeline = self._pipeline
        timings = self.timings = Timings()
        with timings.stage("discover"):
            rendered = _rendered_manifest(files)
            if rendered is not None:
                pipeline = self._for_rendered(rendered, config)
            settings = pipeline.settings
            matches = glob_matcher(settings.paths)
            sources = [f for f in files if matches(f.src_uri) and f.abs_src_path]
            strays = look_alikes(settings, _other_yaml(files, settings, matches))
            site_files = {f.src_uri for f in files if not f.inclusion.is_excluded()}
        stats = pipeline.loader.stats = LoadStats()
        result = pipeline.run(
            [source_for(settings, f.src_uri, f.abs_src_path or "") for f in sources],
            in_nav=settings.nav,
            timings=timings,
            packed=rendered is None,
            site_files=site_files,
        )
        self._plan_search(result.search, settings)
        script = pipeline.paths.header_search_script  # the theme's search leads to the archive's
        if result.search.on and script not in map(str, config.extra_javascript):
            config.extra_javascript.append(script)
        with timings.stage("write"):
            self._report(result, strays)
            for file in sources:
                files.remove(file)  # published as pages, not copied as raw YAML
            if rendered is None:
                self._add_files(files, result, config)
            else:
                self._use_rendered(files, result, rendered, config)
        log.debug(
            "%d files: %d parsed and validated, %d unchanged since the last build; %s",
            len(sources),
            stats.parsed,
            stats.reused,
            timings.summary(),
        )
        return files

    def _plan_search(self, search: SearchPlan, settings: Settings) -> None:
        """Pagefind, or why not: a warning when it is required (``--strict`` fails), otherwise
        one line per process that ``--strict`` does not count (the site is built all the same,
        searched with the theme's search)."""
        self._search = search
        self._search_prefix = settings.prefix
        if not search.note:
            return
        if search.warn:
            log.warning("%s", search.note)
        elif search.note not in self._said:
            self._said.add(search.note)
            log.info("%s", search.note)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """With Pagefind the Browse page is the search page: an explicit nav, which names it
        "Browse" (``Paths.nav_section``), gets its title; the automatic nav reads it from the
        page."""
        if self._search.on and self._pipeline is not None:
            browse = self._pipeline.paths.browse
            for page in nav.pages:
                if page.file.src_uri == browse and page.title == "Browse":
                    page.title = SEARCH_TITLE
        return nav

    def _make_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """A generated page's HTML goes in after MkDocs has converted its front matter, before
        search and the theme, with the table of contents and anchors MkDocs would have taken
        from Markdown."""
        # Taken out as it is used: a page's HTML is not held for the rest of the build.
        generated = self._documents.pop(page.file.src_uri, None)
        if generated is None:
            return html
        self._held.adopt(page)
        page.toc = get_toc(generated.document.toc_tokens())
        page.present_anchor_ids = generated.document.anchors()
        return generated.html()

    @event_priority(-100)  # once every plugin has had the page's HTML
    def _park_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return self._held.park(page, html)

    on_page_content = CombinedEvent(_make_page_content, _park_page_content)

    @event_priority(100)  # before any plugin reads the page's HTML
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        self._held.restore(page)
        return context

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        self._held.release(page)
        return output

    def _for_rendered(self, rendered: Manifest, config: MkDocsConfig) -> Pipeline:
        """The pipeline that makes what `render` made: under the folder it wrote to, and with
        the date it counted overdue items against when the as_of option does not pin one (a
        render is not stale for being a day old)."""
        assert self._pipeline is not None
        settings = self._pipeline.settings
        changed = settings
        if rendered.prefix != settings.prefix:
            changed = replace(changed, prefix=rendered.prefix)
        if rendered.as_of and not settings.as_of:
            changed = replace(changed, as_of=rendered.as_of)
        if changed == settings and not rendered_link_root(settings):
            return self._pipeline
        pipeline = Pipeline(changed, self._cache, rendered=True)
        config.extra_css[:] = [
            pipeline.paths.stylesheet if css == self._pipeline.paths.stylesheet else css
            for css in config.extra_css
        ]
        return pipeline

    def _report(self, result: Result, strays: list[LookAlike]) -> None:
        archive = result.archive
        settings = archive.settings
        problems = sorted([*archive.problems, *(s.problem(settings) for s in strays)])
        for problem in problems:
            log.warning(str(problem))
        if archive.changes and archive.changes.error and archive.changes.error not in self._said:
            self._said.add(archive.changes.error)  # once per process, not on every rebuild
            log.info("%s; building without the changes list", archive.changes.error)
        self._tally = _Tally(
            len(archive.incidents),
            len(archive.unpublished) + len(strays),
            {p.file for p in problems},
        )

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """The summary, once the pages (and the links in their text) are checked, so that it
        counts every file a warning was about."""
        if self._tally is not None:
            log.info("%s", self._tally)
            self._tally = None
        return env

    def _use_rendered(
        self, files: Files, result: Result, rendered: Manifest, config: MkDocsConfig
    ) -> None:
        """`mkdocs-postmortem render` wrote the pages as files: build those, and keep doing
        what only a plugin can (incident pages out of the nav, edit button on the YAML). Files
        that differ from what the postmortems give now are a warning (``--strict`` fails):
        the site would show the postmortems as they were."""
        prefix = rendered.prefix
        expected = {p.src_uri: p.text for p in result.pages}
        expected.update({a.src_uri: a.content for a in result.assets})
        stale = []
        for src_uri, content in expected.items():
            file = files.get_file_from_path(src_uri)
            # As bytes: the text MkDocs reads has its line ends made "\n" (the CSV's are not).
            if file is None or file.content_bytes != content.encode("utf-8"):
                stale.append(src_uri)
        stale.extend(
            written
            for written in (f"{prefix}/{rel}" for rel in rendered.files)
            if written not in expected and files.get_file_from_path(written) is not None
        )
        for page in result.pages:
            file = files.get_file_from_path(page.src_uri)
            if file is not None and not page.in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            if file is not None and page.incident is not None:
                file.edit_uri = page.incident.src_uri
        if not stale:
            log.info(
                "the archive's pages are files that `mkdocs-postmortem render` wrote in %s/; "
                "the plugin checks the postmortems and does not generate the pages again",
                prefix,
            )
            return
        names = sorted(posixpath.relpath(src, prefix) for src in stale)
        shown = ", ".join(names[:STALE_LISTED]) + (
            f" and {len(names) - STALE_LISTED} more" if len(names) > STALE_LISTED else ""
        )
        log.warning(
            "%s/: %d of the files that `mkdocs-postmortem render` wrote differ from what the "
            "postmortems give now (%s), and the site is built from those files as they are: "
            "run `%s` again",
            prefix,
            len(names),
            shown,
            _render_command(config, prefix, self._pipeline),
        )

    def _add_files(self, files: Files, result: Result, config: MkDocsConfig) -> None:
        assert self._pipeline is not None
        # A page of the team's own holds the archive home: the nav lists that page, and the
        # section's other pages stay out of an explicit nav quietly (the one warning below
        # says what to do), rather than in MkDocs' notice of pages the nav leaves out.
        home_taken = files.get_file_from_path(self._pipeline.paths.home) is not None
        quiet = home_taken and config.nav is not None
        for page in result.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.warning(
                    "%s: the archive needs this path for a generated page, but the docs already "
                    "have a file there; move it or change the plugin's prefix option",
                    page.src_uri,
                )
                continue
            listed = page.in_nav and not (quiet and not _mentions(config.nav, page.src_uri))
            inclusion = InclusionLevel.INCLUDED if listed else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
            if page.incident is not None:
                file.edit_uri = page.incident.src_uri  # the edit button opens the YAML
            self._documents[page.src_uri] = page.detached()
            files.append(file)
        for asset in result.assets:
            if files.get_file_from_path(asset.src_uri) is not None:
                continue
            path = self._spool.file(asset.src_uri, asset.content)
            if path is None:
                files.append(File.generated(config, asset.src_uri, content=asset.content))
            else:  # held on disk, not in memory, until MkDocs copies it
                files.append(File.generated(config, asset.src_uri, abs_src_path=path))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._spool.end()
        if not self._search.on:
            return
        with self.timings.stage("search"):
            try:
                report = index_site(config.site_dir, self._search_prefix)
            except SearchIndexError as exc:
                log.warning(
                    "the archive's search index could not be made: %s; the incident pages are "
                    "left out of the theme's search, so they cannot be searched in this site",
                    exc,
                )
                return
        log.info(
            "Pagefind indexed %d incident pages into %s/ in %.1f s",
            report.pages,
            report.bundle,
            report.seconds,
        )

    def on_build_error(self, *, error: Exception) -> None:
        self._spool.end()

    def on_shutdown(self) -> None:
        self._spool.end()


@dataclass
class _Tally:
    published: int
    unpublished: int
    files: set[str]
    """Files a warning was about."""

    def __str__(self) -> str:
        line = f"{self.published} incident{'s' if self.published != 1 else ''} published"
        if not self.files:
            return f"{line}, no problems"
        count = len(self.files)
        line += f", {count} file{'s' if count != 1 else ''} with problems"
        return f"{line} ({self.unpublished} not published)" if self.unpublished else line


def _other_yaml(
    files: Files, settings: Settings, matches: Callable[[str], bool]
) -> list[SourceFile]:
    """The YAML files of docs_dir that the ``paths`` globs do not match (nor exclude_docs)."""
    docs = os.path.join(os.path.abspath(settings.docs_dir), "")
    return [
        source_for(settings, f.src_uri, f.abs_src_path)
        for f in files
        if f.abs_src_path
        and is_yaml(f.src_uri)
        and not matches(f.src_uri)
        and not f.inclusion.is_excluded()
        and os.path.abspath(f.abs_src_path).startswith(docs)
    ]


def _render_command(config: MkDocsConfig, prefix: str, pipeline: Pipeline | None) -> str:
    """The command that writes the files again, as it is typed in the project's folder."""
    words = ["mkdocs-postmortem", "render"]
    config_file = config.config_file_path
    if config_file and os.path.relpath(config_file) != "mkdocs.yml":
        words += ["-f", os.path.relpath(config_file)]
    if pipeline is None or prefix != pipeline.settings.prefix:
        words += ["--out", os.path.relpath(os.path.join(config.docs_dir, prefix))]
    return " ".join(shlex.quote(word) for word in words)


def _rendered_manifest(files: Files) -> Manifest | None:
    """The marker that `mkdocs-postmortem render` leaves (a dot file: never published)."""
    for file in files:
        if posixpath.basename(file.src_uri) == MARKER and file.abs_src_path:
            return read_manifest(file.abs_src_path)
    return None


def _project_dir(config: MkDocsConfig) -> str:
    path = config.config_file_path
    return os.path.dirname(os.path.abspath(path)) if path else os.getcwd()


def _add_section(nav: list[Any], title: str, entries: list[Any]) -> None:
    """The archive's section at the end of an explicit ``nav:``, or inside the site's own
    top-level entry of the same title (a team's "Postmortems" page or section): one section
    of that name, never two."""
    for index, entry in enumerate(nav):
        if isinstance(entry, dict) and len(entry) == 1 and title in entry:
            own = entry[title]
            if isinstance(own, list):
                own.extend(entries)
            else:
                nav[index] = {title: [own, *entries]}
            return
    nav.append({title: entries})


def _mentions(nav: Any, target: str) -> bool:
    if isinstance(nav, str):
        return nav == target
    if isinstance(nav, dict):
        return any(_mentions(v, target) for v in nav.values())
    if isinstance(nav, list):
        return any(_mentions(v, target) for v in nav)
    return False


def _ensure_extensions(config: MkDocsConfig) -> None:
    """Turn on what the generated pages use; keep whatever the site configured itself."""
    present = set(config.markdown_extensions)
    for name, spellings in REQUIRED_EXTENSIONS:
        if not present.intersection(spellings):
            config.markdown_extensions.append(name)
