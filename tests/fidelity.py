"""The fidelity rule: every value a postmortem holds is on its page, as written or as its
Markdown renders. Shared by the example archive's test and the property tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
from sites import article_text, normalize

from mkdocs_postmortem.core.read import parse

MARKDOWN_EXTENSIONS = ["admonition", "tables", "pymdownx.superfences", "pymdownx.details"]


def scalars(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from scalars(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from scalars(item, f"{path}[{index}]")
    else:
        yield path, value


def visible_forms(value: Any) -> list[str]:
    """How a value can legitimately look on the page: as written, or as its Markdown renders."""
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    text = str(value)
    forms = [normalize(text)]
    rendered = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS)
    forms.append(article_text(f'<article class="md-content__inner">{rendered}</article>'))
    return [f for f in forms if f]


def load(path: Path) -> dict[str, Any]:
    return parse(path.read_text(encoding="utf-8")).data
