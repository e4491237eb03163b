"""The server's guards over real HTTP (uvicorn on 127.0.0.1): the Host allowlist
(DNS rebinding), Origin checks on writes, HEAD, the error page's mode, the analyse size
limit and its bounded worker pool, and the write token's minimum length."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from spacy.language import Language
from web_support import CORPUS, ServedApp

from claimledger.cli import main
from claimledger.web import create_app


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[ServedApp]:
    app = create_app(str(tmp_path / "ledger.db"), allowed_hosts=("ledger.internal",),
                     max_analyse_chars=5_000, analyse_workers=1, analyse_queue=0)
    with ServedApp(app) as running:
        yield running


def article_text() -> str:
    return (CORPUS / "wikinews" / "10718.txt").read_text(encoding="utf-8")


def test_dns_rebinding_post_is_refused(writable: ServedApp) -> None:
    # The reproduction: a page on evil.example, rebound to 127.0.0.1, posts with
    # its own name as Host and Origin. It must not be stored (it was 201).
    foreign = f"evil.example:{writable.port}"
    posted = httpx.post(writable.url + "/articles.json", data={"text": "A said B."},
                        headers={"Host": foreign, "Origin": f"http://{foreign}"})
    assert posted.status_code == 421
    read = httpx.get(writable.url + "/overview.json", headers={"Host": foreign})
    assert read.status_code == 421 and "articles" not in read.text
    assert httpx.get(writable.url + "/overview.json").json()["counts"]["articles"] == 0


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "ledger.internal",
                                  "LEDGER.internal."])
def test_own_names_are_served(writable: ServedApp, host: str) -> None:
    response = httpx.get(writable.url + "/", headers={"Host": f"{host}:{writable.port}"})
    assert response.status_code == 200


def test_writes_from_another_origin_are_refused(writable: ServedApp) -> None:
    own = f"127.0.0.1:{writable.port}"
    for origin in ("http://evil.example", f"http://evil.example:{writable.port}", "null"):
        response = httpx.post(writable.url + "/articles.json", data={"text": "A said B."},
                              headers={"Host": own, "Origin": origin})
        assert response.status_code == 403, origin


def test_head_is_answered_where_get_is(writable: ServedApp) -> None:
    for path in ("/", "/overview", "/overview.json", "/index.json", "/search?q=x",
                 "/search.json?q=x", "/analyse", "/static/app.css"):
        response = httpx.head(writable.url + path)
        assert response.status_code == 200, path
        assert response.content == b""
    assert httpx.head(writable.url + "/articles/nope").status_code == 404


def test_error_page_states_the_real_mode(writable: ServedApp, tmp_path: Path) -> None:
    assert "read-only" not in httpx.get(writable.url + "/nope").text
    with ServedApp(create_app(str(tmp_path / "ro.db"), read_only=True)) as read_only:
        assert "read-only" in httpx.get(read_only.url + "/nope").text


def test_analyse_size_limit_also_when_read_only(writable: ServedApp, tmp_path: Path) -> None:
    long_text = article_text() * 10
    assert len(long_text) > 5_000
    refused = httpx.post(writable.url + "/analyse.json", data={"text": long_text})
    assert refused.status_code == 413
    assert "at most 5,000" in refused.json()["error"]
    app = create_app(str(tmp_path / "ro.db"), read_only=True, max_analyse_chars=1_000)
    with ServedApp(app) as read_only:
        page = httpx.post(read_only.url + "/analyse", data={"text": long_text})
        assert page.status_code == 413 and "at most 1,000" in page.text


def test_a_busy_analyse_pool_answers_503(writable: ServedApp, nlp: Language) -> None:
    pool = writable.server.config.app.state.analyse_pool
    text = article_text() * 3  # under the 5,000 limit, long enough to keep a worker busy
    first: list[httpx.Response] = []
    worker = threading.Thread(target=lambda: first.append(
        httpx.post(writable.url + "/analyse.json", data={"text": text}, timeout=120)))
    worker.start()
    try:
        for _ in range(2000):
            if pool.in_use:
                break
            threading.Event().wait(0.005)
        assert pool.in_use == 1
        busy = httpx.post(writable.url + "/analyse.json", data={"text": text})
        assert busy.status_code == 503
        assert int(busy.headers["retry-after"]) > 0
    finally:
        worker.join(timeout=120)
    assert first and first[0].status_code == 200
    assert pool.in_use == 0


def test_short_tokens_are_refused_at_start(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="16"):
        create_app(str(tmp_path / "l.db"), token="short")
    code = main(["serve", "--db", str(tmp_path / "l.db"), "--token", "short"])
    assert code == 2 and "16 characters" in capsys.readouterr().err
