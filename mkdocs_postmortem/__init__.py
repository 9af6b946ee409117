"""Incident postmortems as YAML, validated and published as a searchable MkDocs archive."""

__version__ = "0.1.0"
