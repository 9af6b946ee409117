"""The field reference page's rows, read from the effective schema, so the reference never
drifts from what is validated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.schema import SchemaWalker


def field_rows(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every field of the effective schema, depth first, for the field reference page."""
    walker = SchemaWalker(schema)

    def type_of(node: Mapping[str, Any]) -> str:
        node = walker.resolve(node)
        if "x-kind" in node:  # a kind of value of its own (moment, figure): say which
            return str(node["x-kind"])
        if "enum" in node:
            return "one of: " + ", ".join(f"`{v}`" for v in node["enum"])
        if "anyOf" in node and "type" not in node:
            return " or ".join(type_of(option) for option in node["anyOf"])
        kind = node.get("type", "any")
        if kind == "array":
            return f"list of {type_of(node.get('items', {}))}"
        if kind == "object":
            return "mapping"
        if isinstance(kind, list):
            return " or ".join(kind)
        fmt = node.get("format")
        return f"{kind} ({fmt})" if fmt and not str(fmt).startswith("postmortem") else str(kind)

    rows: list[dict[str, Any]] = []

    def inner(node: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The mapping a field holds (its items' for a list), where the schema says one."""
        target = walker.object_branch(node)
        if target.get("type") == "array" or "items" in target:
            target = walker.object_branch(target.get("items", {}))
        has_fields = target.get("type") == "object" or "properties" in target
        return target if has_fields or "required" in target else None

    def walk(nodes: list[Mapping[str, Any]], prefix: str, depth: int) -> None:
        """``nodes``: the same place in the bundled schema and in each team schema, so a
        field a team requires is marked so and a field it adds has its row."""
        required = {name for node in nodes for name in node.get("required", [])}
        names = list(dict.fromkeys(name for node in nodes for name in node.get("properties", {})))
        for name in names:
            children = [
                walker.resolve(node["properties"][name])
                for node in nodes
                if name in node.get("properties", {})
            ]
            child = children[0]
            path = f"{prefix}.{name}" if prefix else name
            rows.append(
                {
                    "path": path,
                    "depth": depth,
                    "title": next((c["title"] for c in children if "title" in c), name),
                    "description": next(
                        (c["description"] for c in children if "description" in c), ""
                    ),
                    "type": type_of(child),
                    "required": name in required,
                }
            )
            first = walker.object_branch(child)
            path += "[]" if first.get("type") == "array" else ""
            inside = [target for c in children if (target := inner(c)) is not None]
            if inside and inner(child) is not None:
                walk(inside, path, depth + 1)

    walk([walker.root, *walker.extensions], "", 0)
    return rows
