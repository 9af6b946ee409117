"""What the archive shows across incidents: the index every page reads (``index``), relations
and families, taxonomies, response-time metrics, the action-item ledger, similar incidents, the
changes of a pull request, period comparisons with their intervals (``comparisons``, and
``shares`` for proportions), what became of an incident's follow-ups when it recurred
(``follow_ups``), how follow-ups are done (``follow_through``), and every statement of the
Patterns page (``patterns``). Built from the core's incidents; nothing here renders."""
