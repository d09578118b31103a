"""Read and decode the files to check: UTF-8 (with or without BOM), UTF-16 with BOM."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from lint.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class BinaryFile(InputError):
    """A file that looks binary; it is skipped with a note, not an error."""


@dataclass(frozen=True, slots=True)
class Encoded:
    """A decoded file and what is needed to write it back byte-compatibly."""

    text: str
    encoding: str
    bom: bytes


def decode(data: bytes) -> Encoded:
    """Decode file bytes; raise BinaryFile for binary data and InputError for bad encodings."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding.upper()} at byte {exc.start}") from None
            return Encoded(text, encoding, bom)
    if b"\x00" in data[:8192]:
        raise BinaryFile("binary file skipped")
    try:
        return Encoded(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " save it as UTF-8 or UTF-16 with a BOM"
        ) from None


def encode(text: str, encoding: str, bom: bytes) -> bytes:
    """Inverse of ``decode``: the bytes to write for ``text`` in the file's own encoding."""
    if encoding == "utf-16":
        codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
        return bom + text.encode(codec)
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    return text.encode(encoding)


def read_file(path: Path) -> Encoded:
    """Read and decode one file; OS errors become InputError with a one-line reason."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return decode(data)
