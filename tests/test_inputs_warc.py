"""WARC/ARC archives: every sample iterates without exceptions; failures are per record."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.inputs import InputItem, iter_inputs

WARC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "warc"


def _items(name: str) -> list[InputItem]:
    return list(iter_inputs([str(WARC / name)]))


# news-benchmark-181 is counted in its own test, so that it is parsed once only.
@pytest.mark.parametrize("name", sorted(p.name for p in WARC.iterdir()
                                        if p.name != "news-benchmark-181.warc.gz"))
def test_every_sample_archive_iterates_without_exceptions(name: str) -> None:
    for item in _items(name):
        assert (item.document is None) != (item.failure is None)
        assert item.key.startswith(str(WARC / name) + "#")
        if item.failure is not None:
            assert item.failure.record is not None
            assert item.key.endswith(item.failure.record)
            assert "\n" not in item.failure.reason
        else:
            assert item.document is not None and item.document.text.strip()
            assert item.document.url is not None and item.document.url.startswith("http")


def test_news_benchmark_yields_one_item_per_page() -> None:
    items = _items("news-benchmark-181.warc.gz")
    documents = [item.document for item in items if item.document is not None]
    failures = [item.failure for item in items if item.failure is not None]
    assert len(items) == 181
    assert len(documents) >= 175
    assert all("no article text" in f.reason for f in failures)
    assert len({item.key for item in items}) == 181
    assert all(d.url and d.outlet and d.title and d.published for d in documents)
    assert sum(1 for d in documents if d.path == str(WARC / "news-benchmark-181.warc.gz")) == len(
        documents)


def test_keys_are_stable_across_runs() -> None:
    first = [item.key for item in _items("resiliparse-warcfile.warc.gz")]
    assert first == [item.key for item in _items("resiliparse-warcfile.warc.gz")]
    assert len(first) == 16  # the 16 HTML responses; requests and metadata skipped


def test_bad_arc_records_are_failures_with_offsets() -> None:
    items = _items("warcio-bad.arc")
    assert items and all(item.failure is not None for item in items)
    offsets = [item.failure.record for item in items if item.failure is not None]
    assert all(o is not None and o.startswith("offset ") for o in offsets)
    assert len(set(offsets)) == len(offsets)


@pytest.mark.parametrize("name", ["warcio-example-bad.warc.gz.bad",
                                  "warcio-example-bad-non-chunked.warc.gz"])
def test_gzip_not_per_record_is_reread_decompressed(name: str) -> None:
    items = _items(name)
    assert [item.failure for item in items] == [None]
    document = items[0].document
    assert document is not None and "Example Domain" in (document.title or document.text)


def test_wrong_chunks_sample_is_reread_and_its_digest_checked() -> None:
    # Re-read decompressed (no framing failure), but its block does not match the
    # block digest it declares (checked by hand: no length near 1,613 bytes matches
    # either), so the page is refused rather than stored.
    [item] = _items("warcio-example-wrong-chunks.warc.gz")
    assert item.failure is not None and item.failure.record is not None
    assert item.failure.record.startswith("uncompressed offset 0 sha1:")
    assert item.failure.reason.startswith("digest mismatch")


def test_arc_and_resource_files_give_their_pages() -> None:
    for name in ("warcio-example.arc", "warcio-example.arc.gz",
                 "warcio-example-resource.warc.gz"):
        assert any(item.document is not None for item in _items(name)), name


@pytest.mark.parametrize(("name", "offset", "word"), [
    # Cut 13,068 bytes short of its declared Content-Length (it is "clipped").
    ("resiliparse-clipped.warc.gz", "offset 0 ", "truncated"),
    # Its block and payload no longer match their SHA-1 digests.
    ("warcio-example-trunc.warc", "offset 1197 ", "digest mismatch"),
    # Its HTTP headers' CRLFs became LFs: 12 bytes short of the declared 1,591.
    ("warcio-example-space-in-url.arc", "offset 151 ", "truncated"),
])
def test_samples_that_are_not_whole_are_refused(name: str, offset: str, word: str) -> None:
    items = _items(name)
    assert all(item.document is None for item in items)
    failures = [item.failure for item in items if item.failure is not None]
    assert [f.record is not None and f.record.startswith(offset) for f in failures] == [True]
    assert failures[0].reason.startswith(word)


def test_broken_archive_does_not_stop_the_next_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.warc.gz"
    data = (WARC / "warcio-example.warc.gz").read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"this is not an archive at all\r\n\r\n")
    items = list(iter_inputs([str(garbage), str(broken), str(WARC / "warcio-example.arc")]))
    assert items[0].failure is not None and items[0].failure.name == str(garbage)
    assert items[-1].document is not None
    assert items[-1].key.startswith(str(WARC / "warcio-example.arc"))
