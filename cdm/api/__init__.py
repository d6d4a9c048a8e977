"""The HTTP API (`cdm api`): the governed answers of the chat and the CLI for other software.

`operations` turns each request into the same `Answer` the CLI prints with `--json` (the MCP
server reuses it); `gate` authenticates, limits and audits every request; `app` has the routes.
"""
