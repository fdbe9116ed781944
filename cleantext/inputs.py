"""Which files a command line names: files as given, directories walked with ``--recursive``.

>>> import pathlib, tempfile
>>> top = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("a.txt", "sub/b.txt", "sub/c.jsonl", ".hidden.txt"):
...     (top / name).parent.mkdir(exist_ok=True)
...     _ = (top / name).write_text("x")
>>> [rel for _, rel in expand([str(top)], recursive=True, pattern="*.txt")]
['a.txt', 'sub/b.txt']
"""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

__all__ = ["expand", "make_folders", "total_size"]


def expand(names: list[str], *, recursive: bool = False, pattern: str | None = None) -> list[tuple[str, str]]:
    """``(path, relative name)`` for each input.

    A file (or ``-``) is itself, named by its file name. With ``recursive``, a directory
    stands for the regular files below it, in sorted order, named by their path relative
    to it (``sub/page.txt``); hidden files and folders (``.name``) are left out, and
    ``pattern`` (a shell glob such as ``*.txt``) keeps only the file names it matches.
    Symbolic links to folders are not followed. Without ``recursive`` a directory is
    passed on as it is (reading it fails with a message that says so).
    """
    out: list[tuple[str, str]] = []
    for name in names:
        if not (recursive and name != "-" and os.path.isdir(name)):
            out.append((name, Path(name).name))
            continue
        for folder, dirs, files in os.walk(name):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in sorted(files):
                if file.startswith(".") or (pattern is not None and not fnmatch.fnmatch(file, pattern)):
                    continue
                path = os.path.join(folder, file)
                try:
                    if not stat.S_ISREG(os.stat(path).st_mode):
                        continue
                except OSError:
                    continue
                out.append((path, os.path.relpath(path, name).replace(os.sep, "/")))
    return out


def total_size(names: list[str]) -> int | None:
    """The summed size of ``names`` in bytes, or None when unknown (stdin, a compressed or missing file)."""
    from cleantext.compression import compression_of

    total = 0
    for name in names:
        if name == "-" or compression_of(name):
            return None
        try:
            st = os.stat(name)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        total += st.st_size
    return total


def make_folders(top: Path, folder: Path) -> None:
    """Create ``folder`` (below ``top``) and its parents; a symbolic link on the way is an error."""
    rel = folder.relative_to(top)
    node = top
    for part in rel.parts:
        node = node / part
        if node.is_symlink():
            raise OSError(f"{node} is a symbolic link; not writing through it")
        node.mkdir(exist_ok=True)
