"""``python -m mkdocs_postmortem.cli``."""

from .commands import main

main()
