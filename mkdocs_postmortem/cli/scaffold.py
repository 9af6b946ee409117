"""A new postmortem file: required fields filled, every other section a commented hint
generated from the schema itself, so the hints never drift from what is validated."""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import yaml

from ..core.placeholders import SUMMARY
from ..core.schema import SchemaWalker
from ..core.settings import Settings

REQUIRED_ORDER = ("id", "title", "date", "severity", "status", "summary")


def next_id(settings: Settings, existing: Iterable[str], today: date) -> str:
    """The next free id of the team's ``id_format`` (e.g. ``INC-{year}-{seq:03d}``) this year."""
    pattern = _format_regex(settings.id_format)
    highest = 0
    for incident_id in existing:
        match = pattern.fullmatch(incident_id)
        if match and int(match.groupdict().get("year") or today.year) == today.year:
            highest = max(highest, int(match.group("seq")))
    return settings.id_format.format(year=today.year, seq=highest + 1)


def _format_regex(id_format: str) -> re.Pattern[str]:
    out, pos = [], 0
    for match in re.finditer(r"\{(year|seq)(?::[^}]*)?\}", id_format):
        out.append(re.escape(id_format[pos : match.start()]))
        out.append(r"(?P<year>\d{4})" if match.group(1) == "year" else r"(?P<seq>\d+)")
        pos = match.end()
    out.append(re.escape(id_format[pos:]))
    if "(?P<seq>" not in "".join(out):
        raise ValueError("id_format needs a {seq} placeholder, e.g. INC-{year}-{seq:03d}")
    return re.compile("".join(out))


def folder(settings: Settings) -> str:
    """Where new files go: the fixed folder part of the first configured glob."""
    parts = []
    for part in settings.paths[0].split("/")[:-1]:
        if any(ch in part for ch in "*?["):
            break
        parts.append(part)
    return "/".join(parts)


NAME_LENGTH = 60
"""Most characters of the title's part of a file name."""

_LATIN = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ø": "o",
        "Ø": "O",
        "å": "aa",
        "Å": "Aa",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
    }
)
"""Letters spelt out as their languages do in plain ASCII (Ärger -> Aerger), before the rest
lose their accents (é -> e)."""


def file_name(incident_date: str, title: str, incident_id: str = "") -> str:
    """``<date>-<title as ASCII words>.yaml``, cut at a word boundary; the id stands in for a
    title with no Latin letters or digits."""
    ascii_title = (
        unicodedata.normalize("NFKD", title.translate(_LATIN)).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > NAME_LENGTH:
        head = slug[: NAME_LENGTH + 1]
        slug = head[: head.rfind("-")] if "-" in head else slug[:NAME_LENGTH]
    slug = slug or re.sub(r"[^a-z0-9]+", "-", incident_id.lower()).strip("-") or "incident"
    return f"{incident_date}-{slug}.yaml"


def schema_url(settings: Settings) -> str:
    """Where the built site publishes the effective schema, if the site's URL is known."""
    if not settings.site_url:
        return ""
    return f"{settings.site_url.rstrip('/')}/{settings.prefix}/schema.json"


def team_required(schema: Mapping[str, Any]) -> list[str]:
    """The top-level fields a team's schema requires beyond the bundled six: the scaffold
    cannot fill them, so it names them where the editor and the command line see them."""
    walker = SchemaWalker(schema)
    named = (str(n) for part in walker.extensions for n in part.get("required", []))
    return [n for n in dict.fromkeys(named) if n not in REQUIRED_ORDER]


def new_postmortem(
    schema: Mapping[str, Any],
    settings: Settings,
    *,
    incident_id: str,
    title: str,
    severity: str,
    incident_date: str,
) -> str:
    values = {
        "id": incident_id,
        "title": title,
        "date": incident_date,
        "severity": severity,
        "status": "draft",
    }
    lines = []
    url = schema_url(settings)
    if url:
        lines.append(f"# yaml-language-server: $schema={url}")
    also = team_required(schema)
    required = ", ".join(REQUIRED_ORDER) + (
        f"; by the team's schema: {', '.join(also)}" if also else ""
    )
    lines += [
        f"# Postmortem {incident_id}. Required: {required}.",
        "# Merge it as a draft and fill in the rest during the review: uncomment what you need.",
        "",
    ]
    lines += [f"{key}: {_scalar(value)}" for key, value in values.items()]
    lines += [
        "summary: |  # Replace this placeholder text: the build refuses it unchanged.",
        *(f"  {line}" for line in SUMMARY.lines),
    ]
    values["summary"] = ""
    walker = SchemaWalker(schema)
    fields: dict[str, Mapping[str, Any]] = {}
    for part in (walker.root, *walker.extensions):  # a field a team adds has its hint too
        for name, node in part.get("properties", {}).items():
            fields.setdefault(name, node)
    for name, node in fields.items():
        if name in values:
            continue
        node = walker.resolve(node)
        lines.append("")
        # Descriptions are "## " so that toggling the comments of a whole block in an editor
        # uncomments the fields and leaves the descriptions as comments.
        description = str(node.get("description", ""))
        lines.extend(textwrap.wrap(description, 97, initial_indent="## ", subsequent_indent="## "))
        lines.extend("# " + line for line in _skeleton(walker, name, node, 0))
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    """A plain scalar when this project's loader reads it back unchanged, else quoted; with
    escapes where a character may not be written in YAML as it is (U+FFFE)."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 _.,()/-]*", value) and not re.fullmatch(
        r"(?i)true|false|null|~|[-+]?[0-9_.]+(e[-+]?[0-9]+)?|[-+]?0x[0-9a-f_]+|[-+]?0o[0-7_]+|[-+]?0b[01_]+",
        value,
    ):
        return value
    return json.dumps(value, ensure_ascii=bool(_NOT_PRINTABLE.search(value)))


_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""What YAML does not allow written as it is (PyYAML's reader refuses it)."""


def _placeholder(node: Mapping[str, Any]) -> tuple[str, str]:
    """A value that parses as the right type, and a comment saying what is expected."""
    if "enum" in node:
        choices = [str(v) for v in node["enum"]]
        shown = " | ".join(choices[:8]) + (" | ..." if len(choices) > 8 else "")
        return yaml.safe_dump(choices[0]).split("\n")[0], shown
    kind = node.get("type")
    if node.get("format") == "date":
        return '"YYYY-MM-DD"', "a date"
    if node.get("x-kind", "").startswith("due"):
        return '"YYYY-MM-DD"', "a day, or a month (2026-03), a quarter (2026-Q1), a half (2026-H1)"
    if node.get("x-kind", "").startswith("moment"):
        return '"YYYY-MM-DD HH:MM"', "a time as written: 14:02 UTC, ~07:15 PST, 07:01-07:15"
    if node.get("x-kind", "").startswith("figure"):
        return "0", "a number, or as written: about 80%, 40-50%, >5 million"
    if kind == "boolean":
        return "false", "true or false"
    if kind in ("integer", "number") or kind == ["number", "string"]:
        return "0", "a number"
    return '""', ""


def _skeleton(walker: SchemaWalker, name: str, node: Mapping[str, Any], depth: int) -> list[str]:
    pad = "  " * depth
    resolved = walker.resolve(node)
    figure = any(
        "x-kind" in walker.resolve(option) for option in resolved.get("anyOf", [])
    ) and any(option.get("type") in ("integer", "number") for option in resolved["anyOf"])
    if "x-kind" in resolved or figure:  # a moment, a figure, a due period: text, one line
        as_text = dict(resolved, **{"x-kind": resolved.get("x-kind", "figure")})
        value, hint = _placeholder(as_text)
        return [f"{pad}{name}: {value}  # {resolved.get('title', name)}: {hint}"]
    node = walker.object_branch(node)
    kind = node.get("type")
    title = node.get("title", name)
    if kind == "object" and "properties" in node:
        out = [f"{pad}{name}:"]
        for child_name, child in node["properties"].items():
            out += _skeleton(walker, child_name, child, depth + 1)
        return out
    if kind == "array":
        items = walker.object_branch(node.get("items", {}))
        if items.get("type") == "object" and "properties" in items:
            out = [f"{pad}{name}:  # {title}"]
            first = True
            for child_name, child in items["properties"].items():
                lines = _skeleton(walker, child_name, child, depth + 2)
                if first:
                    lines[0] = f"{pad}  - " + lines[0].lstrip()
                    first = False
                out += lines
            return out
        value, hint = _placeholder(items)
        return [f"{pad}{name}: [{value}]  # {title}{': ' + hint if hint else ''}"]
    value, hint = _placeholder(node)
    return [f"{pad}{name}: {value}  # {title}{': ' + hint if hint else ''}"]
