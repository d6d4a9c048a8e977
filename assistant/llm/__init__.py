"""The LLM agent path: a LangChain agent on an OpenAI-compatible model, grounded in the semantic layer.

Nothing here is imported on the offline path; `langchain` is imported only inside the functions
that build and run the agent.
"""
