"""The command line front end: ``validate``, ``new``, ``schema`` and ``render`` (``commands``),
reading ``mkdocs.yml`` as MkDocs does (``project``), problem formats (``formats``) and new
postmortem files (``scaffold``)."""
