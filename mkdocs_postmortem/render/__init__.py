"""The archive's pages and files: page addresses and links (``addresses``), Markdown pages from
overridable Jinja templates (``pages``) with HTML fragments spliced in (``fragments``), escaping
of untrusted text (``markdown_text``), charts, exports, and the tree of files that
``mkdocs-postmortem render`` writes (``tree``)."""
