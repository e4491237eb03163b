"""Which files the arguments mean: directories, globs, duplicates, hidden and other files."""

from __future__ import annotations

import shutil
from pathlib import Path

from claimledger.inputs import count_inputs, iter_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
FEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "feeds"


def _tree(root: Path) -> None:
    (root / "sub").mkdir()
    (root / ".hidden").mkdir()
    shutil.copy(FIXTURES / "latin1.txt", root / "b.txt")
    shutil.copy(FIXTURES / "cp1252.txt", root / "sub" / "a.txt")
    shutil.copy(FIXTURES / "cp1252.txt", root / ".hidden" / "c.txt")
    shutil.copy(FIXTURES / "cp1252.txt", root / ".dot.txt")
    shutil.copy(FEEDS / "trafilatura-feed2.rss", root / "sub" / "feed.xml")
    (root / "metadata.json").write_text('{"not": "a feed"}', encoding="utf-8")
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")


def test_directories_recurse_sorted_and_skip_other_files(tmp_path: Path) -> None:
    _tree(tmp_path)
    keys = [item.key for item in iter_inputs([str(tmp_path)])]
    assert keys == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.txt"),
                    str(tmp_path / "sub" / "feed.xml") + "#entry 1"]
    assert count_inputs([str(tmp_path)]) == 3


def test_globs_and_duplicates(tmp_path: Path) -> None:
    _tree(tmp_path)
    b = str(tmp_path / "b.txt")
    keys = [item.key for item in iter_inputs([b, str(tmp_path / "**" / "*.txt"), b])]
    assert keys == [b, str(tmp_path / "sub" / "a.txt")]
    [missing] = iter_inputs([str(tmp_path / "*.nothing")])
    assert missing.failure is not None and "no file matches" in missing.failure.reason


def test_a_file_named_with_glob_characters_is_read_as_given(tmp_path: Path) -> None:
    odd = tmp_path / "report[1].txt"
    shutil.copy(FIXTURES / "latin1.txt", odd)
    [item] = iter_inputs([str(odd)])
    assert item.document is not None and item.key == str(odd)


def test_explicit_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "page.php"
    shutil.copy(FIXTURES / "article-latin1.html", page)
    [item] = iter_inputs([str(page)])
    assert item.document is not None and item.document.outlet == "The Lakeside Courier"
    feed = tmp_path / "feed.cgi"
    shutil.copy(FEEDS / "trafilatura-feed2.rss", feed)
    assert [i.key for i in iter_inputs([str(feed)])] == [f"{feed}#entry 1"]
