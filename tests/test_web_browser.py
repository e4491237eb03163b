"""End to end in real headless Chromium: the pages as a reader uses them.

Each step saves a screenshot to ``screenshots/`` (gitignored) for a human to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from spacy.language import Language
from web_support import CORPUS, ServedApp, screenshot

from claimledger.analysis import analyze_document
from claimledger.model import Document
from claimledger.render.html import render_report

pytestmark = pytest.mark.browser

# One ledger and one server for every web test module of the session.
pytest_plugins = ["web_fixtures"]


def wait(driver: Any, seconds: float = 30) -> WebDriverWait:  # type: ignore[type-arg]
    return WebDriverWait(driver, seconds)


def csp_violations(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser")
            if "Content Security Policy" in entry["message"]]


def test_overview_then_a_claim_trace(browser: Any, served: ServedApp) -> None:
    browser.get(served.url + "/")
    assert browser.find_element(By.ID, "counts").text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    screenshot(browser, "overview")
    link = browser.find_element(By.CSS_SELECTOR, "#travelled a.claim-link")
    claim = link.text.rstrip("…").strip()
    link.click()
    wait(browser).until(ec.presence_of_element_located((By.ID, "trace")))
    assert claim[:40] in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, "#trace svg circle")
    assert browser.find_elements(By.CSS_SELECTOR, "#tree .obs")
    assert "independent origin" in browser.find_element(By.ID, "origin-count").text
    screenshot(browser, "claim-trace")
    assert csp_violations(browser) == []


def test_click_a_quote_shows_its_source_card(browser: Any, served: ServedApp) -> None:
    recent = httpx.get(served.url + "/overview.json", timeout=30).json()["recent_articles"]
    busiest = max(recent, key=lambda a: a["n_attributions"])
    browser.get(served.url + busiest["url"])
    quote = browser.find_element(By.CSS_SELECTOR, ".hl.quote[data-source]")
    source_id = quote.get_attribute("data-source")
    card = browser.find_element(By.ID, f"card-{source_id}")
    assert not card.is_displayed()
    quote.click()
    wait(browser, 5).until(lambda _: card.is_displayed())
    data = httpx.get(served.url + busiest["url"] + ".json", timeout=30).json()
    name = next(s["name"] for s in data["analysis"]["sources"] if s["id"] == source_id)
    assert name in card.text
    assert "selected" in quote.get_attribute("class")
    screenshot(browser, "article-source-card")
    card.find_element(By.CSS_SELECTOR, "h3 a").click()
    wait(browser).until(ec.presence_of_element_located((By.ID, "appearances")))
    assert browser.find_elements(By.CSS_SELECTOR, "#appearances .obs")
    screenshot(browser, "source")
    assert csp_violations(browser) == []


def test_search_from_the_form(browser: Any, served: ServedApp) -> None:
    browser.get(served.url + "/search")
    box = browser.find_element(By.ID, "q")
    box.send_keys("markets")
    box.submit()
    wait(browser).until(ec.text_to_be_present_in_element((By.ID, "result-count"), "markets"))
    results = browser.find_elements(By.CSS_SELECTOR, "#claim-results li a")
    assert results
    screenshot(browser, "search")


def test_analyse_a_pasted_article(browser: Any, served: ServedApp, nlp: Language) -> None:
    text = (CORPUS / "wikinews" / "11212.txt").read_text(encoding="utf-8")
    browser.get(served.url + "/analyse")
    area = browser.find_element(By.ID, "text")
    browser.execute_script("arguments[0].value = arguments[1];", area, text)
    browser.find_element(By.ID, "analyse-button").click()
    wait(browser, 60).until(ec.presence_of_element_located((By.ID, "article-text")))
    shown = browser.find_element(By.ID, "article-text").text
    assert shown.split() == text.split()
    expected = analyze_document(Document(text=text))
    quotes = browser.find_elements(By.CSS_SELECTOR, "#article-text .hl.quote")
    assert bool(quotes) == bool(expected.attributions)
    screenshot(browser, "analyse")
    assert csp_violations(browser) == []


def test_report_file_cards_work_offline(browser: Any, tmp_path: Path,
                                        nlp: Language) -> None:
    text = (CORPUS / "seed" / "geran-production-report.txt").read_text(encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text(render_report(analyze_document(Document(text=text, path="seed.txt"))),
                      encoding="utf-8")
    browser.get(report.as_uri())
    quote = browser.find_element(By.CSS_SELECTOR, ".hl.quote[data-source]")
    quote.click()
    card = browser.find_element(By.ID, "card-" + quote.get_attribute("data-source"))
    wait(browser, 5).until(lambda _: card.is_displayed())
    screenshot(browser, "report")
