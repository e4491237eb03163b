"""Input faults that must give one-line errors, never a hang or silence: FIFOs and
devices, ``analyze`` given something other than text, negative limits, a directory with
nothing to read, and a feed whose XML is broken."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from claimledger import analyze
from claimledger.errors import InputNotFound
from claimledger.inputs import iter_inputs, read_document


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process, with a timeout: a hang fails the test, not the run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "claimledger", *args], env=env, text=True,
                          capture_output=True, timeout=timeout, check=False, cwd=ROOT)


# -- defect 7: FIFOs and devices --------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"  # a supported name: only its type gives it away
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_a_fifo_is_refused_not_waited_on(fifo: Path, tmp_path: Path, command: str) -> None:
    extra = ["--db", str(tmp_path / "ledger.db")] if command == "ingest" else []
    done = run_cli(command, *extra, str(fifo), timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert any(str(fifo) in line and "FIFO" in line for line in lines), done.stderr


def test_dev_zero_is_refused(tmp_path: Path) -> None:
    done = run_cli("analyze", "/dev/zero", timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "claimledger: error: /dev/zero: is a character device, not a regular file; it is "
        "not read (reading it could wait or run forever). Pass a file, a directory, or - "
        "for standard input")


def test_special_files_in_a_directory_and_from_python(fifo: Path) -> None:
    items = list(iter_inputs([str(fifo.parent)]))
    assert [(item.key, item.failure is not None) for item in items] == [(str(fifo), True)]
    with pytest.raises(InputNotFound, match="FIFO"):
        read_document(str(fifo))
    for name in (str(fifo.with_suffix(".warc")), str(fifo.with_suffix(".jsonl"))):
        os.mkfifo(name)
        [item] = list(iter_inputs([name]))
        assert item.failure is not None and "FIFO" in item.failure.reason


# -- defect 9: the Python API's argument ------------------------------------------------


@pytest.mark.parametrize(("value", "named"), [(None, "NoneType"), (b"He said it.", "bytes"),
                                              (42, "int")])
def test_analyze_names_what_it_accepts(value: object, named: str) -> None:
    with pytest.raises(TypeError, match=rf"takes the article as a str .* not {named}\b"):
        analyze(value)  # type: ignore[arg-type]


def test_analyze_of_bytes_says_to_decode() -> None:
    with pytest.raises(TypeError, match="decode"):
        analyze(b"\xe2\x80\x9cWe won,\xe2\x80\x9d she said.")  # type: ignore[arg-type]


# -- defect 10: small ones --------------------------------------------------------------


@pytest.mark.parametrize("args", [["claims", "--limit", "-5"], ["claims", "--limit", "0"],
                                  ["sources", "--limit", "-1"],
                                  ["serve", "--max-body", "-1"], ["serve", "--max-body", "0"]])
def test_negative_limits_are_usage_errors(args: list[str], tmp_path: Path) -> None:
    done = run_cli(*args, "--db", str(tmp_path / "ledger.db"))
    assert done.returncode == 2
    assert "at least 1" in done.stderr
    assert not (tmp_path / "ledger.db").exists()


def test_a_directory_without_articles_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    (folder / "sub").mkdir(parents=True)
    (folder / "cover.png").write_bytes(b"\x89PNG\r\n")
    (folder / "sub" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Officials said so.", encoding="utf-8")
    done = run_cli("analyze", str(folder), timeout=60)
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert str(folder) in line and "no supported file" in line
    assert ".txt" in line and ".warc.gz" in line and ".html" in line


def test_broken_feed_xml_is_named_as_the_cause(tmp_path: Path) -> None:
    feed = (CORPUS / "feeds" / "trafilatura-feed2.rss").read_text(encoding="utf-8")
    text = ("Officials said on Monday that the bridge over the river would reopen next "
            "week after repairs to its deck.")
    broken = tmp_path / "broken.rss"
    # The description's closing tag is misspelt: feedparser keeps the entry, not its text.
    broken.write_text(feed.replace(
        "<description>Here is some text containing an interesting description.</description>",
        f"<description>{text}</descriptio>"), encoding="utf-8")
    [item] = list(iter_inputs([str(broken)]))
    assert item.failure is not None
    assert item.failure.reason.startswith("the feed's XML is broken (mismatched tag at line")
    whole = list(iter_inputs([str(CORPUS / "feeds" / "trafilatura-feed1.atom")]))
    assert all("XML is broken" not in str(i.failure) for i in whole)
