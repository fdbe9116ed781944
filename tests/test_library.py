"""The library's guard rails: wrong argument types get a clear TypeError naming the function."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

import cleantext


@pytest.mark.parametrize("bad", [None, math.nan, 3, b"bytes"])
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (cleantext.clean, "cleantext.clean()"),
        (cleantext.run, "cleantext.run()"),
        (lambda t: cleantext.Pipeline.default().clean(t), "Pipeline.clean()"),
        (lambda t: cleantext.Pipeline.default().run(t), "Pipeline.run()"),
    ],
)
def test_non_text_is_a_type_error_naming_the_function(call, name: str, bad: object) -> None:
    with pytest.raises(TypeError, match=r"needs a str") as info:
        call(bad)
    assert str(info.value).startswith(name)


def test_nan_and_none_get_the_fill_hint() -> None:
    for bad, got in ((None, "got None"), (math.nan, "got NaN")):
        with pytest.raises(TypeError) as info:
            cleantext.clean(bad)  # type: ignore[arg-type]
        assert got in str(info.value) and "fillna" in str(info.value)


def test_clean_batch_refuses_a_bare_string() -> None:
    with pytest.raises(TypeError, match=r"clean_batch\(\) takes a list of strings, not a str"):
        cleantext.Pipeline.default().clean_batch("one page of text")


def test_clean_batch_names_the_bad_item() -> None:
    with pytest.raises(TypeError, match=r"clean_batch\(\) item 1 needs a str, got None"):
        cleantext.Pipeline.default().clean_batch(["The vote passed on Monday.\n", None])  # type: ignore[list-item]


def test_clean_batch_still_cleans_lists_and_tuples() -> None:
    pipe = cleantext.Pipeline.default()
    texts = ["Advertisement\n\nThe vote passed on Monday after a long debate.\n", ""]
    assert pipe.clean_batch(texts) == pipe.clean_batch(tuple(texts)) == [pipe.clean(t) for t in texts]


def test_rules_module_is_an_attribute_of_the_package() -> None:
    # A fresh interpreter: `import cleantext` alone must make `cleantext.rules` usable.
    code = "import cleantext; print(cleantext.rules.apply.__name__, cleantext.rules.PATTERN_TIMEOUT > 0)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["apply", "True"]
