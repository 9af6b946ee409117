"""Hostile input: every bad file is reported at its line, within bounded time and memory, its
neighbours are still published, and ``--strict`` fails. The fixtures are made here."""

from __future__ import annotations

import itertools
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINIMAL, Result, SiteBuilder, incident_yaml

from mkdocs_postmortem.core.discover import source_for
from mkdocs_postmortem.core.load import Loader
from mkdocs_postmortem.core.schema import SchemaWalker, effective_schema
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.validate import SchemaValidator

GOOD = incident_yaml(id="INC-GOOD", title="Good neighbour")
HEAD = incident_yaml()  # six lines: id, title, date, severity, status, summary


def bomb(levels: int = 9) -> str:
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    names = "abcdefghijklmnop"
    for n in range(1, levels):
        refs = ", ".join(["*" + names[n - 1]] * 9)
        lines.append(f"{names[n]}: &{names[n]} [{refs}]")
    return "\n".join(lines) + "\n"


def long_timeline(entries: int) -> str:
    rows = "".join(
        f"  - time: '{i // 60 % 24:02d}:{i % 60:02d}'\n    event: step {i}\n"
        for i in range(entries)
    )
    return HEAD + "timeline:\n" + rows


# name -> (content of bad.yaml, expected start of the warning after "docs/postmortems/bad.yaml:")
HOSTILE: dict[str, tuple[str | bytes, str]] = {
    "unclosed-quote": (
        'id: INC-1\ntitle: "unclosed\ndate: 2026-01-05\n',
        "4:1: (document): YAML syntax error: found unexpected end of stream",
    ),
    "unclosed-flow-mapping": (
        "id: INC-1\ntitle: {a: 1\n",
        "3:1: (document): YAML syntax error: did not find expected ',' or '}'",
    ),
    "bad-indentation": (
        "id: INC-1\n  title: x\n",
        "2:8: (document): YAML syntax error: mapping values are not allowed",
    ),
    "unknown-alias": (
        "id: INC-1\ntitle: *nowhere\n",
        "2:8: (document): YAML syntax error: found undefined alias",
    ),
    "bad-escape": (
        'id: INC-1\ntitle: "\\q"\n',
        "2:9: (document): YAML syntax error: found unknown escape character",
    ),
    "nul-byte": (
        b"id: INC-1\ntitle: a\x00b\n",
        "2:9: (document): character U+0000 is not allowed in YAML",
    ),
    "three-documents": (
        HEAD + "---\nid: INC-2\n---\nid: INC-3\n",
        "7:1: (document): a postmortem file holds one YAML document",
    ),
    "alias-bomb": (bomb(), "1:1: (document): document expands to more than 200,000 values"),
    "deep-nesting": (
        "x-deep: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "1:1008: (document): YAML syntax error: exceeded maximum nesting depth",
    ),
    "deep-mappings": (
        HEAD.replace("summary: ", "summary: " + "{a: " * 700).rstrip("\n") + "}" * 700 + "\n",
        "1:1: (document): values are nested more than 64 levels deep",
    ),
    "fifty-megabytes": (
        HEAD + "x-padding: '" + "x" * (50 * 1024 * 1024) + "'\n",
        "1:1: (document): file is 52,428,",
    ),
    "ten-thousand-entry-timeline": (
        long_timeline(10_000),
        "8:3: timeline: 10,000 entries, over the limit of 2,000 (plugin option max_list_items)",
    ),
    "utf-16": (
        HEAD.encode("utf-16"),
        "1:1: (document): file is not valid UTF-8 (byte 0xff); save it as UTF-8",
    ),
    "latin-1": (
        HEAD.replace("Minimal", "Caf\xe9").encode("latin-1"),
        "2:11: (document): file is not valid UTF-8 (byte 0xe9)",
    ),
    "top-level-number": ("42\n", "1:1: (document): the top level must be a mapping of fields"),
    "only-a-comment": ("# nothing yet\n", "1:1: (document): file is empty"),
    "python-name": (
        HEAD + "x-f: !!python/name:os.system ''\n",
        "7:6: (document): YAML tags that construct objects are not allowed",
    ),
    "python-object-new": (
        HEAD + "x-f: !!python/object/new:subprocess.Popen [[ls]]\n",
        "7:6: (document): YAML tags that construct objects are not allowed",
    ),
    "python-module": (
        HEAD + "x-f: !!python/module:os ''\n",
        "7:6: (document): YAML tags that construct objects are not allowed",
    ),
    "local-tag": (
        HEAD + "x-f: !Ref other\n",
        "7:6: (document): YAML tags that construct objects are not allowed",
    ),
    "number-as-key": (HEAD + "1: x\n", "1:1: (document): key 1 is not text"),
    "null-key-nested": (HEAD + "people:\n  null: x\n", "7:1: people: key null is not text"),
    "not-a-number": (
        HEAD + "impact:\n  business:\n    revenue_lost:\n      amount: .nan\n",
        "10:15: impact.business.revenue_lost.amount: nan is not a number",
    ),
    "binary-tag": (
        HEAD + "x-f: !!binary aGVsbG8=\n",
        "7:6: (document): YAML tags that construct objects are not allowed: '!!binary'",
    ),
    "set-tag": (
        HEAD + "x-f: !!set {a, b}\n",
        "7:6: (document): YAML tags that construct objects are not allowed: '!!set'",
    ),
    "timestamp-tag": (
        HEAD + "x-f: !!timestamp 2026-01-05\n",
        "7:6: (document): YAML tags that construct objects are not allowed: '!!timestamp'",
    ),
    "year-zero": (incident_yaml(date="0000-01-05"), "3:7: date: '0000-01-05' is not"),
    "arabic-indic-digits": (
        HEAD + "timeline:\n  - time: '10:3\u0660'\n    event: Paged\n",
        "8:11: timeline[0].time: '10:3\u0660' is not",
    ),
    "non-leap-day": (
        incident_yaml(date="2025-02-29"),
        "3:7: date: '2025-02-29' is not a valid date",
    ),
    "month-thirteen": (
        HEAD + "timestamps:\n  detected: '2026-13-01T10:00:00Z'\n",
        "8:13: timestamps.detected: '2026-13-01T10:00:00Z' is not a valid timestamp",
    ),
    "mitigated-before-started": (
        HEAD + "timestamps:\n  started: '2026-01-05T10:00:00Z'\n"
        "  mitigated: '2026-01-05T09:59:00Z'\n",
        "9:14: timestamps.mitigated: mitigated (2026-01-05T09:59:00Z) is before started",
    ),
    "unknown-severity-alias": (
        incident_yaml(severity="Sev 1"),
        "4:11: severity: 'Sev 1' is not allowed; expected one of:",
    ),
    "severity-wrong-type": (
        incident_yaml(severity=1),
        "4:11: severity: 1 is not allowed; expected one of:",
    ),
}
PUBLISHED_DESPITE = {"mitigated-before-started"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Result]:
    """One archive holding every hostile file beside a good one, built normally and strictly."""
    site = SiteBuilder(tmp_path_factory.mktemp("hostile") / "project")
    site.add("postmortems/good.yaml", GOOD)
    for n, (name, (content, _)) in enumerate(sorted(HOSTILE.items())):
        if isinstance(content, str):  # ids unique across the archive, as the checks want
            content = content.replace("INC-1\n", f"INC-{n + 100}\n")
        site.add(f"postmortems/{name}.yaml", content)
    return site.build(), site.build(strict=True)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_reported_at_its_line(hostile: tuple[Result, Result], name: str) -> None:
    result, strict = hostile
    expected = f"docs/postmortems/{name}.yaml:{HOSTILE[name][1]}"
    assert any(w.startswith(expected) for w in result.warnings), (expected, result.warnings)
    health = result.text("postmortems/health/")
    assert f"docs/postmortems/{name}.yaml" in health
    assert strict.aborted


def test_neighbours_survive_every_hostile_file(hostile: tuple[Result, Result]) -> None:
    result, _ = hostile
    assert not result.aborted
    assert "Good neighbour" in result.text("postmortems/incidents/inc-good/")
    home = result.text("postmortems/")
    blocked = len(HOSTILE) - len(PUBLISHED_DESPITE)
    assert f"{blocked} files with problems" in home
    # A document that cannot be read, or holds what no validator takes, has no page; one that
    # was validated gets its preview page.
    pages = {p.name for p in (result.site / "postmortems" / "incidents").iterdir()}
    parsed = {
        f"inc-{n + 100}"
        for n, (name, (content, expected)) in enumerate(sorted(HOSTILE.items()))
        if not any(
            refused in expected
            for refused in ("(document)", "max_list_items", "is not text", "is not a number")
        )
    }
    assert pages == {"inc-good"} | parsed
    incident_html = "".join(
        p.read_text("utf-8") for p in (result.site / "postmortems" / "incidents").rglob("*.html")
    )
    assert "lol" not in incident_html and "os.system" not in incident_html


def _hostile_bytes() -> Iterator[tuple[str, bytes]]:
    for name, (content, _) in sorted(HOSTILE.items()):
        yield name, content if isinstance(content, bytes) else content.encode("utf-8")


@pytest.mark.parametrize(("name", "raw"), list(_hostile_bytes()), ids=sorted(HOSTILE))
def test_work_on_a_hostile_file_is_bounded(tmp_path: Path, name: str, raw: bytes) -> None:
    """Memory stays near the size limit (a 50 MB file is never read whole) and time is short.
    The bounds are generous on purpose: they catch unbounded work, not slow machines."""
    path = tmp_path / "docs" / "postmortems" / "x.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    settings = Settings(docs_dir=str(tmp_path / "docs"), project_dir=str(tmp_path))
    loader = Loader(settings)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        loaded = loader.load(source_for(settings, "postmortems/x.yaml", str(path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert loaded.problems
    assert peak < 64 * 1024 * 1024, f"{name}: {peak:,} bytes at peak"
    assert elapsed < 20, f"{name}: {elapsed:.1f} s"


def test_list_limit_is_configurable(site: SiteBuilder) -> None:
    site.plugin_options = {"max_list_items": 50}
    site.add("postmortems/long.yaml", long_timeline(51))
    site.add("postmortems/ok.yaml", incident_yaml(id="INC-2") + long_timeline(50)[len(HEAD) :])
    result = site.build()
    assert any(
        w.startswith("docs/postmortems/long.yaml:8:3: timeline: 51 entries, over the limit of 50")
        for w in result.warnings
    ), result.warnings
    assert "step 49" in result.text("postmortems/incidents/inc-2/")
    assert not result.exists("postmortems/incidents/inc-1/")


def test_bom_is_accepted_and_lines_stay_right(site: SiteBuilder) -> None:
    site.add("postmortems/bom.yaml", b"\xef\xbb\xbf" + incident_yaml(status="done").encode())
    result = site.build()
    assert any(
        w.startswith("docs/postmortems/bom.yaml:5:9: status: 'done' is not allowed")
        for w in result.warnings
    ), result.warnings
    site.add("postmortems/bom.yaml", b"\xef\xbb\xbf" + HEAD.encode())
    assert "Minimal incident" in site.build(strict=True).html("postmortems/incidents/inc-1/")


# Every field of the schema, at every depth, given a value of the wrong type.

CANDIDATES: list[tuple[Any, str]] = [
    (["a", "list"], "[a, list]"),
    ({"a": "mapping"}, "{a: mapping}"),
    (12345, "12345"),
    ("some text", "some text"),
]
MARKER = "WRONG-TYPE-MARKER"


def _validator() -> SchemaValidator:
    return SchemaValidator(effective_schema(Settings(docs_dir=".", project_dir=".")))


def _field_paths() -> list[tuple[str | int, ...]]:
    """Every property path in the bundled schema; list items are reached through index 0."""
    walker = SchemaWalker(effective_schema(Settings(docs_dir=".", project_dir=".")))
    paths: list[tuple[str | int, ...]] = []
    stack: list[tuple[tuple[str | int, ...], Any, int]] = [((), walker.root, 0)]
    while stack:
        path, node, depth = stack.pop()
        node = walker.object_branch(node)
        if depth > 6:
            continue
        if path:
            paths.append(path)
        for name, child in node.get("properties", {}).items():
            stack.append(((*path, name), child, depth + 1))
        items = node.get("items")
        if isinstance(items, dict):
            stack.append(((*path, 0), items, depth + 1))
    return sorted({p for p in paths if not isinstance(p[-1], int)}, key=str)


def _place(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """MINIMAL with ``value`` at ``path``; parents are created as needed."""
    data: dict[str, Any] = dict(MINIMAL)
    node: Any = data
    for key, nxt in itertools.pairwise(path):
        child: Any = [] if isinstance(nxt, int) else {}
        if isinstance(node, list):
            node.append(child)
        else:
            node[key] = child
        node = child
    if isinstance(node, list):
        node.append(value)
    else:
        node[path[-1]] = value
    return data


def _wrong_type_documents() -> list[tuple[str, str, str]]:
    """(field path, YAML text, expected 'line:col: field') for every field of the schema."""
    validator = _validator()
    out = []
    for path in _field_paths():
        dotted = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path)
        dotted = dotted.replace(".[", "[")
        flow = next(
            (
                flow
                for value, flow in CANDIDATES
                if any(tuple(i.path) == path for i in validator.issues(_place(path, value)))
            ),
            None,
        )
        if flow is None:
            continue  # the field takes any of these (free-form); nothing is the wrong type
        text = yaml.safe_dump(_place(path, MARKER), sort_keys=False)
        line_no, line = next((n, s) for n, s in enumerate(text.splitlines(), 1) if MARKER in s)
        column = line.index(MARKER) + 1
        out.append((dotted, text.replace(MARKER, flow), f"{line_no}:{column}: {dotted}: "))
    return out


WRONG_TYPES = _wrong_type_documents()


def test_the_wrong_type_sweep_covers_the_schema() -> None:
    fields = {f for f, _, _ in WRONG_TYPES}
    assert len(fields) > 150, len(fields)
    assert {"id", "summary", "timeline[0].event", "action_items[0].due", "impact"} <= fields


def test_every_field_of_the_wrong_type_is_reported(site: SiteBuilder) -> None:
    site.add("postmortems/good.yaml", GOOD)
    for n, (_, text, _) in enumerate(WRONG_TYPES):
        site.add(f"postmortems/wrong-{n:03d}.yaml", text)
    result = site.build()
    missing = []
    for n, (field, _, expected) in enumerate(WRONG_TYPES):
        prefix = f"docs/postmortems/wrong-{n:03d}.yaml:{expected}"
        if not any(w.startswith(prefix) for w in result.warnings):
            missing.append((field, prefix))
    assert not missing, missing[:10]
    assert "Good neighbour" in result.text("postmortems/incidents/inc-good/")
    assert site.build(strict=True).aborted


# Ids that try to leave their folder or pass for another id.

BAD_IDS = [
    "../escape",
    "INC-1/../../escape",
    "a/b",
    "..\\escape",
    "%2e%2e",
    "INC%2F1",
    ".",
    "..",
    "INC 1",
    "INC-1\u2010X",  # a hyphen look-alike
    "\u0406NC-1",  # Cyrillic I
    "\uff29\uff2e\uff23-1",  # fullwidth INC
    "INC-1\u200b",  # zero-width space
    "",
]


def test_ids_never_escape_or_pass_for_another(site: SiteBuilder) -> None:
    site.add("postmortems/good.yaml", GOOD)
    for n, bad in enumerate(BAD_IDS):
        site.add(f"postmortems/id-{n:02d}.yaml", incident_yaml(id=bad, title=f"Bad id {n}"))
    result = site.build()
    for n, bad in enumerate(BAD_IDS):
        assert any(
            w.startswith(f"docs/postmortems/id-{n:02d}.yaml:1:") and "id: " in w
            for w in result.warnings
        ), (bad, result.warnings)
    project = site.root.parent
    written = {p.relative_to(project) for p in project.rglob("*")}
    outside = [p for p in written if p.parts[0] != "project"]
    assert not outside, outside
    assert not any("escape" in str(p) for p in written)
    incidents = sorted(p.name for p in (result.site / "postmortems" / "incidents").iterdir())
    assert incidents == ["inc-good"]
    assert site.build(strict=True).aborted


def test_exact_duplicate_id_keeps_the_first_file(site: SiteBuilder) -> None:
    site.add("postmortems/a.yaml", incident_yaml(id="INC-7", title="First"))
    site.add("postmortems/b.yaml", incident_yaml(id="INC-7", title="Second"))
    result = site.build()
    assert any(
        w.startswith(
            "docs/postmortems/b.yaml:1:5: id: the same id is already used by docs/postmortems/a.yaml"
        )
        for w in result.warnings
    ), result.warnings
    assert "First" in result.text("postmortems/incidents/inc-7/")
    assert "Second" not in result.text("postmortems/incidents/inc-7/")


# Relations that loop.


def relation(target: str, kind: str) -> str:
    return f"related_incidents:\n  - id: {target}\n    type: {kind}\n"


def test_relation_cycles_are_reported_and_published(site: SiteBuilder) -> None:
    site.add("postmortems/a.yaml", incident_yaml(id="INC-A") + relation("INC-B", "caused-by"))
    site.add("postmortems/b.yaml", incident_yaml(id="INC-B") + relation("INC-A", "caused-by"))
    site.add("postmortems/c.yaml", incident_yaml(id="INC-C") + relation("INC-D", "recurrence-of"))
    site.add("postmortems/d.yaml", incident_yaml(id="INC-D") + relation("INC-E", "recurrence-of"))
    site.add("postmortems/e.yaml", incident_yaml(id="INC-E") + relation("INC-C", "recurrence-of"))
    # Consistent both ways: F caused G, and G says it was caused by F. Not a cycle.
    site.add("postmortems/f.yaml", incident_yaml(id="INC-F") + relation("INC-G", "causes"))
    site.add("postmortems/g.yaml", incident_yaml(id="INC-G") + relation("INC-F", "caused-by"))
    result = site.build()
    cycles = [("a", "INC-A and INC-B cause each other")]
    cycles += [(n, "INC-C, INC-D and INC-E are each a recurrence of the other") for n in "cde"]
    for name, others in cycles:
        expected = (
            f"docs/postmortems/{name}.yaml:8:5: related_incidents[0]: relation cycle: {others}"
        )
        assert any(w.startswith(expected) for w in result.warnings), (expected, result.warnings)
    assert not any(
        w.startswith(("docs/postmortems/f.yaml", "docs/postmortems/g.yaml"))
        for w in result.warnings
    )
    page = result.text("postmortems/incidents/inc-a/")
    assert "Published with 1 warning" in page and "relation cycle" in page
    assert "INC-B" in page  # the family is still drawn and listed
    assert site.build(strict=True).aborted


def test_self_link_in_every_form(site: SiteBuilder) -> None:
    site.add(
        "postmortems/a.yaml",
        incident_yaml(id="INC-A")
        + "related_incidents:\n  - INC-A\n  - inc-a\n  - id: INC-A\n    type: caused-by\n",
    )
    result = site.build()
    for line, col, path in (
        (8, 5, "related_incidents[0]"),
        (9, 5, "related_incidents[1]"),
        (10, 9, "related_incidents[2].id"),
    ):
        expected = (
            f"docs/postmortems/a.yaml:{line}:{col}: {path}: an incident cannot be related to itself"
        )
        assert any(w.startswith(expected) for w in result.warnings), (expected, result.warnings)
    assert "INC-A" in result.text("postmortems/incidents/inc-a/")


def test_ids_sharing_a_page_address_are_duplicates(site: SiteBuilder) -> None:
    """INC.5 and INC-5 would both be incidents/inc-5/: the second is refused, by name."""
    site.add("postmortems/a.yaml", incident_yaml(id="INC.5", title="First"))
    site.add("postmortems/b.yaml", incident_yaml(id="INC-5", title="Second"))
    site.add("postmortems/c.yaml", incident_yaml(id="INC_6"))
    site.add("postmortems/d.yaml", incident_yaml(id="INC-7") + "related_incidents:\n  - INC_6\n")
    result = site.build()
    assert any(
        w.startswith(
            "docs/postmortems/b.yaml:1:5: id: an id with the same page address as 'INC.5' "
            "is already used by docs/postmortems/a.yaml"
        )
        for w in result.warnings
    ), result.warnings
    assert "First" in result.text("postmortems/incidents/inc-5/")
    # An id with '_' is found by the relations that name it.
    assert not any(w.startswith("docs/postmortems/d.yaml") for w in result.warnings)
    assert "INC_6" in result.text("postmortems/incidents/inc-7/")
