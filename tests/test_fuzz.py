"""Fuzzing: the pipeline and the CLI on arbitrary text and arbitrary bytes.

Each ``check_*`` function takes one input and asserts what must hold for *any* input:
nothing raises, exit codes are 0/1, the output is made of the input, JSONL keeps one output
line per input line (``--on-error keep``) and bad lines come back byte for byte. The tests
below feed them with hypothesis; ``benchmarks/fuzz.py`` feeds them for longer (with
hypothesis, or with atheris when it is installed).

In CI each test runs ``CLEANTEXT_FUZZ_EXAMPLES`` examples (default 60); for a longer run::

    CLEANTEXT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py
    python benchmarks/fuzz.py --minutes 10
"""

from __future__ import annotations

import codecs
import json
import os
from typing import Any

from cli_runner import invoke_cli
from click.testing import Result
from conftest import assert_made_of_input
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from cleantext import Pipeline
from cleantext import decoding as _decoding
from cleantext.errors import InputError
from cleantext.runner import BAD_RECORD_KINDS

EXAMPLES = int(os.environ.get("CLEANTEXT_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
DEFAULT = Pipeline.default()
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _clean(*args: str, data: bytes) -> Result:
    return invoke_cli("clean", *args, input=data)


# --- checks ----------------------------------------------------------------------------------------------


def check_pipeline(text: str) -> None:
    """The default pipeline on any text: no exception, well-formed output made of the input."""
    result = DEFAULT.run(text)
    out = result.text
    assert out == DEFAULT.clean(text)
    if out:
        assert out.endswith("\n") and not out.startswith("\n") and "\n\n\n" not in out
    assert_made_of_input(out, text, DEFAULT)
    for r in result.removed:
        assert result.source[r.start : r.end] == r.text


def _decoded(data: bytes) -> str | None:
    """What the CLI should decode ``data`` to (default options), or None for binary input."""
    try:
        return _decoding.decode(data, "<stdin>")
    except InputError:
        return None


def check_cli_text(data: bytes) -> None:
    """``cleantext clean --format text`` on any bytes as a text document (without the flag,
    stdin starting with ``{`` is read as JSONL: ``check_cli_jsonl``'s case)."""
    result = _clean("--format", "text", data=data)
    text = _decoded(data)
    if text is None:
        assert result.exit_code == 1, result.stderr
        assert result.stdout_bytes == b""
        assert "binary file" in result.stderr and "<stdin>" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    assert result.stdout == DEFAULT.clean(text)
    for line in result.stderr.splitlines():
        assert line.startswith(("cleantext: warning: <stdin>: invalid ", "cleantext: summary: ")), line


def _input_lines(data: bytes) -> list[bytes]:
    """The JSONL lines of ``data`` as the CLI sees them: split at \\n, without \\r\\n, BOM dropped.

    A \\r ends a line only before \\n: an unterminated last line is taken as it is.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if not data:
        return []
    lines = data.split(b"\n")
    last = lines.pop()
    lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
    return [*lines, last] if last else lines


def _text_of(raw: bytes) -> str | None:
    """The ``text`` of a good record line (strict UTF-8), else None."""
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return obj["text"]
    return None


def check_cli_jsonl(data: bytes, jobs: str = "1") -> None:
    """``cleantext clean --format jsonl --errors strict --on-error keep`` on any bytes.

    Binary input fails; anything else gives exactly one output line per input line, in
    order: good records cleaned, every other line byte for byte as it came.
    """
    if data.startswith(_WIDE_BOMS):
        return  # UTF-16/32 input: checked by test_bad_input.py
    args = ["--format", "jsonl", "--errors", "strict", "--on-error", "keep", "--jobs", jobs]
    result = _clean(*args, data=data)
    body = data.removeprefix(codecs.BOM_UTF8)
    if _decoding.binary_reason(body, "utf-8") is not None or b"\x00" in body:
        assert result.exit_code == 1, result.stderr
        assert "binary file" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    lines = _input_lines(data)
    out = result.stdout_bytes.split(b"\n")
    assert out.pop() == b""
    assert len(out) == len(lines), "one output line per input line"
    for raw, got in zip(lines, out, strict=True):
        text = _text_of(raw)
        if text is None or not raw.strip():
            assert got == raw, "a bad or blank line comes back unchanged"
        else:
            assert json.loads(got)["text"] == DEFAULT.clean(text)
    counts = _summary(result.stderr) or {"records": len([x for x in lines if x.strip()]), "blank": 0}
    bad = sum(counts.get(k, 0) for k in BAD_RECORD_KINDS)
    assert counts.get("internal_error", 0) == 0, result.stderr
    assert counts.get("kept_unchanged", 0) == bad
    if _summary(result.stderr):
        assert counts["records"] + counts["blank"] + counts["kept_unchanged"] == len(lines)


def _summary(stderr: str) -> dict[str, int]:
    for line in stderr.splitlines():
        if line.startswith("cleantext: summary: "):
            return {k: int(v) for k, v in (x.split("=") for x in line.split()[2:])}
    return {}


# --- strategies ------------------------------------------------------------------------------------------

_PIECES = [
    "Advertisement",
    "spot_img",
    "Latest News",
    "Share this:",
    "Kristina Kormilitsyna / AP",
    "Photo by A",
    "(AP Photo/Evan Vucci)",
    "Tuesday, December 2, 2025",
    "26.7 C",
    "© 2025",
    "donâ€™t",
    "The council approved the new budget after a long debate on Monday.",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\x85",
    "-",
    "(",
    "|",
]
TEXTS = st.one_of(
    st.text(),
    st.text(st.characters(codec=None, categories=None)),  # surrogates and controls too
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=30).map("".join),
)

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    """Lines of JSONL, some good, some bad in every way, some not even UTF-8."""
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["good", "good", "json", "object", "garbage", "bytes", "blank"]))
        if kind == "good":
            obj: Any = {"id": draw(st.integers()), "text": draw(TEXTS.filter(lambda t: "\x00" not in t))}
            line = json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
        elif kind == "json":
            line = json.dumps(draw(_JSON)).encode()
        elif kind == "object":
            line = json.dumps({"text": draw(_JSON), "other": draw(_JSON)}).encode()
        elif kind == "garbage":
            line = draw(st.text(max_size=30)).encode("utf-8", "surrogatepass")
        elif kind == "bytes":
            line = draw(st.binary(max_size=30))
        else:
            line = draw(st.sampled_from([b"", b" ", b"\t", b"\r"]))
        lines.append(line.replace(b"\n", b" "))
    end = draw(st.sampled_from([b"\n", b"\r\n", b""]))
    return draw(st.sampled_from([b"", codecs.BOM_UTF8])) + b"\n".join(lines) + (end if lines else b"")


# --- tests -----------------------------------------------------------------------------------------------


@FUZZ
@given(text=TEXTS)
def test_fuzz_pipeline(text: str) -> None:
    check_pipeline(text)


@FUZZ
@given(data=st.one_of(st.binary(), TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass"))))
@example(data=b"{")  # text that looks like JSONL to --format auto
def test_fuzz_cli_text_bytes(data: bytes) -> None:
    check_cli_text(data)


@FUZZ
@given(data=st.one_of(jsonl_bytes(), st.binary()))
def test_fuzz_cli_jsonl_bytes(data: bytes) -> None:
    check_cli_jsonl(data)


@settings(max_examples=max(3, EXAMPLES // 20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=jsonl_bytes())
def test_fuzz_cli_jsonl_bytes_with_jobs(data: bytes) -> None:
    assume(data.strip())
    check_cli_jsonl(data, jobs="2")


@FUZZ
@given(
    text=st.text(st.characters(codec="utf-8")),
    encoding=st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252"]),
)
def test_fuzz_encodings_round_trip(text: str, encoding: str) -> None:
    """Text in any supported encoding decodes to itself (BOM-marked, or named with --encoding)."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
        return
    assume("\x00" not in text)
    assume(_decoding.binary_reason(data, encoding) is None)
    bom_marked = encoding in ("utf-8-sig", "utf-16", "utf-32")
    if not bom_marked:  # text that happens to start with a BOM's bytes is read as that BOM
        assume(_decoding.sniff_bom(data) == (0, None))
    name = "utf-8" if bom_marked else encoding
    assert _decoding.decode(data, "x", encoding=name, errors="strict") == text
