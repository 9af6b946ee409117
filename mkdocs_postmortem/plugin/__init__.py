"""The MkDocs front end: the plugin's options (``options``) and the event wiring
(``mkdocs_plugin``). The only subpackage that MkDocs is imported by, besides the command
line reading ``mkdocs.yml``."""
