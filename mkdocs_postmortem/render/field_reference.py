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

    def walk(node: Mapping[str, Any], prefix: str, depth: int) -> None:
        required = set(node.get("required", []))
        for name, child in node.get("properties", {}).items():
            child = walker.resolve(child)
            path = f"{prefix}.{name}" if prefix else name
            rows.append(
                {
                    "path": path,
                    "depth": depth,
                    "title": child.get("title", name),
                    "description": child.get("description", ""),
                    "type": type_of(child),
                    "required": name in required,
                }
            )
            target = walker.object_branch(child)
            if target.get("type") == "array":
                target = walker.object_branch(target.get("items", {}))
                path += "[]"
            if target.get("type") == "object":
                walk(target, path, depth + 1)

    walk(walker.root, "", 0)
    return rows
