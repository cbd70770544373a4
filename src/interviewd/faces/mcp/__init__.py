"""The agents' face: MCP tools modelled on Kula's interview tools (seed 002)."""
