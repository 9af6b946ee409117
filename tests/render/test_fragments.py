"""Placeholders for HTML fragments, spliced into converted HTML or into the Markdown itself,
and the tidying of template output; code blocks are always left as written."""

from __future__ import annotations

import pytest

from mkdocs_postmortem.render.fragments import FRAGMENT, splice, splice_markdown, tidy

P0, P1, P5 = FRAGMENT.format(0), FRAGMENT.format(1), FRAGMENT.format(5)


def test_placeholder_format() -> None:
    assert P0 == "<!-- postmortem:fragment 0 -->"


def test_splice_replaces_each_placeholder_line_by_its_fragment() -> None:
    html = f"<p>a</p>\n{P1}\n<p>b</p>\n{P0}\n"
    assert splice(html, ["<ul>zero</ul>", "<ol>one</ol>"]) == (
        "<p>a</p>\n<ol>one</ol>\n<p>b</p>\n<ul>zero</ul>\n"
    )


def test_splice_reuses_a_fragment_named_twice() -> None:
    assert splice(f"{P0}\n{P0}", ["<i>x</i>"]) == "<i>x</i>\n<i>x</i>"


def test_splice_drops_a_placeholder_without_a_fragment() -> None:
    """A placeholder past the end (a team template that names a fragment it never made)
    leaves an empty line, not the comment."""
    assert splice(f"<p>a</p>\n{P5}\n<p>b</p>", ["<i>x</i>"]) == "<p>a</p>\n\n<p>b</p>"


def test_splice_only_replaces_whole_lines() -> None:
    html = f"<p>text {P0}</p>\n  {P0}"
    assert splice(html, ["<i>x</i>"]) == html


def test_splice_without_fragments_returns_the_html_unchanged() -> None:
    html = f"<p>a</p>\n{P0}\n"
    assert splice(html, []) == html
    assert splice_markdown(html, []) == html


def test_splice_markdown_replaces_placeholders_with_multiline_fragments() -> None:
    md = f"# Title\n\n{P0}\n\ntext\n{P1}\n"
    assert splice_markdown(md, ["<ul>\n<li>a</li>\n</ul>", "<p>b</p>"]) == (
        "# Title\n\n<ul>\n<li>a</li>\n</ul>\n\ntext\n<p>b</p>\n"
    )


def test_splice_markdown_drops_a_placeholder_without_a_fragment() -> None:
    assert splice_markdown(f"a\n{P5}\nb", ["x"]) == "a\n\nb"


def test_splice_markdown_keeps_the_indentation_of_an_indented_placeholder() -> None:
    """Inside an admonition every line of the fragment must keep the block's indentation."""
    md = f"!!! note\n\n    {P0}\n\nafter"
    assert splice_markdown(md, ["<ul>\n<li>a</li>\n</ul>"]) == (
        "!!! note\n\n    <ul>\n    <li>a</li>\n    </ul>\n\nafter"
    )


@pytest.mark.parametrize(
    "markdown",
    [
        pytest.param(f"```\n{P0}\n```", id="backticks"),
        pytest.param(f"~~~\n{P0}\n~~~", id="tildes"),
        pytest.param(f"```yaml\n{P0}\n```", id="with-language"),
        pytest.param(f"    ```\n    {P0}\n    ```", id="indented-fence"),
        pytest.param(f"````\n{P0}\n```\n{P0}\n````", id="longer-fence-not-closed-by-shorter"),
        pytest.param(f"~~~\n{P0}\n```\n{P0}\n~~~", id="other-fence-char-does-not-close"),
        pytest.param(f"```\n{P0}\n``` not a close\n{P0}\n```", id="fence-with-text-does-not-close"),
        pytest.param(f"```\n{P0}\n", id="unclosed-fence-runs-to-the-end"),
    ],
)
def test_splice_markdown_keeps_placeholders_in_code(markdown: str) -> None:
    """A postmortem's code block may quote a placeholder line; it must stay as written."""
    assert splice_markdown(markdown, ["<b>F</b>"]) == markdown


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (f"```\ncode\n```\n{P0}", "```\ncode\n```\n<b>F</b>"),
        (f"````\n```\n````\n{P0}", "````\n```\n````\n<b>F</b>"),
        (f"~~~\ncode\n~~~~~\n{P0}", "~~~\ncode\n~~~~~\n<b>F</b>"),
    ],
)
def test_splice_markdown_replaces_placeholders_after_a_closed_fence(
    markdown: str, expected: str
) -> None:
    assert splice_markdown(markdown, ["<b>F</b>"]) == expected


def test_splice_markdown_a_code_span_at_line_start_is_not_a_fence() -> None:
    md = f"```x``` broke\n\n{P0}"
    assert splice_markdown(md, ["<b>F</b>"]) == "```x``` broke\n\n<b>F</b>"


def test_tidy_collapses_blank_lines_and_trims_the_ends() -> None:
    assert tidy("\n\n# T\n\n\n\ntext\n  \n\t\n\nmore\n\n\n") == "# T\n\ntext\n\nmore\n"


def test_tidy_empties_whitespace_only_lines_but_keeps_trailing_spaces_of_text() -> None:
    """Two trailing spaces are a Markdown line break: text lines keep them."""
    assert tidy("a  \n   \nb") == "a  \n\nb\n"


@pytest.mark.parametrize(
    "code",
    [
        "```\nx\n\n\n\ny\n   \n```",
        "~~~text\nx\n\n\n\ny\n~~~",
        "````\n```\n\n\n\n```\n````",
    ],
)
def test_tidy_keeps_blank_lines_inside_code(code: str) -> None:
    assert tidy(f"before\n\n\n{code}\n\n\nafter") == f"before\n\n{code}\n\nafter\n"


def test_tidy_keeps_an_unclosed_fence_to_the_end() -> None:
    assert tidy("a\n```\nx\n\n\n\ny\n\n\n") == "a\n```\nx\n\n\n\ny\n"
