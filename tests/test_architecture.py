"""The layout shows the pipeline, and the imports keep to it: core <- insights <- render <-
pipeline <- front ends (plugin, cli). No import cycles; MkDocs is imported only by the plugin
and by the command line where it reads mkdocs.yml; every library imported is a declared
dependency. Read from the source with ``ast``, so nothing is imported to check it. And each
module holds one thing, found in one obvious place: none is over 450 lines, and the docs list
every module, once, by a name that exists."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from sites import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

PACKAGE = ROOT / "mkdocs_postmortem"

LAYERS = {
    "core": set(),
    "insights": {"core"},
    "render": {"core", "insights"},
    "pipeline": {"core", "insights", "render"},
    "plugin": {"core", "insights", "render", "pipeline"},
    "cli": {"core", "insights", "render", "pipeline", "plugin"},
}
"""What each part may import from the package (``__init__``'s version is free for all)."""

MKDOCS_USERS = {"plugin", "cli.project"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Every module of the package -> the absolute names it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join([*base, node.module] if node.module else base)
                    names.add(target)
                    names.update(f"{target}.{alias.name}" for alias in node.names)
                else:
                    names.add(node.module or "")
        found[name] = names
    return found


def part(module: str) -> str:
    """``mkdocs_postmortem.core.load`` -> ``core``; ``mkdocs_postmortem.pipeline`` -> ``pipeline``."""
    return module.split(".")[1] if "." in module else ""


def internal(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Module -> the package modules it imports (a name that is a class is cut to its module)."""
    return {
        module: {n for n in names if n in graph and n != module} for module, names in graph.items()
    }


def test_every_module_sits_in_a_stage() -> None:
    modules = [m for m in imports() if m != "mkdocs_postmortem"]
    assert {part(m) for m in modules} == set(LAYERS)
    assert len(modules) > 30


def test_each_part_imports_only_the_parts_below_it() -> None:
    graph = internal(imports())
    wrong = [
        (module, target)
        for module, targets in graph.items()
        for target in targets
        if part(module) and part(target) and part(target) != part(module)
        if part(target) not in LAYERS[part(module)]
    ]
    assert not wrong


def test_no_import_cycles() -> None:
    graph = internal(imports())
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles


def test_mkdocs_is_imported_by_the_front_ends_only() -> None:
    users = sorted(
        module
        for module, names in imports().items()
        if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names)
    )
    allowed = {f"mkdocs_postmortem.{m}" for m in MKDOCS_USERS}
    assert users and all(
        u in allowed or any(u.startswith(a + ".") for a in allowed) for u in users
    ), users


def test_every_library_imported_is_declared() -> None:
    declared = {
        re.split(r"[\s<>=;\[!~]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        for requirement in tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
            "dependencies"
        ]
    }
    distributions = packages_distributions()
    missing = set()
    for names in imports().values():
        for name in names:
            top = name.split(".")[0]
            if not top or top == "mkdocs_postmortem" or top in sys.stdlib_module_names:
                continue
            owners = {d.lower().replace("_", "-") for d in distributions.get(top, [top])}
            if not owners & declared:
                missing.add((top, tuple(sorted(owners))))
    assert not missing


MAX_LINES = 450
"""The most lines a module may have: past it, a module holds more than one thing, and a newcomer
no longer finds each in one obvious place."""

OVER_THE_LIMIT: set[str] = set()
"""Modules still over the limit while the renderer is being rewritten (issue 23): none may join
them, and each must leave this set once it is cut."""


def test_no_module_is_over_the_limit() -> None:
    lengths = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text("utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    over = {name for name, length in lengths.items() if length > MAX_LINES}
    assert over <= OVER_THE_LIMIT, {name: lengths[name] for name in sorted(over - OVER_THE_LIMIT)}
    cut = OVER_THE_LIMIT - over
    assert not cut, f"within {MAX_LINES} lines now, to leave OVER_THE_LIMIT: {sorted(cut)}"


SUBPACKAGES = ("core", "insights", "render", "plugin", "cli")


def modules_of(subpackage: str) -> set[str]:
    return {
        path.stem
        for path in (PACKAGE / subpackage).glob("*.py")
        if path.stem not in ("__init__", "__main__")
    }


def table_rows(text: str) -> dict[str, str]:
    """A Markdown table's rows: first cell (its code) -> the rest of the row."""
    rows = {}
    for line in text.splitlines():
        match = re.match(r"\| `([^`]+)` \| (.*) \|$", line)
        if match:
            rows[match[1]] = match[2]
    return rows


def section(text: str, title: str) -> str:
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("subpackage", SUBPACKAGES)
def test_the_docs_list_every_module_once(subpackage: str) -> None:
    """The README's layout and the architecture's table of subpackages each name every module
    of a subpackage once, in its row."""
    readme = table_rows(section((ROOT / "README.md").read_text("utf-8"), "Layout"))
    named = re.findall(r"`([a-z_]+)`", readme[f"mkdocs_postmortem/{subpackage}/"])
    counts = {module: named.count(module) for module in modules_of(subpackage)}
    assert not {m: n for m, n in counts.items() if n != 1}, "README.md"
    architecture = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    rows = table_rows(section(architecture, "The subpackages"))
    named = re.findall(r"`([a-z_]+)\.py`", rows[f"{subpackage}/"])
    counts = {module: named.count(module) for module in modules_of(subpackage)}
    assert not {m: n for m, n in counts.items() if n != 1}, "docs/architecture.md"


def test_the_docs_name_only_modules_that_exist() -> None:
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named = {
        (path.name, f"{subpackage}/{module}.py")
        for path in texts
        for subpackage, module in re.findall(
            rf"(?<![\w/.-])({'|'.join(SUBPACKAGES)})/([a-z_]+)\.py\b", path.read_text("utf-8")
        )
    }
    assert named
    assert not {(doc, module) for doc, module in named if not (PACKAGE / module).is_file()}
