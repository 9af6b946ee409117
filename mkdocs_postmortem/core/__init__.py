"""The core of the archive, one module per stage of a postmortem file: ``discover`` (which files),
``read`` (safe YAML), ``validate`` (schema and shape), ``values`` (its moments and figures read),
``model`` (the incident), with ``load`` running those stages for one file and ``cross_file`` the
rules between files.

Nothing here imports MkDocs: the plugin, the command line and any other front end call the
same code, so every check is made one way only.
"""
