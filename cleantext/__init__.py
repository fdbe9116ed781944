"""cleantext: turn scraped web text into clean article body text.

>>> import cleantext
>>> cleantext.clean("Skip to content\\n\\nThe council approved the budget on Tuesday.\\n\\nShare this:\\n")
'The council approved the budget on Tuesday.\\n'
"""

from __future__ import annotations

from cleantext import filters
from cleantext.document import Block, Document, Removal
from cleantext.pipeline import Pipeline, Result

__all__ = ["Block", "Document", "Pipeline", "Removal", "Result", "clean", "filters", "run"]
__version__ = "0.1.0"

_DEFAULT: dict[str, Pipeline] = {}


def _default(preset: filters.Preset) -> Pipeline:
    pipe = _DEFAULT.get(preset)
    if pipe is None:
        pipe = _DEFAULT[preset] = Pipeline.default(preset)
    return pipe


def clean(text: str, preset: filters.Preset = "balanced") -> str:
    """Clean ``text`` with the default pipeline for ``preset``."""
    return _default(preset).clean(text)


def run(text: str, preset: filters.Preset = "balanced") -> Result:
    """Clean ``text`` with the default pipeline and explain every removal."""
    return _default(preset).run(text)
