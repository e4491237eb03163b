"""Plain-text inputs: encodings, and a clear one-line error naming the file for bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from claimledger.errors import EmptyInput, InputNotFound, InputTooLarge, UndecodableInput
from claimledger.inputs import iter_inputs, read_document
from claimledger.inputs.text import decode_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _fixture(name: str) -> str:
    return str(FIXTURES / name)


@pytest.mark.parametrize(("name", "error", "words"), [
    ("empty.txt", EmptyInput, "empty"),
    ("whitespace.txt", EmptyInput, "whitespace"),
    ("binary-junk.txt", UndecodableInput, "binary"),
    ("random-bytes.txt", UndecodableInput, "encoding"),
    ("broken-utf8.txt", UndecodableInput, "invalid UTF-8 at byte"),
    ("no-article.html", EmptyInput, "no article text"),
])
def test_bad_files_raise_one_line_errors_naming_the_file(
        name: str, error: type[Exception], words: str) -> None:
    path = _fixture(name)
    with pytest.raises(error) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert words in message
    assert "\n" not in message


def test_bad_files_become_failures_and_iteration_goes_on() -> None:
    names = ["empty.txt", "binary-junk.txt", "latin1.txt", "no-article.html"]
    items = list(iter_inputs([_fixture(n) for n in names]))
    assert [item.key for item in items] == [_fixture(n) for n in names]
    assert [item.document is not None for item in items] == [False, False, True, False]
    for item in items:
        if item.failure is not None:
            assert item.failure.name == item.key
            assert "\n" not in item.failure.reason
            assert set(item.failure.to_dict()) == {"name", "reason", "record"}


def test_missing_path_and_directory_are_not_found(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(InputNotFound, match="no such file"):
        read_document(missing)
    with pytest.raises(InputNotFound, match="is a directory"):
        read_document(str(tmp_path))
    [item] = iter_inputs([missing])
    assert item.failure is not None and item.failure.name == missing


def test_twenty_megabytes_of_text_is_refused_before_analysis(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    sentence = "The minister said the plan would be announced next week. "
    big.write_text(sentence * (20_000_000 // len(sentence)), encoding="utf-8")
    with pytest.raises(InputTooLarge) as caught:
        read_document(str(big))
    assert str(caught.value).startswith(f"{big}: ")
    assert "split" in str(caught.value)


def test_text_just_over_the_character_limit_names_the_file(tmp_path: Path) -> None:
    from claimledger.nlp import MAX_CHARS

    path = tmp_path / "long.txt"
    path.write_text("a" * (MAX_CHARS + 1), encoding="utf-8")
    with pytest.raises(InputTooLarge, match="characters"):
        read_document(str(path))


def test_latin1_and_cp1252_decode_with_the_encoding_reported() -> None:
    latin = read_document(_fixture("latin1.txt"))
    assert latin.encoding == "cp1252"
    assert latin.text == (FIXTURES / "latin1.txt").read_bytes().decode("latin-1")
    assert "Genève" in latin.text and "Hôtel" in latin.text
    windows = read_document(_fixture("cp1252.txt"))
    assert windows.encoding == "cp1252"
    assert windows.text.startswith("“We will not comment")
    assert "€2 billion…" in windows.text


def test_utf8_text_is_kept_unchanged_and_a_bom_is_dropped() -> None:
    seed = CORPUS / "seed" / "geran-production-report.txt"
    document = read_document(str(seed))
    assert document.text == seed.read_text(encoding="utf-8")
    assert document.encoding == "utf-8"
    assert document.path == str(seed)
    bom = read_document(_fixture("utf8-bom.txt"))
    assert bom.encoding == "utf-8-sig"
    assert bom.text.startswith("Officials")


def test_stdin_text_and_html() -> None:
    text = b"Officials said the bridge would reopen in May."
    document = read_document("-", stdin=io.BytesIO(text))
    assert document.text == text.decode() and document.path is None
    page = (FIXTURES / "article-latin1.html").read_bytes()
    [item] = iter_inputs(["-"], stdin=io.BytesIO(page))
    assert item.key == "<stdin>"
    assert item.document is not None and item.document.title is not None
    assert "Renée Dubois" in item.document.text
    [empty] = iter_inputs(["-"], stdin=io.BytesIO(b""))
    assert empty.failure is not None and empty.failure.name == "<stdin>"


def test_decode_bytes_utf16_with_bom_and_refuses_nul_bytes_without() -> None:
    text, encoding = decode_bytes("Officials said so.".encode("utf-16"), "x.txt")
    assert (text, encoding) == ("Officials said so.", "utf-16")
    with pytest.raises(UndecodableInput, match="NUL"):
        decode_bytes(b"abc\x00def", "x.txt")


def test_non_latin_legacy_encoding_is_detected() -> None:
    russian = ("Министр заявил во вторник, что мост откроется в мае. "
               "По словам представителя совета, решение будет принято очень скоро.")
    text, encoding = decode_bytes(russian.encode("cp1251"), "ru.txt")
    assert text == russian
    assert encoding != "cp1252"
