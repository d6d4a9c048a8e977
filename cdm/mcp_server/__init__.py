"""The MCP server (`cdm mcp`): the governed answers as Model Context Protocol tools.

Tools run the same operations as the HTTP API (`cdm.api.operations`) as the user bound to the
server's token, and hand back their results as quoted, untrusted data (the LLM agent's escaping).
"""
