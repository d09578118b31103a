"""lint.cachefile: a cache file is read back only when it is whole, ours and of this layout."""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

import pytest

from lint import cachefile

MAGIC = b"typolint-test-1\n"
PAYLOAD = {"words": ("alpha", "beta"), "counts": [1, 2, 3], "nested": {"x": 1.5}}


@pytest.fixture
def written(tmp_path: Path) -> Path:
    path = tmp_path / "cache" / "test-1.bin"
    cachefile.write(path, cachefile.encode(MAGIC, PAYLOAD))
    return path


def test_a_written_payload_reads_back_equal(written: Path) -> None:
    assert cachefile.read(written, MAGIC) == PAYLOAD
    assert written.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("offset", [-7, -20, -45])
def test_a_changed_byte_of_the_payload_is_refused(written: Path, offset: int) -> None:
    """Bytes whose change still unmarshals (another string, count or float): only the checksum
    tells the file is damaged."""
    data = bytearray(written.read_bytes())
    data[offset] ^= 0x01
    written.write_bytes(bytes(data))
    assert cachefile.read(written, MAGIC) is None


def test_a_file_cut_short_is_refused(written: Path) -> None:
    data = written.read_bytes()
    written.write_bytes(data[: len(data) - 3])
    assert cachefile.read(written, MAGIC) is None


def test_another_tag_is_refused(written: Path) -> None:
    assert cachefile.read(written, b"typolint-test-2\n") is None


def test_a_file_of_the_former_sha256_layout_is_refused(tmp_path: Path) -> None:
    """The layout before the CRC-32: the tag, the payload's SHA-256, the payload."""
    body = marshal.dumps(PAYLOAD)
    path = tmp_path / "old.bin"
    cachefile.write(path, MAGIC + hashlib.sha256(body).digest() + body)
    assert cachefile.read(path, MAGIC) is None


def test_a_file_others_may_write_is_refused(written: Path) -> None:
    os.chmod(written, 0o664)
    assert cachefile.read(written, MAGIC) is None
