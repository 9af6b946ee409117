"""What the archive shows across incidents: the index every page reads (``index``), relations
and families, taxonomies, response-time metrics, the action-item ledger, similar incidents, and
the changes of a pull request. Built from the core's incidents; nothing here renders."""
