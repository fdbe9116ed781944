"""Peak memory of cleaning one big document, measured in a fresh process per shape.

    python benchmarks/memory.py [--mb 20] [--shape one_line|short_lines|prose|page_lines]

Each shape is made here (no benchmark data needed), ``--mb`` megabytes of it:

* ``one_line``: one line of prose sentences, no line break (a page flattened into one line);
* ``short_lines``: short numbered lines of about 20 characters (``Line 123: short text.``);
* ``prose``: paragraphs of a few sentences separated by blank lines;
* ``page_lines``: a full page of short lines, chrome and prose in turn (a menu, an ad label,
  a share row, sentences, ``Read more``, a photo credit, a copyright line), so that every
  filter removes lines and ``content`` measures and scores them all.

For each shape a subprocess builds the text, reads its resident size, cleans the text with
``Pipeline.default().clean`` and reads the peak resident size. The difference, the memory
cleaning added, is printed in MB and as a multiple of the document's size. On Linux the peak
is reset after the text is built (``/proc/self/clear_refs``), so building it does not count
and the figure is peak minus resident; elsewhere it is the growth of ``ru_maxrss``, which
misses what cleaning reuses of the memory building the text left free. This is a
measurement, not a test: figures vary with the Python build.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ("one_line", "short_lines", "prose", "page_lines")

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from cleantext import Pipeline
shape, size = sys.argv[1], int(sys.argv[2])
sentence = "The council approved the new budget after a long debate on Monday evening. "
if shape == "one_line":
    text = (sentence * (size // len(sentence) + 1))[:size]
elif shape == "short_lines":
    parts, n, i = [], 0, 0
    while n < size:
        line = f"Line {{i}}: short text.\\n"
        parts.append(line)
        n += len(line)
        i += 1
    text = "".join(parts)
    del parts
elif shape == "page_lines":
    block = (
        "Home | News | Sport | Weather | Contact", "Advertisement", "Share on Facebook",
        "The council approved the new budget after a long debate on Monday evening. {{i}}",
        "Officials said the plan would take effect next year, pending a final vote. {{i}}",
        "Read more", "Photo: AP/Jane Doe", "Residents were divided, and several spoke at the meeting. {{i}}",
        "Copyright 2024 Example News. All rights reserved.",
    )
    parts, n, i = [], 0, 0
    while n < size:
        line = block[i % len(block)].format(i=i) + "\\n"
        parts.append(line)
        n += len(line)
        i += 1
    text = "".join(parts)
    del parts
else:
    paragraph = sentence * 4 + "\\n\\n"
    text = paragraph * (size // len(paragraph) + 1)
pipe = Pipeline.default()
pipe.clean(text[:10000])  # compile everything first: measure the document, not the start-up

def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key))

try:  # Linux: the peak since now, over what is resident now
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before, peak = status("VmRSS"), lambda: status("VmHWM")
except OSError:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
out = pipe.clean(text)
seconds = time.perf_counter() - start
print(json.dumps({{"shape": shape, "mb": len(text) / 1e6, "added_kb": peak() - before, "seconds": seconds}}))
"""


def measure(shape: str, mb: float) -> dict[str, float]:
    """Run one shape in a fresh interpreter and return its figures."""
    code = _CHILD.format(root=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code, shape, str(int(mb * 1e6))], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="document size in MB (default 20)")
    parser.add_argument("--shape", choices=SHAPES, action="append", help="shape to measure (default: all)")
    args = parser.parse_args(argv)
    for shape in args.shape or SHAPES:
        r = measure(shape, args.mb)
        added = r["added_kb"] / 1024
        print(
            f"{shape:<12} {r['mb']:6.1f} MB document: +{added:7.1f} MB peak "
            f"({added / r['mb']:5.1f}x its size), {r['seconds']:.1f} s"
        )


if __name__ == "__main__":
    main()
