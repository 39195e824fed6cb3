"""Answer: the plan (follow-ups, scope, the abstain gates), the extractive answer, and the
generative backends (LangChain chat models, prompts as data)."""
