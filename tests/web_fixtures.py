"""Fixtures of the web tests (a plugin: ``pytest_plugins = ["web_fixtures"]``): one
ledger of real articles, the app served over it, and headless Chromium, each once per
session whichever web test modules run."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from web_support import CHROMEDRIVER, CHROMIUM, ServedApp, build_ledger, ledger_inputs


@pytest.fixture(scope="session")
def web_ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_ledger(tmp_path_factory.mktemp("web") / "ledger.db", ledger_inputs())


@pytest.fixture(scope="session")
def served(web_ledger: str) -> Iterator[ServedApp]:
    from claimledger.web import create_app

    with ServedApp(create_app(web_ledger)) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (``scripts/service-chromium.sh install`` puts it in /usr/bin)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="claimledger-chromium-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                "--window-size=1300,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


