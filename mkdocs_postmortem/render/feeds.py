"""Atom feeds of the published postmortems (``feed.xml``, and one per severity level in
``feeds/``): how a team hears of a new postmortem in its chat. The XML is feedgen's; what
goes into it is decided here. Every date comes from the postmortems, so the same archive
gives the same bytes."""

from __future__ import annotations

import posixpath
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator

from .. import __version__
from ..core.model import Incident
from ..core.scale import Level
from ..insights.index import ArchiveIndex
from ..insights.metrics import counts
from .addresses import Paths, page_url

ENTRIES = 50
"""The newest postmortems a feed holds: a reader polls it, and 10,000 entries would be
megabytes fetched every few minutes for the sake of the first few."""

SUMMARY_LIMIT = 1000
"""Characters of the summary an entry carries: the page has the rest."""

EMPTY = datetime(1970, 1, 1, tzinfo=timezone.utc)
"""The ``updated`` of a feed without entries: Atom needs one, and the build's day would make
two builds differ."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (a YAML escape such as ``"\\x01"`` can write them)."""

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Feed:
    """One feed: where it is written, its title and the incidents it may list."""

    src_uri: str
    title: str
    incidents: list[Incident]
    alternate: str
    """The page the feed stands for (the archive home, a severity page)."""


def stated_days(incident: Incident) -> list[str]:
    """Every day the postmortem states as a date: its ``date``, the report's
    ``source.published``, ``document.completed``, ``follow_up.status_as_of``, each action
    item's ``status_as_of`` and ``completed``, each approval's ``date`` and each
    ``revision_history`` entry's ``date``."""
    d = incident.data
    found = [d.get("date")]
    for section, key in (("source", "published"), ("document", "completed")):
        found.append(_get(d, section, key))
    found.append(_get(d, "follow_up", "status_as_of"))
    for listed, keys in (
        ("action_items", ("status_as_of", "completed")),
        ("approvals", ("date",)),
        ("revision_history", ("date",)),
    ):
        for item in d.get(listed) or []:
            if isinstance(item, dict):
                found.extend(item.get(key) for key in keys)
    return [day for day in found if isinstance(day, str) and _is_day(day)]


def _get(data: dict[str, Any], section: str, key: str) -> object:
    value = data.get(section)
    return value.get(key) if isinstance(value, dict) else None


def _is_day(text: str) -> bool:
    if not _DAY.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def updated(incident: Incident) -> datetime:
    """The entry's ``updated``: the latest day the postmortem states (``stated_days``), at
    00:00 UTC. An edit that states a new day (a revision, a status review, an item done)
    moves it; one that states none (a typo fixed) does not, as nothing else in the file says
    when it was edited."""
    return _midnight(max(stated_days(incident), default=incident.date))


def published(incident: Incident) -> datetime:
    """The day the postmortem was first available: the report's ``source.published``, else
    ``document.completed``, else the incident's ``date``."""
    d = incident.data
    for day in (_get(d, "source", "published"), _get(d, "document", "completed")):
        if isinstance(day, str) and _is_day(day):
            return _midnight(day)
    return _midnight(incident.date)


def _midnight(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), timezone.utc)


def entry_id(site_url: str, prefix: str, incident: Incident) -> str:
    """A name-based UUID of the site, the prefix and the incident's id: the same across edits
    and URL styles, so a reader never shows an edited postmortem twice."""
    name = f"mkdocs-postmortem:{site_url}:{prefix}:incident:{incident.id}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def archive_feeds(paths: Paths, archive: ArchiveIndex) -> list[Feed]:
    """The archive's feed, then one per level of the scale (each written, even empty, so its
    address holds), then the unrated group's when there is one."""
    feeds = [Feed(paths.feed, "Postmortems", archive.incidents, paths.home)]
    for level in archive.levels:
        feeds.append(_level_feed(paths, level, archive.by_severity.get(level.id, [])))
    if archive.unrated:
        unrated = archive.unrated_level
        feeds.append(
            Feed(
                paths.level_feed(unrated), "Postmortems: not rated", archive.unrated, paths.unrated
            )
        )
    return feeds


def _level_feed(paths: Paths, level: Level, incidents: list[Incident]) -> Feed:
    label = level.id if level.label == level.id else f"{level.id} ({level.label})"
    return Feed(paths.level_feed(level), f"Postmortems: {label}", incidents, paths.severity(level))


def feed_xml(feed: Feed, paths: Paths, archive: ArchiveIndex) -> str:
    """The feed as Atom: its newest ``ENTRIES`` postmortems (exercises only when the team
    counts them), newest first. Links are absolute with ``site_url``, otherwise relative to
    the feed's own address, which is what an Atom reader resolves them against."""
    settings = archive.settings
    shown = [i for i in feed.incidents if counts(settings, i)][:ENTRIES]
    link = _Links(feed.src_uri, settings.site_url, settings.directory_urls)
    fg = FeedGenerator()
    fg.id(_feed_id(settings.site_url, feed.src_uri))
    fg.title(_text(feed.title))
    fg.author({"name": "Postmortem archive"})
    fg.link(href=link.to_file(feed.src_uri), rel="self", type="application/atom+xml")
    fg.link(href=link.to_page(feed.alternate), rel="alternate", type="text/html")
    fg.generator("mkdocs-postmortem", version=__version__)
    fg.updated(max((updated(i) for i in shown), default=EMPTY))
    for incident in shown:
        entry = fg.add_entry(order="append")
        entry.id(entry_id(settings.site_url, settings.prefix, incident))
        entry.title(_text(f"{incident.id}: {incident.title}"))
        entry.register_extension("postmortem_link", _AlternateHtml, atom=True, rss=False)
        entry.link(href=link.to_page(paths.incident(incident)), rel="alternate", type="text/html")
        entry.updated(updated(incident))
        entry.published(published(incident))
        entry.summary(summary_text(incident), type="text")
        entry.category(term=_text(incident.severity.id), label=_text(incident.severity.label))
        for service in dict.fromkeys(incident.services):
            entry.category(term=_text(service), label=_text(f"service: {service}"))
    xml: bytes = fg.atom_str(pretty=True)
    return xml.decode("utf-8")


def summary_text(incident: Incident) -> str:
    """Plain text, never markup: the date, the severity, the services and the summary as
    written (its Markdown left as text; a reader shows it literally)."""
    severity = incident.severity
    lines = [
        f"Date: {incident.date}",
        f"Severity: {severity.id}"
        + (f" ({severity.label})" if severity.label != severity.id else ""),
    ]
    if incident.exercise:
        lines.append(f"Exercise: {incident.exercise_label}")
    if incident.services:
        lines.append("Services: " + ", ".join(dict.fromkeys(incident.services)))
    summary = "\n".join(
        line.rstrip() for line in str(incident.data["summary"]).strip().splitlines()
    )
    if len(summary) > SUMMARY_LIMIT:
        summary = summary[: SUMMARY_LIMIT - 1].rstrip() + "…"
    return _text("\n".join(lines) + "\n\n" + summary)


def _text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _feed_id(site_url: str, src_uri: str) -> str:
    name = f"mkdocs-postmortem:{site_url}:feed:{src_uri}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


class _AlternateHtml(BaseEntryExtension):  # type: ignore[misc]
    """Writes the ``rel`` and ``type`` of an entry's link, which feedgen 1.0 drops (its entry
    writer reads them from the ``<link>`` element it has just made, not from the link given).
    An entry's one link is its page, so it is ``alternate`` and ``text/html``; were feedgen
    to write them, this writes the same values again."""

    def extend_atom(self, entry: Any) -> Any:
        for element in entry.iterchildren("link", "{http://www.w3.org/2005/Atom}link"):
            element.set("rel", "alternate")
            element.set("type", "text/html")
        return entry


class _Links:
    """Links written in a feed: absolute under ``site_url``, else relative to the feed's file."""

    def __init__(self, feed_src: str, site_url: str, directory_urls: bool) -> None:
        self.folder = posixpath.dirname(feed_src)
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.directory_urls = directory_urls

    def to_page(self, src: str) -> str:
        return self._url(page_url(src, self.directory_urls))

    def to_file(self, src: str) -> str:
        return self._url(src)

    def _url(self, site_path: str) -> str:
        if self.site_url:
            return self.site_url + site_path.removeprefix("./")
        rel = posixpath.relpath(site_path, self.folder or ".")
        if site_path.endswith("/"):
            return "./" if rel == "." else rel + "/"
        return rel


def feed_files(paths: Paths, archive: ArchiveIndex) -> Iterable[tuple[str, str]]:
    """Each feed's path and text, in ``archive_feeds``' order."""
    for feed in archive_feeds(paths, archive):
        yield feed.src_uri, feed_xml(feed, paths, archive)
