"""What counts as text: format characters (bidi isolates, zero-width space, soft hyphen)
are text; only real control characters make text "binary". The CLI, the web form (pasted
and uploaded) and ``claimledger.analyze`` accept and refuse the same texts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import WIKINEWS
from fastapi.testclient import TestClient
from spacy.language import Language

from claimledger import analyze
from claimledger.cli import main
from claimledger.errors import UndecodableInput
from claimledger.inputs.text import MAX_CONTROL_RATIO, check_text, decode_bytes
from claimledger.web import create_app

LOCAL = ("127.0.0.1", 50000)
ISOLATE, POP, ZWSP, SHY = "\u2066", "\u2069", "\u200b", "\u00ad"


def paragraph() -> str:
    """A real Wikinews paragraph with a quote (the text after its date line)."""
    text = (WIKINEWS / "10718.txt").read_text(encoding="utf-8")
    return text.split("\n\n", 1)[1].strip()


def with_format_characters(text: str) -> str:
    """``text`` as copied from social media: every capitalised word in a bidi isolate,
    a zero-width space after each comma, soft hyphens in long words (about 9% of the
    characters are format characters, three times the old refusal threshold)."""
    text = re.sub(r"\b([A-Z][\w.]+)", rf"{ISOLATE}\1{POP}", text)
    text = text.replace(", ", f",{ZWSP} ")
    return re.sub(r"\b(\w{4})(\w{4,})", rf"\1{SHY}\2", text)


def with_control_characters(text: str) -> str:
    """``text`` with a real control character (U+0001) after every tenth character."""
    return "".join(ch + ("\x01" if i % 10 == 9 else "") for i, ch in enumerate(text))


# -- the check itself -----------------------------------------------------------------


@pytest.mark.parametrize("char", [
    "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\u200e",
    "\u00ad", "\ufeff", "\u061c",  # format (Cf)
    "\ue000", "\U000f0000",  # private use (Co)
    "\u00a0", "\u3000", "\u2028",  # separators (Zs, Zl)
    "\u0301", "\U000e0100",  # marks (Mn)
    "\t", "\n", "\r", "\f", "\v",  # the whitespace controls
])
def test_format_private_and_whitespace_characters_are_text(char: str) -> None:
    text = f"Officials said{char} the bridge{char} would reopen."
    check_text("t", text * 2 + char * len(text))  # about half of it is ``char``
    assert decode_bytes((text + char * 40).encode("utf-8"), "t")[0] == text + char * 40


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x1b", "\x1f", "\x7f", "\x85",
                                  "\x9f"])
def test_real_control_characters_are_refused(char: str) -> None:
    text = "Officials said the bridge would reopen. " * 2
    with pytest.raises(UndecodableInput, match="control characters"):
        check_text("t", text + char * len(text))


def test_the_threshold_counts_only_control_characters() -> None:
    text = "x" * 1000
    check_text("t", text + "\x01" * int(MAX_CONTROL_RATIO * 1000))
    with pytest.raises(UndecodableInput, match=r"U\+0001 at character 1000"):
        check_text("t", text + "\x01" * 40)


# -- the three entry points agree -----------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    ledger = tmp_path_factory.mktemp("web") / "ledger.db"
    with TestClient(create_app(str(ledger)), client=LOCAL,
                    base_url="http://127.0.0.1") as opened:
        yield opened


def _cli(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["analyze", "--format", "json", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_format_characters_are_accepted_everywhere(
        nlp: Language, client: TestClient, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    text = with_format_characters(paragraph())
    share = sum(text.count(c) for c in (ISOLATE, POP, ZWSP, SHY)) / len(text)
    assert share > 2 * MAX_CONTROL_RATIO

    api = analyze(text)
    assert api.document.text == text

    path = tmp_path / "copied.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = _cli(path, capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["document"]["text"] == text

    pasted = client.post("/analyse.json", data={"text": text})
    assert pasted.status_code == 200, pasted.text
    uploaded = client.post("/analyse.json", files={"file": ("copied.txt", text.encode())})
    assert uploaded.status_code == 200, uploaded.text
    for response in (pasted, uploaded):
        analysis = response.json()["analysis"]
        assert analysis["document"]["text"] == text
        assert len(analysis["attributions"]) == len(api.attributions)


def test_control_characters_are_refused_everywhere(
        client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = with_control_characters(paragraph())

    with pytest.raises(UndecodableInput, match="control characters"):
        analyze(text)

    path = tmp_path / "binary.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = _cli(path, capsys)
    assert (code, out) == (1, "")
    assert str(path) in err and "control characters" in err
    assert len(err.strip().splitlines()) == 1

    pasted = client.post("/analyse.json", data={"text": text})
    uploaded = client.post("/analyse.json", files={"file": ("binary.txt", text.encode())})
    for response in (pasted, uploaded):
        assert response.status_code == 400
        assert "control characters" in response.text
