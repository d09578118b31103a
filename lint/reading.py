"""Read and decode the files to check: UTF-8 (BOM or not), UTF-16 (BOM or clearly UTF-16), UTF-32 with BOM."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from lint.errors import InputError

#: Byte-order marks, UTF-32 first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Bytes sampled to tell binary data and BOM-less UTF-16 from text.
_SAMPLE = 8192
#: Control characters that text may hold; any other one in decoded UTF-16 means it was not UTF-16.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


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
    if b"\x00" in data[:_SAMPLE]:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise BinaryFile("binary file skipped")
        return utf16
    try:
        return Encoded(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " save it as UTF-8 or UTF-16 with a BOM"
        ) from None


def _bomless_utf16(data: bytes) -> Encoded | None:
    """UTF-16 without a BOM, when the bytes clearly are: None for anything else (binary data).

    Clearly means: an even length; NULs in at least a third of the sampled code units, nearly
    all on one side (the high byte of ASCII letters); and the whole file decodes strictly to
    text without control characters other than tab, newline and the like.
    """
    if len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    units = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= units / 3 and even <= units / 50:
        encoding = "utf-16-le"
    elif even >= units / 3 and odd <= units / 50:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any(c < " " and c not in _TEXT_CONTROLS for c in set(text)):
        return None
    return Encoded(text, encoding, b"")


def encode(text: str, encoding: str, bom: bytes) -> bytes:
    """Inverse of ``decode``: the bytes to write for ``text`` in the file's own encoding."""
    if encoding == "utf-16":
        codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
        return bom + text.encode(codec)
    if encoding == "utf-32":
        codec = "utf-32-le" if bom == codecs.BOM_UTF32_LE else "utf-32-be"
        return bom + text.encode(codec)
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    return text.encode(encoding)


def read_file(path: Path, max_size: int | None = None) -> Encoded:
    """Read and decode one regular file of at most ``max_size`` bytes (None: no limit).

    FIFOs, devices and sockets are refused before a byte is read (opened non-blocking, so a
    FIFO without a writer cannot hang the run); OS errors become InputError with a one-line reason.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    with os.fdopen(fd, "rb") as fh:
        data = _read_regular(fh, max_size)
    return decode(data)


def _read_regular(fh, max_size: int | None) -> bytes:
    """The bytes of an open regular file; InputError for special files and files over ``max_size``."""
    try:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file ({_file_type(info.st_mode)}); only regular files are read")
        if max_size is not None and info.st_size > max_size:
            raise InputError(
                f"{info.st_size} bytes, more than the limit of {max_size};"
                " raise it with --max-file-size or max-file-size in the configuration"
            )
        data = fh.read() if max_size is None else fh.read(max_size + 1)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if max_size is not None and len(data) > max_size:
        raise InputError(f"grew past the limit of {max_size} bytes while being read")
    return data


def _file_type(mode: int) -> str:
    """A name for a special file type: FIFO, character device, block device, socket."""
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
    ):  # fmt: skip
        if test(mode):
            return name
    return "a special file"
