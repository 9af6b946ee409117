"""The MkDocs front end: the plugin's options (``options``), the event wiring
(``mkdocs_plugin``) and what it holds for MkDocs between events (``holding``). The only
subpackage that MkDocs is imported by, besides the command line reading ``mkdocs.yml``."""
