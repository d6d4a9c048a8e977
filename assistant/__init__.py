"""From a question to a governed answer: offline planner and LLM agent."""
