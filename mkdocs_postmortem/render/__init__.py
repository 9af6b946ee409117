"""The archive's pages and files: page addresses and links (``addresses``), every page as HTML
from overridable, autoescaped Jinja templates (``pages``, the renderer; ``templating``, the
environment; ``index_pages``, which index pages there are) with its headings placed by
``outline``, free text converted with the site's Markdown extensions (``text_html``), charts,
exports and the other files (``assets``), and the tree of files that ``mkdocs-postmortem
render`` writes (``tree``)."""
