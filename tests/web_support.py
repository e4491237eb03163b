"""Fixtures of the web tests: a small ledger of real articles, the app served by uvicorn
in a background thread on 127.0.0.1, and headless Chromium driven by Selenium.

Imported by the ``test_web_*`` modules; the fixtures are in ``web_fixtures`` (a
plugin: ``pytest_plugins = ["web_fixtures"]``, so every module shares one ledger and
one server per session). The ledger is built once per session by the real
pipeline (ingest, then linking) from Wikinews texts, a few html-benchmark pages covering
one story, and the seed report.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# Six outlets' pages on the impeachment hearings and Hong Kong (html-benchmark ids).
HTML_PAGES = (
    "360c732d1fdbfc6895d7096c0c0b8c0d581bb1af80160f4c6a0f1fd9ff85e469",
    "5fa3154ec031ab35411a457d78eb5aa92c0e803c5329bd05c001e6d64009e206",
    "624fcd903d56fc7055fa7097b330629450c095ad6937318deb027be7803bbf35",
    "7a664e40d256470fdb12d10c3f8d1c6db0581e9b080c71765e55f273a3ac7d03",
    "82b6d780c792df78dcfb00484d50c86fbc7f324a9eb5835b7615f028edb9a574",
    "8380689f358c1e3a0f6fca6e11ed13e5304a74060139f7a584347db213950446",
)


def wikinews_about(word: str, count: int) -> list[str]:
    """The first ``count`` Wikinews texts (by name) mentioning ``word``: one subject, so
    claims and sources recur across articles."""
    found = [p for p in sorted((CORPUS / "wikinews").glob("*.txt"))
             if word in p.read_text(encoding="utf-8")]
    return [str(p) for p in found[:count]]


def ledger_inputs() -> list[str]:
    """The ledger's inputs, each once (an article can be about markets and Boeing)."""
    found = [*wikinews_about("market", 10), *wikinews_about("Boeing", 4),
             *(str(CORPUS / "html-benchmark" / "html" / f"{i}.html.gz") for i in HTML_PAGES),
             str(CORPUS / "seed" / "geran-production-report.txt")]
    return list(dict.fromkeys(found))


def build_ledger(path: Path, inputs: list[str]) -> str:
    """Ingest ``inputs`` into a new SQLite ledger at ``path`` and link it; its URL."""
    from claimledger.ledger.ingest import ingest
    from claimledger.ledger.links import link_ledger
    from claimledger.ledger.store import open_store

    store = open_store(str(path))
    try:
        report = ingest(inputs, store, progress=False)
        assert report.failed == 0, report.failures
        link_ledger(store)
    finally:
        store.close()
    return str(path)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServedApp:
    """An ASGI app served by uvicorn on 127.0.0.1 in a daemon thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ServedApp:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def screenshot(driver: Any, name: str) -> Path:
    """Save the whole page as ``screenshots/<name>.png`` (for a human to look at)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1300, min(max(int(height), 800), 4000))
    driver.save_screenshot(str(target))
    driver.set_window_size(1300, 1000)
    return target
