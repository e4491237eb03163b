"""``claimledger analyze`` as a user runs it: real files, real model, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, SAMPLES, SEED

from claimledger.cli import main
from claimledger.schema import validation_errors


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "claimledger", *args], input=stdin,
                          capture_output=True, timeout=600, check=False)


def test_json_output_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--format", "json", str(SEED)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert validation_errors(data) == []
    assert data["document"]["path"] == str(SEED)
    assert data["document"]["text"] == SEED.read_text(encoding="utf-8")
    assert data["attributions"]


def test_jsonl_one_object_per_input(capsys: pytest.CaptureFixture[str]) -> None:
    samples = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    assert main(["analyze", "--format", "jsonl", *samples]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(samples)
    for line, path in zip(lines, samples, strict=True):
        data = json.loads(line)
        assert data["document"]["path"] == path
        assert validation_errors(data) == []


def test_html_input_fills_metadata(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import gzip

    page = sorted((CORPUS / "html-benchmark" / "html").glob("*.html.gz"))[0]
    html_file = tmp_path / "page.html"
    html_file.write_bytes(gzip.decompress(page.read_bytes()))
    assert main(["analyze", "--format", "json", str(html_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert validation_errors(data) == []
    assert data["document"]["title"]
    assert len(data["document"]["text"]) > 200


def test_stdin_and_text_format() -> None:
    result = run_cli("analyze", "--format", "text", "-", stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "Timur Shaghivaleev" in out
    assert "Attributions" in out


def test_bad_inputs_fail_one_by_one_and_the_rest_is_analysed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    bad_utf8 = tmp_path / "bad.txt"
    bad_utf8.write_bytes(b"\xff\xfe\xfa\x00\x81 not text \x00\x9f" * 50)
    huge = tmp_path / "huge.txt"
    huge.write_bytes((b"The minister said the plan was sound. " * 40) * 13_500)  # ~20 MB
    no_article = tmp_path / "nav.html"
    no_article.write_text("<html><head><title>x</title></head><body><nav><a href='/'>Home"
                          "</a></nav></body></html>", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    good = SAMPLES / "harbour-bridge-contract.txt"
    bad = [empty, binary, bad_utf8, huge, no_article, missing]
    result = run_cli("analyze", "--format", "jsonl", *map(str, bad), str(good))
    assert result.returncode == 1
    errors = result.stderr.decode().strip().splitlines()
    for path in bad:
        matching = [line for line in errors if str(path) in line]
        assert len(matching) == 1, (path, errors)
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["document"]["path"] == str(good)


def test_usage_error_exit_code() -> None:
    assert run_cli("analyze", "--format", "yaml", str(SEED)).returncode == 2
    assert run_cli().returncode == 2


def test_latin1_text_reports_its_encoding(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    text = "«Nous avons gagné», a déclaré le ministre. The café owner said prices rose."
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    assert main(["analyze", "--format", "json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["text"] == text
    assert data["document"]["encoding"]
    assert data["document"]["encoding"].lower().replace("_", "-") != "utf-8"


def test_unknown_model_is_a_clear_error() -> None:
    result = run_cli("analyze", "--model", "no_such_model_xyz", str(SEED))
    assert result.returncode == 1
    message = result.stderr.decode()
    assert "no_such_model_xyz" in message and "install" in message
    assert "Traceback" not in message
