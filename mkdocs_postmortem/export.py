"""incidents.json: every published incident in normalized form, for other tools."""

from __future__ import annotations

import json
from datetime import timezone

from . import __version__
from .archive import Archive
from .schema import SCHEMA_VERSION


def incidents_json(archive: Archive, page_url: dict[str, str]) -> str:
    """``page_url`` maps an incident slug to its site-relative URL."""
    incidents = []
    for incident in archive.incidents:
        family = archive.family_of.get(incident.slug)
        incidents.append(
            {
                "id": incident.id,
                "url": page_url[incident.slug],
                "source": incident.source,
                "severity": {
                    "id": incident.severity.id,
                    "label": incident.severity.label,
                    "rank": incident.severity.rank,
                    "written": incident.data["severity"],
                },
                "timestamps_utc": {
                    key: value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
                    for key, value in sorted(incident.timestamps.items())
                },
                "durations_seconds": {
                    key: int(value.total_seconds())
                    for key, value in sorted(incident.durations.items())
                },
                "relations": [
                    {
                        "id": link.other_id,
                        "relation": link.type if link.declared_here else link.label,
                        "declared_here": link.declared_here,
                        "published": link.other is not None,
                    }
                    for link in archive.links.get(incident.slug, [])
                ],
                "family": family.key if family else None,
                "data": incident.data,
            }
        )
    head = {
        "format": "mkdocs-postmortem incidents",
        "schema_version": SCHEMA_VERSION,
        "generator": f"mkdocs-postmortem {__version__}",
    }
    # One incident per line: readable in a diff, and written by json's C encoder (an indented
    # document goes through its pure-Python one, several times slower).
    lines = [json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in incidents]
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "incidents": [\n'
    return opening + ",\n".join(lines) + "\n]}\n"
