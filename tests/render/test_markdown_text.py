"""Text written into Markdown (the headings of the files `render` writes, code given to the
converter) so that real Python-Markdown shows it as it is."""

from __future__ import annotations

import html as h
import re

import markdown

from mkdocs_postmortem.render import markdown_text as mdtext

EXTENSIONS = ["admonition", "attr_list", "tables", "pymdownx.superfences"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_plain_values_show_as_written() -> None:
    for value in [
        "INC_1*2",
        "# not a heading",
        "1. not a list",
        "- no",
        "a|b",
        "<b>",
        "{{ 7*7 }}",
        "&amp;",
    ]:
        html = render(f"| v |\n| --- |\n| {mdtext.plain(value)} |")
        cell = html.split("<td>")[1].split("</td>")[0]

        assert h.unescape(cell) == value, (value, cell)


def test_link_targets_only_for_safe_urls() -> None:
    assert mdtext.safe_href("https://example.org/x y") is None
    assert mdtext.safe_href("JIRA-123") is None
    assert mdtext.safe_href("javascript:alert(1)") is None
    assert mdtext.safe_href("#1095") is None
    assert mdtext.safe_href("https://example.org/(a)") == "https://example.org/%28a%29"


def test_code_blocks_keep_their_text_whatever_backticks_it_holds() -> None:
    body = "echo '<b>'\n````\n```x\n`"
    html = render(mdtext.code_block(body, "bash", 'a "caption" <b>'))
    assert h.unescape(re.sub(r"<[^>]+>", "", html.split("<code")[1].split(">", 1)[1])).startswith(
        body
    )
    assert "<b>" not in html
