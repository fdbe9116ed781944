"""Compressed inputs and outputs, chosen by extension (.gz, .bz2, .xz, .zst)."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import sys
from pathlib import Path

import pytest
import zstandard
from cli_runner import invoke_cli

import cleantext
from cleantext import compression

PAGE = "Advertisement\n\nThe council approved the new budget after a long debate on Monday evening.\n"
RECORDS = [{"id": i, "text": PAGE} for i in range(3)]
DATA = "".join(json.dumps(r) + "\n" for r in RECORDS).encode("utf-8")
CLEAN = cleantext.clean(PAGE)

PACK = {
    "gz": gzip.compress,
    "bz2": bz2.compress,
    "xz": lzma.compress,
    "zst": lambda data: zstandard.ZstdCompressor().compress(data),
}
UNPACK = {
    "gz": gzip.decompress,
    "bz2": bz2.decompress,
    "xz": lzma.decompress,
    "zst": lambda data: zstandard.ZstdDecompressor().stream_reader(data).read(),
}


@pytest.mark.parametrize("kind", sorted(PACK))
def test_compressed_jsonl_input_is_read_as_jsonl(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"pages.jsonl.{kind}"
    path.write_bytes(PACK[kind](DATA))
    result = invoke_cli("clean", str(path))
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == [CLEAN] * 3


@pytest.mark.parametrize("kind", sorted(PACK))
def test_compressed_output_by_extension(tmp_path: Path, kind: str) -> None:
    src = tmp_path / "page.txt"
    src.write_text(PAGE, encoding="utf-8")
    out = tmp_path / f"clean.txt.{kind.upper()}"  # any case
    result = invoke_cli("clean", str(src), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert UNPACK[kind](out.read_bytes()).decode("utf-8") == CLEAN
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["page.txt", out.name])  # no temporary left


def test_output_dir_keeps_compressed_names_and_in_place_recompresses(tmp_path: Path) -> None:
    src = tmp_path / "pages.jsonl.gz"
    src.write_bytes(gzip.compress(DATA))
    assert invoke_cli("clean", str(src), "--output-dir", str(tmp_path / "out")).exit_code == 0
    lines = gzip.decompress((tmp_path / "out" / "pages.jsonl.gz").read_bytes()).decode().splitlines()
    assert [json.loads(line)["text"] for line in lines] == [CLEAN] * 3
    assert invoke_cli("clean", str(src), "--in-place").exit_code == 0
    assert gzip.decompress(src.read_bytes()).decode().splitlines() == lines


def test_failed_input_is_rolled_back_in_a_compressed_output(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_bytes(DATA)
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(DATA + b"not json\n")
    out = tmp_path / "out.jsonl.xz"
    result = invoke_cli("clean", str(good), str(bad), str(good), "-o", str(out))
    assert result.exit_code == 1
    assert (
        lzma.decompress(out.read_bytes()).decode().splitlines()
        == [json.dumps({"id": i, "text": CLEAN}) for i in range(3)] * 2
    )


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("bad.jsonl.gz", b"plain text, not gzip\n", "bad.jsonl.gz: not valid .gz data, or truncated"),
        ("cut.jsonl.gz", gzip.compress(DATA)[:40], "cut.jsonl.gz: not valid .gz data, or truncated"),
        ("bad.txt.xz", b"not xz", "bad.txt.xz: not valid .xz data"),
        ("bad.txt.bz2", b"not bz2", "bad.txt.bz2: not valid .bz2 data"),
        ("bad.txt.zst", b"not zstd", "bad.txt.zst: cannot decompress .zst data"),
    ],
)
def test_corrupt_compressed_input_fails_clearly(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    ok = tmp_path / "ok.txt"
    ok.write_text(PAGE, encoding="utf-8")
    result = invoke_cli("clean", str(path), str(ok))
    assert result.exit_code == 1
    assert says in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == CLEAN  # the other input was still cleaned


def test_missing_zstandard_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "zstandard", None)  # `import zstandard` now raises ImportError
    path = tmp_path / "pages.jsonl.zst"
    path.write_bytes(PACK["zst"](DATA))
    result = invoke_cli("clean", str(path))
    assert result.exit_code == 1
    assert "pip install 'cleantext-web[zstd]'" in result.stderr
    src = tmp_path / "page.txt"
    src.write_text(PAGE, encoding="utf-8")
    written = invoke_cli("clean", str(src), "-o", str(tmp_path / "out.txt.zst"))
    assert written.exit_code == 2 and "pip install 'cleantext-web[zstd]'" in written.stderr
    assert not (tmp_path / "out.txt.zst").exists()


def test_open_input_reads_plain_and_compressed_files(tmp_path: Path) -> None:
    for kind, pack in PACK.items():
        path = tmp_path / f"x.{kind}"
        path.write_bytes(pack(DATA))
        with compression.open_input(str(path)) as fh:
            assert fh.read() == DATA
    plain = tmp_path / "x.jsonl"
    plain.write_bytes(DATA)
    with compression.open_input(str(plain)) as fh:
        assert list(fh) == DATA.splitlines(keepends=True)


def test_a_read_error_under_the_decompressor_is_not_called_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import io

    class Failing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: object) -> int:
            raise OSError(errno.EIO, "Input/output error")

    path = tmp_path / "pages.jsonl.gz"
    path.write_bytes(gzip.compress(DATA))
    monkeypatch.setattr(compression.gzip, "open", lambda name, mode: Failing())
    result = invoke_cli("clean", str(path))
    assert result.exit_code == 1
    assert f"{path}: cannot read: Input/output error; check the file and the disk" in result.stderr
