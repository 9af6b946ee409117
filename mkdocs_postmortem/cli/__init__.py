"""The command line front end: ``validate``, ``new``, ``render``, ``index`` and ``schema``
(``commands``), with what every command starts from (``usage``) and the paths ``validate`` is
given (``validate_paths``); reading ``mkdocs.yml`` as MkDocs does (``project``, ``config_file``),
problem formats (``formats``) and new postmortem files (``scaffold``)."""
