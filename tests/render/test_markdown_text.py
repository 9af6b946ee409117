"""Values written into Markdown pages so that real Python-Markdown shows them as they are."""

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


def test_links_only_for_safe_urls() -> None:
    assert mdtext.link("https://example.org/x y") == "https://example.org/x y"
    assert mdtext.link("JIRA-123") == "JIRA-123"
    assert mdtext.link("javascript:alert(1)") == "javascript:alert(1)"
    assert (
        mdtext.link("https://example.org/(a)")
        == "[https://example.org/(a)](https://example.org/%28a%29)"
    )


def test_code_blocks_keep_their_text_whatever_backticks_it_holds() -> None:
    body = "echo '<b>'\n````\n```x\n`"
    html = render(mdtext.code_block(body, "bash", 'a "caption" <b>'))
    assert h.unescape(re.sub(r"<[^>]+>", "", html.split("<code")[1].split(">", 1)[1])).startswith(
        body
    )
    assert "<b>" not in html


def test_inline_code_keeps_its_text() -> None:
    for value in ["a`b", "``x", "<img src=x onerror=alert(1)>", "x`"]:
        html = render(mdtext.inline_code(value))
        assert h.unescape(html.split("<code>")[1].split("</code>")[0]).strip() == value
