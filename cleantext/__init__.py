"""cleantext: turn scraped web text into clean article body text.

>>> import cleantext
>>> cleantext.clean("Skip to content\\n\\nThe council approved the budget on Tuesday.\\n\\nShare this:\\n")
'The council approved the budget on Tuesday.\\n'
"""

from __future__ import annotations

from cleantext import filters, rules
from cleantext.document import Block, Document, Removal, Verdict
from cleantext.pipeline import Pipeline, Result, check_text

__all__ = ["Block", "Document", "Pipeline", "Removal", "Result", "Verdict", "clean", "filters", "rules", "run"]
__version__ = "0.1.0"

_DEFAULT: dict[str, Pipeline] = {}


def _default(preset: filters.Preset) -> Pipeline:
    pipe = _DEFAULT.get(preset)
    if pipe is None:
        pipe = _DEFAULT[preset] = Pipeline.default(preset)
    return pipe


def clean(text: str, preset: filters.Preset = "balanced") -> str:
    """Clean ``text`` (a ``str``) with the default pipeline for ``preset``.

    >>> clean(None)
    Traceback (most recent call last):
    TypeError: cleantext.clean() needs a str, got None; fill missing values first, e.g. df["text"].fillna("")
    """
    check_text(text, "cleantext.clean()")
    return _default(preset).clean(text)


def run(text: str, preset: filters.Preset = "balanced") -> Result:
    """Clean ``text`` with the default pipeline and explain every removal."""
    check_text(text, "cleantext.run()")
    return _default(preset).run(text)
