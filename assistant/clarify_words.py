"""A clarification's options in the reply language.

The planner labels an option "Units sold: Units on lines of non-cancelled orders, …" from the
catalog's English label and description. For another language an option that names a catalog item
(its `value`) is labelled with that item's label in the language (the catalog's descriptions are
English only, so the description is left out rather than shown in English); other options stay.
The question's message names the same items by their English labels when the planner's reason
parts carry labels rather than names; `message_in` puts the language's labels in their place.
"""

from __future__ import annotations

from assistant.answer import ClarificationOption
from assistant.resources import Resources


def options_in(
    options: tuple[ClarificationOption, ...], resources: Resources, language: str
) -> tuple[ClarificationOption, ...]:
    if language == "en":
        return options
    labels = resources.labels(language)
    known = {*resources.catalog.metrics, *resources.catalog.dimensions}
    return tuple(
        option.model_copy(update={"label": labels.column(option.value)}) if option.value in known else option
        for option in options
    )


def message_in(message: str, options: tuple[ClarificationOption, ...], resources: Resources, language: str) -> str:
    """The clarification's message with the options' English labels in the reply language."""
    if language == "en":
        return message
    english, shown = resources.labels("en"), resources.labels(language)
    known = {*resources.catalog.metrics, *resources.catalog.dimensions}
    for option in (o for o in options if o.value in known):
        message = message.replace(english.column(option.value), shown.column(option.value))
    return message
