"""Participatory budgeting: a moderator runs a budget for an area through phases (collect ideas,
review and cost, vote, results); residents vote on items drawn from ideas and proposals under
rules the server enforces (engagement.budgeting); results are counted two ways and explained, and
the winners become actions on the ideas and proposals they came from."""
