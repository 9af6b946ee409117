"""The layout shows the pipeline, and the imports keep to it: core <- insights <- render <-
pipeline <- front ends (plugin, cli). No import cycles; MkDocs is imported only by the plugin
and by the command line where it reads mkdocs.yml; every library imported is a declared
dependency. Read from the source with ``ast``, so nothing is imported to check it."""

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
