"""Bytes to text: which encoding a plain-text article is in, and when bytes are not text.

Order of trust:

1. a UTF-16/UTF-32 byte-order mark (the only case where NUL bytes are text);
2. NUL bytes otherwise mean binary (images, PDFs, archives): refused;
3. strict UTF-8. A UTF-8 byte-order mark is removed and the encoding is reported as
   ``utf-8-sig``: the mark is not text, and keeping it would glue U+FEFF to the first
   token and give the same article two content-hash ids. Offsets index the decoded
   text; a caller mapping them back to the file adds one character for ``utf-8-sig``;
4. bytes that are *mostly* valid UTF-8 with a few broken sequences are broken UTF-8, not
   a legacy encoding: refused with the byte offset of the first error;
5. otherwise charset-normalizer's best guess, except that Windows-1252 wins when it reads
   the bytes at least as cleanly (see ``_legacy_encoding``);
6. whatever decodes, the result must not be mostly control characters, or it was
   binary after all (``check_text``, the one check every entry point applies).

Control characters are Unicode's category Cc (C0 and C1 controls and DEL) other than the
whitespace ones (tab, line feed, carriage return, form feed, vertical tab). Format
characters (category Cf: the bidi isolates U+2066..U+2069 common in text copied from
social media, the zero-width space U+200B, the soft hyphen U+00AD, the zero-width
joiner), private-use characters and non-breaking spaces are text, never counted.
Unassigned code points (category Cn, noncharacters included) count with the controls:
no real article has them in numbers, but bytes of another kind decoded as UTF-16 after a
stray byte-order mark are full of them.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from typing import BinaryIO

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from claimledger.errors import InputNotFound, InputTooLarge, UndecodableInput
from claimledger.inputs.paths import special_file, special_reason
from claimledger.nlp import MAX_CHARS

# Files over this size are refused before reading (a news page is rarely over 5 MB).
MAX_FILE_BYTES = 50 * 1024 * 1024
# Largest share of control characters (Cc, whitespace ones aside) text may have.
MAX_CONTROL_RATIO = 0.03
# A decoded text is refused when charset-normalizer's mess ratio is above this.
MAX_MESS_RATIO = 0.2

_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                             rb"[\xf0-\xf4][\x80-\xbf]{3}")
# Category Cc without \t \n \v \f \r (U+0009..U+000D): what binary data read as text has.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with; ``UndecodableInput`` if none."""
    for bom, encoding in _UTF16_32_BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name), encoding
            except UnicodeDecodeError as exc:
                raise _undecodable(name, f"invalid {encoding} at byte {exc.start}") from exc
    if b"\x00" in data:
        raise _undecodable(name, "binary data (NUL bytes), not a text file")
    try:
        if data.startswith(codecs.BOM_UTF8):
            return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8"), name), "utf-8-sig"
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data):
        # Why: a UTF-8 file with a few foreign bytes pasted in decodes "cleanly" as
        # Windows-1252 into mojibake ("cafÃ©"); reading it as another encoding would
        # silently corrupt every accented letter in the article.
        raise _undecodable(
            name, f"invalid UTF-8 at byte {utf8_error.start} in an otherwise UTF-8 file")
    text, encoding = _legacy_encoding(data, name)
    return _checked(text, name), encoding


def _legacy_encoding(data: bytes, name: str) -> tuple[str, str]:
    """charset-normalizer's guess, with Windows-1252 preferred when it reads as cleanly.

    Why: on short English texts the detector ranks sibling code pages equally and often
    picks cp1250, which turns "crème" into "crčme". Windows-1252 (a superset of the
    printable Latin-1 range; browsers read "latin-1" labels as it too) is by far the most
    common legacy encoding of English news, so it wins every tie.
    """
    best = from_bytes(data).best()
    if best is None:
        raise _undecodable(name, "no text encoding fits these bytes")
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and mess_ratio(western, 1.0) <= best.chaos + 0.01:
        return western, "cp1252"
    if best.chaos > MAX_MESS_RATIO:
        raise _undecodable(name, f"no confident text encoding (best guess {best.encoding})")
    return str(best), best.encoding


def _mostly_utf8(data: bytes) -> bool:
    """True when valid UTF-8 multi-byte sequences outnumber the bytes that break UTF-8."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if valid == 0:
        return False
    invalid = len(data.decode("utf-8", errors="replace").split("\ufffd")) - 1
    return valid >= invalid


def _checked(text: str, name: str) -> str:
    check_text(name, text)
    return text


def check_text(name: str, text: str) -> None:
    """Refuse text that is not text: lone surrogates (not Unicode), or over
    ``MAX_CONTROL_RATIO`` control characters (binary data read as text).

    The one check of the CLI, the web form and ``claimledger.analyze``, so all three
    accept and refuse the same texts. Raises ``UndecodableInput`` naming ``name``.
    """
    if not text:
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UndecodableInput(
            name, f"lone surrogate U+{ord(text[exc.start]):04X} at character {exc.start}: "
                  "not valid Unicode text; pass the text as decoded Unicode") from exc
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > MAX_CONTROL_RATIO * len(text):
        first = _CONTROL_CHARS.search(text)
        where = f" (U+{ord(first.group()):04X} at character {first.start()})" if first else ""
        raise _undecodable(name, f"mostly control characters: {controls:,} of "
                                 f"{len(text):,} characters{where}; binary data, not text")
    unassigned = [m for m in _NON_ASCII.finditer(text)
                  if unicodedata.category(m.group()) == "Cn"]
    if controls + len(unassigned) > MAX_CONTROL_RATIO * len(text):
        first_cn = unassigned[0]
        raise _undecodable(name, f"{len(unassigned):,} unassigned code points and {controls:,} "
                                 f"control characters in {len(text):,} characters (first "
                                 f"U+{ord(first_cn.group()):04X} at character "
                                 f"{first_cn.start()}); binary data, not text")


def _undecodable(name: str, what: str) -> UndecodableInput:
    return UndecodableInput(name, f"{what}; save the article as UTF-8 text or HTML")


def read_file_bytes(path: str, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, refusing missing paths, directories and huge files first."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError as exc:
        raise InputNotFound(path, "no such file; check the path") from exc
    except PermissionError as exc:
        raise InputNotFound(path, "permission denied; check the file's permissions") from exc
    except OSError as exc:
        raise InputNotFound(path, f"cannot read ({exc.strerror})") from exc
    if os.path.isdir(path):
        raise InputNotFound(path, "is a directory; pass the files in it, or the directory "
                                  "itself to iter_inputs")
    what = special_file(path)
    if what is not None:  # a FIFO or a device: opening or reading it may never return
        raise InputNotFound(path, special_reason(what))
    check_file_size(path, size, max_bytes)
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except PermissionError as exc:
        raise InputNotFound(path, "permission denied; check the file's permissions") from exc
    except OSError as exc:
        raise InputNotFound(path, f"cannot read ({exc.strerror})") from exc


def read_stream_bytes(stream: BinaryIO, name: str, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """At most ``max_bytes`` from a stream; ``InputTooLarge`` when there is more."""
    data = stream.read(max_bytes + 1)
    check_file_size(name, len(data), max_bytes)
    return data


def check_file_size(name: str, size: int, max_bytes: int = MAX_FILE_BYTES) -> None:
    if size > max_bytes:
        raise InputTooLarge(name, f"{size:,} bytes is over the {max_bytes:,}-byte input limit; "
                                  "split it into articles first")


def check_text_size(name: str, size_in_bytes: int) -> None:
    """Refuse plain text that must be over ``MAX_CHARS`` characters, before reading it.

    A character takes at most 4 bytes in any encoding we accept, so a file over
    ``4 * MAX_CHARS`` bytes cannot be one analysable article.
    """
    if size_in_bytes > 4 * MAX_CHARS:
        raise InputTooLarge(name, f"{size_in_bytes:,} bytes is more text than one article "
                                  f"(limit {MAX_CHARS:,} characters); split it first")


def check_chars(name: str, text: str) -> None:
    if len(text) > MAX_CHARS:
        raise InputTooLarge(name, f"{len(text):,} characters is over the {MAX_CHARS:,}-"
                                  "character limit for one article; split it first")
