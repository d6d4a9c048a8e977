"""The one loader of words.yml: the planner's cue words, stopwords and inflections.

Kept apart from lexicon.py so that text.py (which lexicon.py imports) can read the inflection
lists without an import cycle.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

WORDS_FILE = Path(__file__).with_name("words.yml")


@cache
def words_file() -> dict[str, Any]:
    with WORDS_FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded
