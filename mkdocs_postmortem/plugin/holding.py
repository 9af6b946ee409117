"""What the plugin holds for MkDocs during a build, held so that a large archive costs little
memory: the generated pages' HTML (``HeldPages``) and the large generated files (``Spool``).

MkDocs converts every page before it writes the first one, and keeps each page's HTML to the
end of the build: an incident page's is about 20,000 characters, stored two bytes a character
as soon as one of them is not ASCII, so 1,000 incidents held some 40 MB at once. The plugin
holds a generated page's HTML compressed from the end of its conversion (after every other
plugin's ``on_page_content``) to the start of its writing (before every other plugin's
``on_page_context``), and lets it go once the page is written. Pages of the team's own are
left as MkDocs holds them."""

from __future__ import annotations

import os
import tempfile
import zlib

from mkdocs.structure.pages import Page

SPOOLED = 256 * 1024
"""Generated files at least this large (characters) are written to a temporary folder rather
than held in memory for the whole build: ``incidents.json`` is several MB per 1,000 incidents."""

LEVEL = 1
"""zlib's fastest level: a page compresses to about a quarter in a tenth of a millisecond."""


class HeldPages:
    def __init__(self) -> None:
        self._ours: set[str] = set()
        self._packed: dict[str, bytes] = {}

    def clear(self) -> None:
        """A new build: nothing of the last one is held (``--dirty`` skips pages it parked)."""
        self._ours.clear()
        self._packed.clear()

    def adopt(self, page: Page) -> None:
        """``page`` is a generated page, whose HTML this holds from now on."""
        self._ours.add(page.file.src_uri)

    def park(self, page: Page, html: str) -> str:
        """What MkDocs is to hold as the page's HTML until it is written: nothing, for a
        generated page, whose ``html`` as the plugins have left it is held here compressed."""
        src_uri = page.file.src_uri
        if src_uri not in self._ours:
            return html
        self._packed[src_uri] = zlib.compress(html.encode("utf-8"), LEVEL)
        return ""

    def restore(self, page: Page) -> None:
        """The page is about to be written: its HTML back where the theme and plugins read it."""
        packed = self._packed.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8")

    def release(self, page: Page) -> None:
        """The page is written: nothing reads its HTML again in this build."""
        src_uri = page.file.src_uri
        if src_uri in self._ours:
            self._ours.discard(src_uri)
            page.content = None


class Spool:
    """Large generated files, on disk until MkDocs copies them into the site."""

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def file(self, src_uri: str, content: str) -> str | None:
        """The path of a file holding ``content``, for ``File.generated(abs_src_path=...)``;
        None for content small enough to hold in memory."""
        if len(content) < SPOOLED:
            return None
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="mkdocs-postmortem-")
        path = os.path.join(self._folder.name, src_uri.replace("/", "__"))
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        return path

    def end(self) -> None:
        """The site is written (or the build failed): the files go."""
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
