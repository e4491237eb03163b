"""Escaping, Content-Security-Policy, the body limit, write tokens and read-only mode."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from spacy.language import Language
from web_support import CORPUS

from claimledger.cli import main
from claimledger.cli.serve import check_listen
from claimledger.web import create_app

LOCAL = ("127.0.0.1", 50000)
BASE = "http://127.0.0.1"  # a Host the app answers to (it refuses "testserver")
HOSTILE = ('\n“<script>alert("x")</script> is fine,” said "Mr <img src=x onerror=alert(1)>" '
           'Smith" onmouseover="alert(2)", a spokesman.\n')


def article_text() -> str:
    return (CORPUS / "wikinews" / "10718.txt").read_text(encoding="utf-8") + HOSTILE


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture
def ledger_url(tmp_path: Path) -> str:
    return str(tmp_path / "ledger.db")


@pytest.fixture
def local(ledger_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(ledger_url), client=LOCAL, base_url=BASE) as client:
        yield client


def test_stored_article_markup_renders_as_text(local: TestClient, nlp: Language) -> None:
    posted = local.post("/articles.json", data={"text": article_text()})
    assert posted.status_code == 201, posted.text
    page = local.get(posted.json()["article_url"])
    assert page.status_code == 200
    html = page.text
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    tags = tags_of(html)
    assert [t for t, _ in tags].count("script") == 1
    assert [a for t, a in tags if t == "script"] == [{"src": "/static/app.js", "defer": None}]
    for tag, attrs in tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "style" not in attrs, tag


def test_every_response_has_a_strict_csp(local: TestClient) -> None:
    for path in ("/", "/overview.json", "/search?q=x", "/analyse", "/nope", "/static/app.js"):
        response = local.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "eval(" not in local.get("/static/app.js").text


@pytest.mark.parametrize("path", ["/analyse", "/analyse.json", "/articles"])
def test_bodies_over_the_limit_are_refused(ledger_url: str, path: str) -> None:
    app = create_app(ledger_url, max_body=2000)
    with TestClient(app, client=LOCAL, base_url=BASE) as client:
        declared = client.post(path, data={"text": "x" * 5000})
        assert declared.status_code == 413

        def chunks() -> Iterator[bytes]:
            for _ in range(10):
                yield b"text=" + b"y" * 500

        streamed = client.post(path, content=chunks(),
                               headers={"content-type": "application/x-www-form-urlencoded"})
        assert streamed.status_code == 413
    if path.endswith(".json"):
        assert declared.json()["status"] == 413
    else:
        assert "too large" in declared.text and declared.headers["content-type"].startswith(
            "text/html")


def test_writes_need_the_token_when_one_is_set(ledger_url: str, nlp: Language) -> None:
    token = "s3cret-token-long-enough"
    app = create_app(ledger_url, token=token)
    with TestClient(app, client=LOCAL, base_url=BASE) as client:
        text = article_text()
        assert client.post("/articles.json", data={"text": text}).status_code == 401
        assert client.post("/articles.json", data={"text": text, "token": "wrong"}
                           ).status_code == 401
        ok = client.post("/articles.json", data={"text": text},
                         headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 201
        again = client.post("/articles.json", data={"text": text, "token": token})
        assert again.status_code == 200 and again.json()["stored"] is False
        assert "password" in client.get("/analyse").text


def test_without_a_token_only_local_clients_write(ledger_url: str) -> None:
    app = create_app(ledger_url)
    with TestClient(app, client=("203.0.113.9", 40000), base_url=BASE) as remote:
        assert remote.post("/articles.json", data={"text": "Some text."}).status_code == 403


def test_cross_site_form_posts_are_refused(local: TestClient) -> None:
    response = local.post("/articles", data={"text": "Some text."},
                          headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_read_only_registers_no_write_route(ledger_url: str) -> None:
    app: FastAPI = create_app(ledger_url, read_only=True)
    writes = [r for r in app.routes if "POST" in getattr(r, "methods", set())
              and getattr(r, "path", "").startswith("/articles")]
    assert writes == []
    with TestClient(app, client=LOCAL, base_url=BASE) as client:
        for path in ("/articles", "/articles.json"):
            assert client.post(path, data={"text": "Some text."}).status_code in (404, 405)
        assert "add to the ledger" not in client.get("/analyse").text.lower()


def test_serve_refuses_a_public_address_without_a_token(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CLAIMLEDGER_TOKEN", raising=False)
    code = main(["serve", "--db", str(tmp_path / "l.db"), "--host", "0.0.0.0"])
    assert code == 2 and "--token" in capsys.readouterr().err
    assert check_listen("127.0.0.1", None, False) is None
    assert check_listen("::1", None, False) is None
    assert check_listen("192.0.2.1", "tok", False) is None
    assert check_listen("192.0.2.1", None, False) is not None
