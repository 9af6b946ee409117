"""The links of the HTML fragments are computed, not left to MkDocs (which does not rewrite
links in HTML): they must be the links MkDocs itself would write, for both URL styles."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from mkdocs_postmortem.render.addresses import href, page_url

PAGES = [
    "index.md",
    "x.md",
    "a/b/c.md",
    "a/b.md",
    "a/b/index.md",
    "postmortems/index.md",
    "postmortems/related.md",
    "postmortems/severity/sev1.md",
    "postmortems/tags/index.md",
    "postmortems/tags/latency.md",
    "postmortems/incidents/inc-a.md",
    "postmortems/incidents/inc-b.md",
    "postmortems/incidents/INC-2025-008.md",  # an id as written: MkDocs keeps its case
    "incidents/INC.1.md",
]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_fragment_links_are_the_links_mkdocs_writes(directory_urls: bool) -> None:
    """``href`` (the links of the HTML fragments, which MkDocs leaves alone) gives the same
    relative URL as MkDocs' own ``get_relative_url`` between every two kinds of page, and
    ``page_url`` is the URL MkDocs gives each page."""
    for src in PAGES:
        assert page_url(src, directory_urls) == File(src, "docs", "site", directory_urls).url
    for start in PAGES:
        for target in PAGES:
            expected = get_relative_url(
                page_url(target, directory_urls), page_url(start, directory_urls)
            )
            assert href(start, target, directory_urls) == expected, (start, target)
