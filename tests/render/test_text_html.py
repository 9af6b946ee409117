"""Free text converted as the site converts its pages: the shortcut for plain words, links
read from the YAML file and written for the page, the cache, and the extensions left out."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_postmortem.core.site_markdown import SiteMarkdown
from mkdocs_postmortem.render.safe_markdown import LEFT_OUT, kept_extensions
from mkdocs_postmortem.render.sanitize import clean
from mkdocs_postmortem.render.text_html import (
    PLAIN_SAFE,
    Postmortems,
    TextConverter,
    converter_for,
    inline,
)

PAGE = "postmortems/incidents/inc-1.md"
EXAMPLE = SiteMarkdown(
    ("toc", "tables", "fenced_code", "admonition", "attr_list", "pymdownx.details",
     "pymdownx.superfences", "pymdownx.highlight"),
    {"toc": {"permalink": True}},
)  # fmt: skip
MANY = SiteMarkdown(
    tuple(sorted(n for n in PLAIN_SAFE if n not in LEFT_OUT and not n.endswith("wikilinks")))
)


def reference(setup: SiteMarkdown, text: str) -> str:
    names = kept_extensions(setup.names)
    return clean(markdown.markdown(text, extensions=names, extension_configs=dict(setup.configs)))


WORDS = st.text(
    alphabet=st.sampled_from("abcXYZéß019 ,.;?!%'\"()/-:"), min_size=1, max_size=40
).filter(lambda t: t[0].isalpha())


CONVERTERS = {"example": TextConverter(EXAMPLE), "many": TextConverter(MANY)}
REFERENCES = {
    name: markdown.Markdown(
        extensions=kept_extensions(setup.names),
        extension_configs=dict(setup.configs),
    )
    for name, setup in (("example", EXAMPLE), ("many", MANY))
}


@pytest.mark.parametrize("setup", ["example", "many"])
@given(text=WORDS)
def test_the_plain_words_shortcut_gives_what_the_converter_gives(setup: str, text: str) -> None:
    converted = CONVERTERS[setup].convert(text, PAGE, True).html
    assert converted == clean(REFERENCES[setup].reset().convert(text))


@pytest.mark.parametrize("extension", ["smarty", "pymdownx.smartsymbols", "pymdownx.magiclink"])
def test_no_shortcut_where_an_extension_changes_plain_words(extension: str) -> None:
    setup = SiteMarkdown((*EXAMPLE.extensions, extension))
    text = "Rolled back -- it's fixed (c) 1st at www.example.com"
    assert TextConverter(setup).convert(text, PAGE, True).html == reference(setup, text)


def test_no_colon_shortcut_where_emoji_are_read() -> None:
    setup = SiteMarkdown((*EXAMPLE.extensions, "pymdownx.emoji"))
    converted = TextConverter(setup).convert("Paged at once :fire:", PAGE, True).html
    assert "<img" in converted


SOURCE = "postmortems/2026-01-05-db.yaml"


@pytest.mark.parametrize(
    ("text", "directory_urls", "html"),
    [
        # Written relative to the YAML file (docs/postmortems/), shown on the incident page.
        ("[runbook](../runbooks/db.md#failover)", True, 'href="../../../runbooks/db/#failover"'),
        ("[runbook](../runbooks/db.md)", False, 'href="../../runbooks/db.html"'),
        ("![graph](img/p99.png)", True, 'src="../../img/p99.png"'),
        ("![graph](img/p99.png)", False, 'src="../img/p99.png"'),
        ("[home](index.md)", True, 'href="../../"'),
        ("[ext](https://example.com/a.md)", True, 'href="https://example.com/a.md"'),
        ("[top](#summary)", True, 'href="#summary"'),
        ("[abs](/runbooks/db.md)", True, 'href="/runbooks/db.md"'),
        ("[out](../../x.md)", True, 'href="../../x.md"'),  # outside the docs: as written
    ],
)
def test_relative_links_are_read_from_the_yaml_file(
    text: str, directory_urls: bool, html: str
) -> None:
    converted = TextConverter(EXAMPLE).convert(text, PAGE, directory_urls, source=SOURCE)
    assert html in converted.html


def test_a_link_to_a_postmortems_file_leads_to_its_page() -> None:
    pages = Postmortems({"postmortems/2025/inc-0.yaml": "postmortems/incidents/INC-0.md"})
    converter = TextConverter(EXAMPLE)
    text = "as in [INC-0](2025/inc-0.yaml#timeline)"
    converted = converter.convert(text, PAGE, True, keep=True, source=SOURCE, postmortems=pages)
    assert 'href="../INC-0/#timeline"' in converted.html
    # Not kept: that page's address is another file's id, which an edit may change.
    moved = Postmortems({"postmortems/2025/inc-0.yaml": "postmortems/incidents/INC-00.md"})
    again = converter.convert(text, PAGE, True, keep=True, source=SOURCE, postmortems=moved)
    assert 'href="../INC-00/#timeline"' in again.html


def test_the_same_text_from_another_folder_is_converted_again() -> None:
    converter = TextConverter(EXAMPLE)
    text = "[r](r.md)"
    first = converter.convert(text, PAGE, True, keep=True, source="postmortems/a.yaml")
    assert converter.convert(text, PAGE, True, keep=True, source="postmortems/b.yaml") is first
    other = converter.convert(text, PAGE, True, keep=True, source="postmortems/2026/c.yaml")
    assert 'href="../../2026/r/"' in other.html and other is not first


def test_conversions_are_cached_by_text_and_folder() -> None:
    converter = TextConverter(EXAMPLE)
    first = converter.convert("**bold**", PAGE, True, keep=True)
    assert converter.convert("**bold**", "postmortems/incidents/inc-2.md", True) is first
    assert converter.convert("**bold**", "postmortems/index.md", True) is not first


def test_a_build_keeps_no_conversion() -> None:
    converter = TextConverter(EXAMPLE)
    first = converter.convert("*once*", PAGE, True)
    assert converter.convert("*once*", PAGE, True) is not first
    assert first == converter.convert("*once*", PAGE, True)


def test_headings_of_the_text_get_no_toc_ids_and_snippets_are_not_read(tmp_path: object) -> None:
    setup = SiteMarkdown((*EXAMPLE.extensions, "pymdownx.snippets"))
    converter = TextConverter(setup)
    assert converter.convert("## Inside", PAGE, True).html == "<h2>Inside</h2>"
    assert "passwd" in converter.convert('--8<-- "/etc/passwd"', PAGE, True).html


def test_extension_objects_other_plugins_added_are_left_out() -> None:
    setup = SiteMarkdown((*EXAMPLE.extensions, object()))
    assert TextConverter(setup).convert("*a*", PAGE, True).html == "<p><em>a</em></p>"


def test_converter_for_keeps_one_converter_per_setup() -> None:
    again = SiteMarkdown(EXAMPLE.extensions, {"toc": {"permalink": True}})
    assert converter_for(EXAMPLE) is converter_for(again)
    assert converter_for(EXAMPLE) is not converter_for(SiteMarkdown())


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("<p>one</p>", "one"),
        ("<p>one</p>\n<p>two</p>", "<p>one</p>\n<p>two</p>"),
        ("<ul>\n<li>a</li>\n</ul>", "<ul>\n<li>a</li>\n</ul>"),
    ],
)
def test_inline_drops_the_paragraph_of_one_paragraph(html: str, shown: str) -> None:
    assert inline(html) == shown
