"""Readers: turn a file or stdin into a `Document` (prose + source position map).

Only this package and `cli.py` touch the filesystem. Every failure to read or
decode becomes an `InputError` with a CC9xx code; it never escapes as anything
else.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from claimcheck.document import Document
from claimcheck.errors import InputError
from claimcheck.gcpause import gc_paused

FORMATS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
}

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
BINARY_SNIFF_BYTES = 8000


def format_for(path: str) -> str | None:
    """Return the input format implied by a file name, or None if unsupported."""
    return FORMATS.get(os.path.splitext(path)[1].lower())


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of byte `offset` in `data`."""
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[line_start:offset].decode("utf-8", errors="replace")) + 1


def decode(data: bytes, path: str) -> str:
    """Return `data` decoded as UTF-8 (BOM stripped), or raise CC902 naming the byte offset."""
    # NOTE: a NUL in the first 8000 bytes marks a binary file (git's rule);
    # otherwise the first bad byte is reported, a NUL or an invalid UTF-8
    # sequence (so a Latin-1 piece before a UTF-16 piece is named first).
    nul = data.find(b"\x00")
    if 0 <= nul < BINARY_SNIFF_BYTES:
        line, col = _line_col(data, nul)
        raise InputError("CC902", path, f"binary file: NUL byte at byte offset {nul}", line, col)
    try:
        text = (data if nul == -1 else data[:nul]).decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise InputError(
            "CC902", path,
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
            line, col,
        ) from None
    if nul != -1:
        line, col = _line_col(data, nul)
        raise InputError("CC902", path, f"binary file: NUL byte at byte offset {nul}", line, col)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


@gc_paused
def parse(source: str, path: str, fmt: str) -> Document:
    """Return the `Document` for decoded `source` in format `fmt` (markdown, html, text).

    The cyclic garbage collector is paused while the reader runs: a table of
    10,000 columns is 600,000 parser tokens, and the collections they set off
    doubled the reading time.
    """
    if fmt == "markdown":
        from claimcheck.readers.markdown import read_markdown

        return read_markdown(source, path)
    if fmt == "html":
        from claimcheck.readers.html import read_html

        return read_html(source, path)
    from claimcheck.readers.text import read_text

    return read_text(source, path)


def read_bytes(data: bytes, path: str, fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Return the `Document` for raw bytes named `path` (format from `fmt` or the name)."""
    if max_bytes and len(data) > max_bytes:
        raise InputError("CC904", path, f"input is over the limit of {max_bytes} bytes")
    fmt = fmt or format_for(path) or "text"
    return parse(decode(data, path), path, fmt)


def read_path(path: str | Path, fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Return the `Document` for the file at `path`, or raise `InputError` (CC901–CC904)."""
    name = str(path)
    p = Path(path)
    if fmt is None and format_for(name) is None and not p.is_dir() and p.exists():
        raise InputError("CC903", name, "unsupported file type (expected .md, .markdown, .html, .htm, .txt or .text)")
    try:
        if p.is_dir():
            raise InputError("CC901", name, "is a directory, not a file")
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):  # opening a FIFO would block forever
            raise InputError("CC901", name, "not a regular file (a pipe, socket or device)")
        size = st.st_size
        if max_bytes and size > max_bytes:
            raise InputError("CC904", name, f"file is {size} bytes, over the limit of {max_bytes} bytes")
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1 if max_bytes else -1)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("CC901", name, "no such file") from None
    except PermissionError:
        raise InputError("CC901", name, "permission denied") from None
    except OSError as exc:
        raise InputError("CC901", name, f"cannot read file: {exc.strerror or exc}") from None
    fmt = fmt or format_for(name)
    if fmt is None:
        raise InputError("CC903", name, "unsupported file type (expected .md, .markdown, .html, .htm, .txt or .text)")
    return read_bytes(data, name, fmt, max_bytes)


def iter_inputs(paths: list[str]) -> list[str]:
    """Return the files named by `paths`, expanding folders to supported files, sorted.

    Explicit files are kept whatever their extension (an unsupported one is
    reported when read); folders contribute only supported extensions. Symlink
    loops are not followed.
    """
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        p = Path(raw)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if format_for(f) and not f.startswith("."):
                        found.append(os.path.join(root, f))
            out.extend(sorted(found))
        else:
            out.append(raw)
    return out
