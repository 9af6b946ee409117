"""The escaping rules for untrusted text, rendered through real Python-Markdown."""

from __future__ import annotations

import html as h
import re

import markdown
import pytest

from mkdocs_postmortem.render import markdown_text as mdtext

EXTENSIONS = ["admonition", "attr_list", "tables", "pymdownx.superfences", "pymdownx.snippets"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)>",
        "[x](javascript:alert(1))",
        "[x]( JaVaScRiPt:alert(1) )",
        "[x](&#106;avascript:alert(1))",
        "[x](java\tscript:alert(1))",
        "![x](javascript:alert(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[x](<javascript:alert(1)>)",
        "<javascript:alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "*emphasis*{ onclick=alert(1) }",
        "# Heading { onmouseover=alert(1) }",
        "/// html | div[onclick=alert(1)]\ntext\n///",
    ],
)
def test_no_script_survives_markdown(payload: str) -> None:
    html = render(mdtext.markdown(payload)).lower()
    assert "<script" not in html and "<svg" not in html and "<div" not in html
    assert not re.search(r"<[^>]*\son\w+\s*=", html), html  # no event handler attribute
    assert not re.search(r"(href|src)=\"\s*(javascript|data|vbscript):", html), html


def test_markdown_survives() -> None:
    html = render(mdtext.markdown("**bold** and `a<b>` and [docs](https://example.org/a_b)"))
    assert "<strong>bold</strong>" in html
    assert "<code>a&lt;b&gt;</code>" in html
    assert '<a href="https://example.org/a_b">docs</a>' in html


def test_fenced_code_keeps_its_text_and_never_becomes_a_diagram() -> None:
    html = render(
        mdtext.markdown("Before\n\n```mermaid\ngraph LR; A-->B\n```\n\n```bash\necho '<b>'\n```")
    )
    assert 'class="mermaid"' not in html
    assert "graph LR; A--&gt;B" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_snippet_includes_are_disabled(tmp_path) -> None:
    (tmp_path / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    text = f'--8<-- "{tmp_path}/secret.txt"\n\n```\n--8<-- "{tmp_path}/secret.txt"\n```'
    html = markdown.markdown(
        mdtext.markdown(text),
        extensions=["pymdownx.snippets", "pymdownx.superfences"],
        extension_configs={"pymdownx.snippets": {"restrict_base_path": False}},
    )
    assert "TOP-SECRET" not in html


def test_table_cells_stay_in_their_cell() -> None:
    table = "| a | b |\n| --- | --- |\n| " + mdtext.cell("x | y\nsecond `c|d` line") + " | z |\n"
    html = render(table)
    assert html.count("<td>") == 2
    assert "x | y<br>second <code>c|d</code> line" in html


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
