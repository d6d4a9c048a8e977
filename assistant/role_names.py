"""A role as a business user reads it: its code in English ("regional_manager", as the policies
name it), its label in another language ("区域经理", `role_<code>` in templates/<language>.yml).
A role without a label is shown by its code."""

from __future__ import annotations

from assistant.templates import phrase


def role_label(role: str, language: str = "en") -> str:
    if language == "en":
        return role
    try:
        return phrase(language, f"role_{role}")
    except KeyError:
        return role
