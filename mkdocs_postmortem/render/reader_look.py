"""How the pages look in Backstage TechDocs, whose reader keeps none of the plugin's stylesheets
or scripts: it sanitises each page (DOMPurify, ``<style>`` forbidden) and keeps only Material's
main stylesheet (backstage/backstage#13636). What it keeps are ``style`` attributes, inline SVG
and the classes Material's main stylesheet styles, so a site built for TechDocs says the
little that matters (a badge's colour, the key facts' box) in ``style`` attributes, and links
to the archive's files as downloads, which the reader sends to its storage instead of routing
them as pages. In any other build every attribute here is empty: the pages are as before.
The colours come from ``severity_look``; this module only says how they are written."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .severity_look import COLOURS, SeverityLook

BADGE = (
    "display:inline-block;padding:0 .5em;border-radius:.25em;font-size:.75em;"
    "font-weight:700;line-height:1.6;white-space:nowrap"
)
"""The shape of every badge (``.pm-badge`` of the stylesheet)."""

NEUTRAL = "background-color:rgba(127,127,127,.18);color:inherit"
"""A badge that is not a severity (a status, an action item's state): a tint that reads on a
light and a dark page alike."""

KEY_FACTS = (
    "margin:0 0 2em;padding:1em 1.25em .9em;border:1px solid rgba(127,127,127,.35);"
    "border-radius:.4em"
)
"""The box around an incident's key facts."""

CHIP = (
    "display:inline-block;margin:.1em 0;padding:0 .65em;border:1px solid rgba(127,127,127,.35);"
    "border-radius:1em;font-size:.8em;line-height:1.7;text-decoration:none"
)
"""A value linked to its index page (``.pm-chip``): each service, tag or category apart, where
unstyled they run together ("checkout payments-api" reads as one)."""

ROW = "display:flex;flex-wrap:wrap;gap:0 .5em;list-style:none;margin-left:0;padding:0"


def _style(css: str) -> Markup:
    return Markup(' style="{}"').format(escape(css))


@dataclass(frozen=True)
class ReaderLook:
    """The attributes a template adds for the reader; all empty unless ``inline``."""

    inline: bool = False
    """The site is built for TechDocs (``techdocs-core`` among its plugins)."""

    def severity(self, look: SeverityLook) -> Markup:
        """A severity badge's colour, as the stylesheet gives it (``severity_look``)."""
        if not self.inline:
            return Markup("")
        if look.unrated:
            return _style(f"{BADGE};font-weight:400;box-shadow:inset 0 0 0 1px currentcolor")
        return _style(f"{BADGE};background-color:{look.colour};color:{look.text}")

    def badge(self) -> Markup:
        """Any other badge: its shape and a neutral tint."""
        return _style(f"{BADGE};{NEUTRAL}") if self.inline else Markup("")

    def alarm(self) -> Markup:
        """An overdue mark: white on the colour of the most severe level."""
        return (
            _style(f"{BADGE};background-color:{COLOURS[0]};color:#fff")
            if self.inline
            else Markup("")
        )

    def chip(self) -> Markup:
        return _style(CHIP) if self.inline else Markup("")

    def key_facts(self) -> Markup:
        return _style(KEY_FACTS) if self.inline else Markup("")

    def row(self) -> Markup:
        """A short list read across, as the stylesheet lays out TTD, TTA, TTM and TTR."""
        return _style(ROW) if self.inline else Markup("")

    def download(self) -> Markup:
        """On a link to a file of the archive (a CSV, JSON, feed): the reader rewrites such a
        link to the file in its storage and lets the browser fetch it, where it would route
        any other link as a page of the docs (a "page not found")."""
        return Markup(" download") if self.inline else Markup("")


PLAIN = ReaderLook()
TECHDOCS = ReaderLook(inline=True)


def reader_look(techdocs: bool) -> ReaderLook:
    return TECHDOCS if techdocs else PLAIN
