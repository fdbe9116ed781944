"""The report (HTML) and show (terminal) views of what a pipeline removed."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_runner import invoke_cli

import cleantext
from cleantext.report import COLORS, ReportDoc, html_report, terminal_view, view

# Hand-made: a chrome line, an ad label, an inline placeholder, a caption credit and body text.
PAGE = (
    "Skip to content\n\n"
    "Advertisement\n\n"
    "The council approved the new budget after a long debate on Monday evening.\n\n"
    "Spending on schools will rise by four percent next year, officials said.spot_img\n\n"
    "The mayor speaks at city hall on Monday.\n\n"
    "Jane Doe / AP\n\n"
    "Critics argued that the plan leaves too little for repairs to old bridges.\n\n"
    "Share this:\n"
)


class _Tree(HTMLParser):
    """Collects tags with their attributes and the text inside each <del>, <p> and <td>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.closed: list[tuple[str, dict[str, str | None], str]] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]
        if tag not in ("meta", "span"):
            self.open.append((tag, a, []))

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1][0] == tag:
            t, a, text = self.open.pop()
            self.closed.append((t, a, "".join(text)))
            if self.open:
                self.open[-1][2].append("".join(text))

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][2].append(data)


def _parse(page: str) -> _Tree:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    return tree


def test_view_cuts_lines_into_kept_and_removed_pieces() -> None:
    result = cleantext.run(PAGE)
    lines = [line for line in view(result) if line]
    assert [(p.text, p.removal.filter) for line in lines for p in line if p.removal] == [
        (r.text, r.filter) for r in result.removed
    ]
    # Every kept piece, joined line by line, is the clean body.
    kept = ["".join(p.text for p in line if p.removal is None) for line in lines]
    assert [k.strip() for k in kept if k.strip()] == [k for k in result.text.splitlines() if k]
    cut_line = next(line for line in lines if len(line) > 1)
    assert [(p.text, p.removal and p.removal.filter) for p in cut_line][-1] == ("spot_img", "ad_artifacts")


def test_html_report_structure() -> None:
    result = cleantext.run(PAGE)
    tree = _parse(html_report([ReportDoc("page.txt", result)]))
    dels = [(a, text) for tag, a, text in tree.closed if tag == "del"]
    assert [(a["data-filter"], a["data-rule"], text) for a, text in dels] == [
        (r.filter, r.rule, r.text) for r in result.removed
    ]
    for (a, _), r in zip(dels, result.removed, strict=True):
        assert a["title"] == f"{r.filter} · {r.rule}: {r.reason}"  # the hover text
        assert a["class"] == f"f-{r.filter}"
    removed_lines = [text for tag, a, text in tree.closed if tag == "p" and "removed" in (a.get("class") or "")]
    assert "Skip to content" in removed_lines and "Jane Doe / AP" in removed_lines
    kept_lines = [text for tag, a, text in tree.closed if tag == "p" and (a.get("class") or "") == "line kept"]
    assert "The council approved the new budget after a long debate on Monday evening." in kept_lines
    # The per-filter table: lines and characters add up to the removals.
    rows = {a["data-filter"]: a for tag, a in tree.tags if tag == "tr" and a.get("data-filter")}
    assert set(rows) == {r.filter for r in result.removed}
    cells = [text for tag, a, text in tree.closed if tag == "td"]
    ads_at = cells.index("ads")
    ads = [r for r in result.removed if r.filter == "ads"]
    assert cells[ads_at + 1 : ads_at + 4] == [str(len(ads)), "0", str(sum(len(r.text) for r in ads))]


def test_html_report_is_self_contained_and_escapes_text() -> None:
    result = cleantext.run("Advertisement\n\n<script>alert(1)</script> is text.\n")
    page = html_report([ReportDoc("<b>x</b>.txt", result)])
    tree = _parse(page)
    assert tree.urls == []  # no external assets, no links
    assert not [t for t, _ in tree.tags if t in ("script", "link", "img", "iframe")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;.txt" in page


def test_terminal_view_marks_removed_lines_with_their_filter() -> None:
    plain = terminal_view(cleantext.run(PAGE), color=False).splitlines()
    assert plain[0] == "- [chrome] Skip to content"
    assert "- [ads] Advertisement" in plain
    cut = "  Spending on schools will rise by four percent next year, officials said.[-spot_img-](ad_artifacts)"
    assert cut in plain
    assert "  The council approved the new budget after a long debate on Monday evening." in plain
    coloured = terminal_view(cleantext.run(PAGE), color=True)
    assert "\x1b[9m" in coloured  # struck through
    assert "\x1b[" not in "\n".join(plain)


def _page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_show_command_and_clean_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _page(tmp_path)
    shown = invoke_cli("show", str(path))
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[0].startswith(f"== {path}: ")
    assert shown.stdout.splitlines()[1:] == terminal_view(cleantext.run(PAGE), color=False).splitlines()
    assert invoke_cli("clean", "--diff", str(path)).stdout == shown.stdout
    assert "\x1b[" in invoke_cli("show", "--color", str(path)).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in invoke_cli("show", str(path)).stdout


def test_show_jsonl_with_id_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    records = [{"id": f"r{i}", "body": {"text": PAGE}} for i in range(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    shown = invoke_cli("show", str(path), "--field", "body.text", "--id-field", "id", "--limit", "2")
    assert shown.exit_code == 0, shown.stderr
    heads = [line for line in shown.stdout.splitlines() if line.startswith("== ")]
    assert [h.split(":")[0:2] for h in heads] == [[f"== {path}", "1 (id r0)"], [f"== {path}", "2 (id r1)"]]


def test_show_bad_input_is_named_and_exits_1(tmp_path: Path) -> None:
    result = invoke_cli("show", str(tmp_path / "missing.txt"), str(_page(tmp_path)))
    assert result.exit_code == 1
    assert "missing.txt: no such file" in result.stderr
    assert "Skip to content" in result.stdout  # the other input was still shown


def test_report_command_writes_html(tmp_path: Path) -> None:
    path = _page(tmp_path)
    out = tmp_path / "report.html"
    result = invoke_cli("report", str(path), str(path), "-o", str(out), "--limit", "1")
    assert result.exit_code == 0, result.stderr
    tree = _parse(out.read_text("utf-8"))
    assert [a["id"] for tag, a in tree.tags if tag == "section" and a.get("class") == "doc"] == ["doc-1"]
    assert f"wrote {out}" in result.stderr


def test_report_into_a_missing_folder_fails_clearly(tmp_path: Path) -> None:
    result = invoke_cli("report", str(_page(tmp_path)), "-o", str(tmp_path / "no" / "r.html"))
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


# -- in a real browser -------------------------------------------------------------------------------------


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes): width, height, RGB rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, color_type, _, _, interlace = header
    assert depth == 8 and color_type in (2, 6) and interlace == 0, header
    bpp = 3 if color_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        at = y * (stride + 1)
        ftype, line = raw[at], bytearray(raw[at + 1 : at + 1 + stride])
        if ftype == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ftype == 2:  # Up
            line = bytearray((x + p) & 255 for x, p in zip(line, prev, strict=True))
        elif ftype == 3:  # Average
            for i in range(stride):
                line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif ftype == 4:  # Paeth
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        rgb = bytes(line) if bpp == 3 else bytes(v for i, v in enumerate(line) if i % 4 != 3)
        rows.append(rgb)
    return width, height, rows


def _rgb(color: str) -> bytes:
    return bytes.fromhex(color[1:])


def _has_run(row: bytes, color: bytes, n: int) -> bool:
    """Whether ``row`` holds ``n`` pixels of exactly ``color`` side by side."""
    return color * n in row


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(html_path: Path, png_path: Path, size: str = "900,900") -> None:
    """Render ``html_path`` with headless Chromium into ``png_path``."""
    browser = _chromium()
    assert browser is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-color-profile=srgb",
                f"--user-data-dir={profile}",
                f"--screenshot={png_path}",
                f"--window-size={size}",
                html_path.as_uri(),
            ],
            capture_output=True,
            timeout=120,
        )
    assert png_path.exists(), done.stderr.decode("utf-8", "replace")[-2000:]


def test_report_renders_removed_lines_in_their_style_in_chromium(tmp_path: Path) -> None:
    if _chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium); CI runs this test")
    page = tmp_path / "report.html"
    result = invoke_cli("report", str(_page(tmp_path)), "-o", str(page))
    assert result.exit_code == 0, result.stderr
    png = tmp_path / "report.png"
    screenshot(page, png, "800,720")
    width, height, rows = _png_pixels(png.read_bytes())
    assert (width, height) == (800, 720)
    for name in ("ads", "chrome", "captions", "ad_artifacts"):
        background, strike = (_rgb(c) for c in COLORS[name])
        shaded = [y for y, row in enumerate(rows) if _has_run(row, background, 8)]
        assert shaded, f"no {name} background on the page"
        # A line-through: a long horizontal run of the strike colour across the shaded text.
        band = rows[max(min(shaded) - 3, 0) : max(shaded) + 4]
        assert any(_has_run(row, strike, 25) for row in band), (
            f"{name}: removed text is not struck through in {COLORS[name][1]}"
        )
    # Kept text is plain: no row of the body text colour is a long straight line (no strike).
    assert not any(_has_run(row, _rgb("#111111"), 25) for row in rows)
