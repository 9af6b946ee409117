"""Incident postmortems as YAML, validated and published as a searchable MkDocs archive."""

__version__ = "0.1.0"
"""The package's version, written here only: the wheel's metadata (pyproject.toml reads it),
``mkdocs-postmortem --version`` and the generator of incidents.json read it from here."""
