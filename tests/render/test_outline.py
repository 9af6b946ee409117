"""Headings of pages written as HTML: made as the site's toc extension makes them, and written
as Markdown headings between raw HTML blocks for builds without the plugin."""

from __future__ import annotations

import html

import markdown
import pytest
from markdown.extensions.toc import slugify_unicode

from mkdocs_postmortem.core.site_markdown import SiteMarkdown
from mkdocs_postmortem.render.outline import Heading, HeadingStyle, Outline, html_block


def toc_made(source: str, **config: object) -> tuple[str, list[dict[str, object]]]:
    """What Python-Markdown's toc extension makes of Markdown headings."""
    md = markdown.Markdown(extensions=["toc", "attr_list"], extension_configs={"toc": config})
    return md.convert(source), md.toc_tokens  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"permalink": True},
        {"permalink": "#", "permalink_title": "Link here", "permalink_class": "anchor"},
        {"permalink": True, "permalink_leading": True},
    ],
)
def test_headings_are_what_the_toc_extension_makes(config: dict[str, object]) -> None:
    outline = Outline(HeadingStyle.of_site(SiteMarkdown(("toc",), {"toc": config})))
    body = "".join(
        [
            outline.add(1, "Disk full & slow"),
            "<p>x</p>",
            outline.add(2, "Timeline"),
            outline.add(2, "Timeline"),
            outline.add(3, "Monday 5 January 2026"),
        ]
    )
    made, tokens = toc_made(
        "# Disk full &amp; slow\n\n<p>x</p>\n\n## Timeline\n\n## Timeline\n\n"
        "### Monday 5 January 2026\n",
        **config,
    )
    document = outline.document(body)
    assert document.html().replace("\n", "") == made.replace("\n", "")
    ours = document.toc_tokens()
    assert strip_html(ours) == strip_html(tokens)


def strip_html(tokens: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [
        (t["level"], t["id"], html.unescape(str(t["name"])), tuple(strip_html(t["children"])))  # type: ignore[arg-type]
        for t in tokens
    ]


def test_a_site_slugify_and_toc_depth_are_followed() -> None:
    style = HeadingStyle.of_site(
        SiteMarkdown(("toc",), {"toc": {"slugify": slugify_unicode, "toc_depth": "2-2"}})
    )
    outline = Outline(style)
    body = outline.add(1, "Café") + outline.add(2, "Réponse") + outline.add(3, "Détail")
    document = outline.document(body)
    assert [h.id for h in document.headings] == ["café", "réponse", "détail"]
    assert [(t["level"], t["id"]) for t in document.toc_tokens()] == [(2, "réponse")]


def test_an_id_given_is_kept_and_kept_unique() -> None:
    outline = Outline(HeadingStyle())
    outline.add(3, "Monday", "day-2026-01-05")
    outline.add(3, "Monday again", "day-2026-01-05")
    assert [h.id for h in outline.headings] == ["day-2026-01-05", "day-2026-01-05_1"]


def test_heading_text_is_escaped_in_both_forms() -> None:
    heading = Heading(2, "x", "<script>alert(1)</script> *a*", searched=False)
    assert heading.html(HeadingStyle()) == (
        '<h2 id="x" data-search-exclude>&lt;script&gt;alert(1)&lt;/script&gt; *a*</h2>'
    )
    converted = markdown.markdown(heading.markdown(), extensions=["attr_list"])
    assert converted == (
        '<h2 data-search-exclude id="x">&lt;script&gt;alert(1)&lt;/script&gt; *a*</h2>'
    )


def test_anchors_are_the_headings_and_every_id_of_the_body() -> None:
    outline = Outline(HeadingStyle())
    body = str(outline.add(2, "Related")) + '<div id="family-a"></div><p class="id">id="no"</p>'
    assert outline.document(body).anchors() == {"related", "family-a"}


def test_markdown_form_has_no_blank_line_inside_an_html_block() -> None:
    outline = Outline(HeadingStyle())
    body = (
        str(outline.add(2, "Steps"))
        + "\n<ol>\n\n<li>one</li>\n   \n<li>two</li>\n</ol>\n\n"
        + '<div class="highlight"><pre><span></span><code>a\n\n\nb\n</code></pre></div>\n'
    )
    text = outline.document(body).markdown()
    blocks = text.split("\n\n")
    assert blocks[0] == "## Steps { #steps }"
    assert all(block.strip() and "\n\n" not in block for block in blocks)
    converted = markdown.markdown(text, extensions=["attr_list"])
    code = converted[converted.index("<code>") : converted.index("</code>")]
    assert html.unescape(code) == "<code>a\n\n\nb\n"
    assert "<li>one</li>\n<li>two</li>" in converted


@pytest.mark.parametrize(
    ("piece", "block"),
    [
        ("<p>a</p>\n\n<p>b</p>", "<p>a</p>\n<p>b</p>"),
        ("<pre>a\n\nb</pre>", "<pre>a&#10;\nb</pre>"),
        ("<pre>a\n  \nb</pre>", "<pre>a&#10;  \nb</pre>"),
        ("\n\n<p>a</p>\n\n", "<p>a</p>"),
    ],
)
def test_html_block(piece: str, block: str) -> None:
    assert html_block(piece) == block
