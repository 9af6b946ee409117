"""What the archive shows across incidents: the index every page reads (``index``), relations
and families, taxonomies, response-time metrics, the action-item ledger, similar incidents, the
changes of a pull request, period comparisons with their intervals (``comparisons``) and what
became of an incident's follow-ups when it recurred (``follow_ups``). Built from the core's
incidents; nothing here renders."""
