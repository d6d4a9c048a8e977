"""Which model endpoint the agent talks to, read once from the declared settings.

The agent is on only when a model is named AND there is somewhere to send it (a key for OpenAI, or
a base URL for vLLM, Ollama or llama.cpp); otherwise the offline planner answers everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.errors import CdmError
from data.settings import setting

# A local OpenAI-compatible server needs some key in the header; it is never sent to OpenAI itself.
PLACEHOLDER_KEY = "not-needed"


@dataclass(frozen=True)
class LlmSettings:
    model: str = ""
    base_url: str = ""
    api_key: str = ""
    timeout: float = 30.0
    streaming: bool = True
    max_retries: int = 1
    max_steps: int = 12

    @property
    def enabled(self) -> bool:
        return bool(self.model) and bool(self.api_key or self.base_url)

    @property
    def engine(self) -> str:
        return f"llm:{self.model}"

    def key(self) -> str:
        return self.api_key or PLACEHOLDER_KEY


def _timeout(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError as error:
        raise CdmError(f"CDM_LLM_TIMEOUT must be a number of seconds, not {raw!r}") from error
    if value <= 0:
        raise CdmError(f"CDM_LLM_TIMEOUT must be positive, not {raw!r}")
    return value


def load_llm_settings() -> LlmSettings:
    """The settings in force now (read on each call so a test or the UI can change the environment)."""
    return LlmSettings(
        model=setting("CDM_LLM_MODEL").strip(),
        base_url=setting("CDM_LLM_BASE_URL").strip(),
        api_key=setting("OPENAI_API_KEY").strip(),
        timeout=_timeout(setting("CDM_LLM_TIMEOUT")),
    )


def llm_enabled() -> bool:
    """Cheap check for callers choosing an engine: no LangChain import."""
    return load_llm_settings().enabled
