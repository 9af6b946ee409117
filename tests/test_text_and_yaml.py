"""The escaping rules and YAML reading rules, rendered through real Python-Markdown."""

from __future__ import annotations

import html as h
import re

import markdown
import pytest

from mkdocs_postmortem.core.read import DocumentError, parse
from mkdocs_postmortem.core.timestamps import format_duration, parse_timestamp
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("time: 18:05", "18:05"),
        ("v: no", "no"),
        ("v: on", "on"),
        ("v: 2026-02-27", "2026-02-27"),
        ("v: 0777", "0777"),
        ("v: 0o17", 15),
        ("v: 1_000", 1000),
        ("v: 1.5", 1.5),
        ("v: true", True),
        ("v: ~", None),
    ],
)
def test_scalars_resolve_like_yaml_1_2(text: str, expected: object) -> None:
    data = parse(text).data
    assert next(iter(data.values())) == expected


def test_duplicate_keys_are_found_with_their_line() -> None:
    doc = parse("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert doc.duplicate_keys == [("c", 4, 3)]


def test_self_referencing_alias_is_refused() -> None:
    """An endless structure: the walk stops at the nesting limit long before any budget."""
    with pytest.raises(DocumentError, match="nested more than 64 levels deep"):
        parse("a: &a [*a, *a]\n")
    with pytest.raises(DocumentError, match="nested more than 64 levels deep"):
        parse("a: &a {b: *a}\n")


def test_timestamps() -> None:
    assert parse_timestamp("2026-02-27T18:05:00Z", "UTC").isoformat() == "2026-02-27T18:05:00+00:00"
    assert parse_timestamp("2026-02-27 19:05+01:00", "UTC").utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert parse_timestamp("2026-07-01T12:00", "Europe/Berlin").utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="not a real date"):
        parse_timestamp("2026-02-30T10:00Z", "UTC")
    assert (
        format_duration(
            parse_timestamp("2026-01-02T01:05Z", "UTC")
            - parse_timestamp("2026-01-01T00:00Z", "UTC")
        )
        == "1 d 1 h"
    )
    assert (
        format_duration(
            parse_timestamp("2026-01-01T01:05Z", "UTC")
            - parse_timestamp("2026-01-01T00:00Z", "UTC")
        )
        == "1 h 05 min"
    )


def test_globs_and_discovery(tmp_path) -> None:
    from mkdocs_postmortem.core.discover import discover, glob_matcher
    from mkdocs_postmortem.core.settings import Settings

    match = glob_matcher(["postmortems/**/*.yaml", "extra/*.yml"])
    assert match("postmortems/a.yaml") and match("postmortems/2026/q1/a.yaml")
    assert not match("postmortems/a.yml") and not match("other/postmortems/a.yaml")
    assert match("extra/b.yml") and not match("extra/deep/b.yml")
    docs = tmp_path / "docs"
    for rel in (
        "postmortems/b.yaml",
        "postmortems/2025/a.yaml",
        "postmortems/.hidden/c.yaml",
        "x.yaml",
    ):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("id: x\n", encoding="utf-8")
    found = discover(Settings(docs_dir=str(docs), project_dir=str(tmp_path)))
    assert [f.src_uri for f in found] == ["postmortems/2025/a.yaml", "postmortems/b.yaml"]
    assert [f.display for f in found] == ["docs/postmortems/2025/a.yaml", "docs/postmortems/b.yaml"]
