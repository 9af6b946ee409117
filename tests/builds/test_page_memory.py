"""A generated page's HTML is not held for the whole build (MkDocs converts every page before
it writes the first), and other plugins still see and change it as they would a page of
their own: in ``on_page_content`` and ``on_page_context``."""

from __future__ import annotations

import json
from pathlib import Path

from sites import SiteBuilder, page_name

HOOKS = """
import json

seen = {"content": {}, "context": {}, "held_at_env": {}, "held_after": {}}
pages = []


def on_page_content(html, page, config, files):
    seen["content"][page.file.src_uri] = "Incident number" in html
    if page.file.src_uri.startswith("postmortems/incidents/"):
        return html + '<p id="added-by-a-hook">added by a hook</p>'
    return html


def on_page_context(context, page, config, nav):
    content = page.content or ""
    seen["context"][page.file.src_uri] = "Incident number" in content and "added-by-a-hook" in content
    return context


def on_env(env, config, files):
    for file in files.documentation_pages():
        pages.append(file.page)
        seen["held_at_env"][file.src_uri] = len(file.page.content or "")
    return env


def on_post_build(config):
    for page in pages:
        seen["held_after"][page.file.src_uri] = page.content is not None
    with open(config.extra["seen_path"], "w") as fh:
        json.dump(seen, fh)
"""


def test_pages_are_held_compressed_and_let_go_yet_plugins_see_them(
    site: SiteBuilder, tmp_path: Path
) -> None:
    for number in range(1, 4):
        site.incident(f"inc-{number}", id=f"INC-{number}", title=f"Incident number {number}")
    (site.root / "hooks.py").write_text(HOOKS, encoding="utf-8")
    seen_path = tmp_path / "seen.json"
    # Hooks run after the plugins: they see the pages as the archive made them.
    site.extra_config["hooks"] = ["hooks.py"]
    site.extra_config["extra"] = {"seen_path": str(seen_path)}
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    seen = json.loads(seen_path.read_text("utf-8"))
    incident = f"postmortems/incidents/{page_name('INC-2')}.md"
    # Other plugins have the whole HTML while the page is converted and while it is written.
    assert seen["content"][incident] is True
    assert seen["context"][incident] is True
    # In between, MkDocs holds nothing of a generated page, and the team's own pages as ever.
    generated = [uri for uri in seen["held_at_env"] if uri.startswith("postmortems/")]
    assert len(generated) > 5
    assert all(seen["held_at_env"][uri] == 0 for uri in generated)
    assert seen["held_at_env"]["index.md"] > 0
    # Once written, a generated page's HTML is let go; the team's page keeps its own.
    assert not any(seen["held_after"][uri] for uri in generated)
    assert seen["held_after"]["index.md"] is True
    # What a plugin changed is what is written.
    written = result.site / "postmortems" / "incidents" / page_name("INC-2") / "index.html"
    assert 'id="added-by-a-hook"' in written.read_text("utf-8")
