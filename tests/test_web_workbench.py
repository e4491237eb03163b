"""The workbench in real headless Chromium: browsing with sort and paging, highlight
layer toggles that persist, the source card inside the viewport at 1,400 and 400 px,
no horizontal overflow at 400 px on any page, and the analyse form with every field.

Full-page screenshots of every page at both widths go to ``screenshots/workbench``.
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
from web_support import CORPUS, SCREENSHOTS, ServedApp

pytestmark = pytest.mark.browser
SHOTS = SCREENSHOTS / "workbench"
WIDTHS = (1400, 400)

# One ledger and one server for every web test module of the session.
pytest_plugins = ["web_fixtures"]


def wait(driver: Any, seconds: float = 30) -> WebDriverWait:  # type: ignore[type-arg]
    return WebDriverWait(driver, seconds)


def sized(driver: Any, width: int, height: int = 900) -> None:
    driver.set_window_size(width, height)


def shoot(driver: Any, name: str, width: int) -> Path:
    """A full-page screenshot at ``width``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    sized(driver, width, min(max(height, 800), 6000))
    target = SHOTS / f"{name}-{width}.png"
    driver.save_screenshot(str(target))
    sized(driver, width)
    return target


def busiest_article(app: ServedApp) -> str:
    articles = httpx.get(app.url + "/articles.json?sort=attributions&per_page=1",
                         timeout=30).json()["items"]
    return str(articles[0]["url"])


def copied_claim(app: ServedApp) -> str:
    """The page of a claim cluster with a ``copies`` link (the ledger has one)."""
    items = httpx.get(app.url + "/claims.json?sort=observations&per_page=200",
                      timeout=30).json()["items"]
    for item in items:
        if item["observations"] < 2:
            break
        trace = httpx.get(app.url + str(item["url"]) + ".json", timeout=30).json()
        if any(e["kind"] == "copies" for e in trace["edges"]):
            return str(item["url"])
    raise AssertionError("the test ledger has a copies link")


def every_page(app: ServedApp) -> dict[str, str]:
    def first(path: str) -> str:
        return str(httpx.get(app.url + path, timeout=30).json()["items"][0]["url"])

    return {"overview": "/", "claims": "/claims", "articles": "/articles",
            "sources": "/sources", "outlets": "/outlets", "search": "/search?q=markets",
            "analyse": "/analyse", "article": busiest_article(app),
            "claim": first("/claims.json?per_page=1"),
            "source": first("/sources.json?per_page=1"),
            "outlet": first("/outlets.json?per_page=1"), "trace-copies": copied_claim(app)}


def test_browse_sort_and_page(browser: Any, served: ServedApp) -> None:
    sized(browser, 1400)
    browser.get(served.url + "/claims?per_page=5")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.browse tbody tr")) == 5
    browser.find_element(By.LINK_TEXT, "contradictions").click()
    wait(browser).until(lambda d: "sort=contradictions" in d.current_url)
    sorted_by = browser.find_element(By.CSS_SELECTOR, "th[aria-sort]")
    assert sorted_by.text.startswith("contradictions")
    values = [int(td.text.replace(",", "")) for td in
              browser.find_elements(By.CSS_SELECTOR, "td.c-contradictions")]
    assert values == sorted(values, reverse=True)
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    wait(browser).until(lambda d: "page=2" in d.current_url)
    assert "page 2 of" in browser.find_element(By.CSS_SELECTOR, ".pager").text
    browser.find_element(By.CSS_SELECTOR, "td.c-text a").click()
    wait(browser).until(ec.presence_of_element_located((By.ID, "trace")))
    # A timeline point jumps to its observation's row.
    dot = browser.find_elements(By.CSS_SELECTOR, "#trace svg a circle")[-1]
    dot.click()
    wait(browser, 5).until(lambda d: "#obs-" in d.current_url)
    row = browser.find_element(By.ID, browser.current_url.rsplit("#", 1)[1])
    assert row.tag_name == "tr" and row.is_displayed()


def test_layers_switch_off_and_stay_off(browser: Any, served: ServedApp) -> None:
    sized(browser, 1400)
    browser.get(served.url + busiest_article(served))
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.profile-bars rect")) >= 2
    box = browser.find_element(By.CSS_SELECTOR, "input[data-layer=quote]")
    quote = browser.find_element(By.CSS_SELECTOR, "#article-text .hl.quote")
    coloured = quote.value_of_css_property("background-color")
    box.click()
    assert "off-quote" in browser.find_element(By.ID, "article-text").get_attribute("class")
    assert quote.value_of_css_property("background-color") != coloured
    browser.refresh()
    box = browser.find_element(By.CSS_SELECTOR, "input[data-layer=quote]")
    assert not box.is_selected()
    assert "off-quote" in browser.find_element(By.ID, "article-text").get_attribute("class")
    box.click()
    assert "off-quote" not in browser.find_element(By.ID, "article-text").get_attribute("class")


@pytest.mark.parametrize("width", WIDTHS)
def test_source_card_opens_inside_the_viewport(browser: Any, served: ServedApp,
                                               width: int) -> None:
    sized(browser, width)
    browser.get(served.url + busiest_article(served))
    quotes = browser.find_elements(By.CSS_SELECTOR, "#article-text .hl.quote[data-source]")
    last = quotes[-1]  # far down the page
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", last)
    last.click()
    panel = browser.find_element(By.ID, "card-panel")
    wait(browser, 5).until(lambda _: "floating" in panel.get_attribute("class"))
    box = browser.execute_script(
        "var r = arguments[0].getBoundingClientRect(), q = arguments[1].getBoundingClientRect();"
        "return [r.left, r.top, r.right, r.bottom, window.innerWidth, window.innerHeight,"
        " q.top, q.bottom];", panel, last)
    left, top, right, bottom, view_w, view_h, q_top, q_bottom = box
    assert left >= 0 and right <= view_w and top >= 0 and bottom <= view_h, box
    # Next to the quote: just below or just above it, or overlapping it when tall.
    assert top <= q_bottom + 12 and bottom >= q_top - 12, box
    card = browser.find_element(By.ID, "card-" + last.get_attribute("data-source"))
    assert card.is_displayed()
    shoot(browser, "article-card", width)


def test_no_horizontal_overflow_on_any_page(browser: Any, served: ServedApp) -> None:
    pages = every_page(served)
    print(f"\nscreenshots: {SHOTS}")
    for width in WIDTHS:
        for name, path in pages.items():
            sized(browser, width)
            browser.get(served.url + path)
            widths = browser.execute_script(
                "return [document.documentElement.scrollWidth,"
                " document.documentElement.clientWidth,"
                " document.querySelector('header.site').getBoundingClientRect().width]")
            assert widths[0] <= widths[1] + 1, (name, width, widths)
            assert widths[2] >= widths[1] - 1, (name, width, widths)  # header full width
            if width == 400:
                for size in browser.execute_script(
                        "return Array.from(document.querySelectorAll('svg.chart text'))"
                        ".map(t => t.getBoundingClientRect().height)"):
                    assert size >= 8, (name, size)  # chart labels stay legible
            shoot(browser, name, width)


def test_analyse_form_with_every_field(browser: Any, served: ServedApp,
                                       nlp: Language) -> None:
    sized(browser, 1400)
    browser.get(served.url + "/analyse")
    text = (CORPUS / "wikinews" / "10718.txt").read_text(encoding="utf-8")
    browser.execute_script("document.getElementById('text').value = arguments[0]", text)
    browser.find_element(By.ID, "title").send_keys("Pricing ruling")
    browser.find_element(By.ID, "outlet").send_keys("Example Wire")
    browser.find_element(By.ID, "url").send_keys("https://example.org/pricing")
    browser.execute_script("document.getElementById('published').value = '2008-01-09'")
    shown = browser.execute_script(
        "document.getElementById('analyse-button').click();"
        "return !document.getElementById('analyse-progress').hidden")
    assert shown  # the progress line appears as soon as the form is sent
    wait(browser, 120).until(lambda d: d.find_element(By.TAG_NAME, "h1").text
                             == "Pricing ruling")
    meta = browser.find_element(By.CSS_SELECTOR, "p.meta").text
    assert "Example Wire" in meta and "2008-01-09" in meta and "example.org" in meta
    shoot(browser, "analysed", 1400)


@pytest.mark.parametrize("width", WIDTHS)
def test_trace_page_points_copies_and_reasons(browser: Any, served: ServedApp,
                                              width: int) -> None:
    sized(browser, width)
    browser.get(served.url + copied_claim(served))
    dots = browser.find_elements(By.CSS_SELECTOR, "#trace svg a circle")
    days = [d.find_element(By.TAG_NAME, "title").get_attribute("textContent").split(" · ")[-1]
            for d in dots]
    xs = [float(d.get_attribute("cx")) for d in dots]
    by_day: dict[str, list[float]] = {}
    for day, x in zip(days, xs, strict=True):
        by_day.setdefault(day, []).append(x)
    assert any(len(v) > 1 for v in by_day.values()), by_day  # the ledger has a same-day pair
    for same_day in by_day.values():
        assert len(set(same_day)) == len(same_day), by_day  # spread out, not piled
    # Copies side by side, the shared words marked on both sides.
    pair = browser.find_element(By.CSS_SELECTOR, "#copies .side-by-side")
    sides = pair.find_elements(By.CSS_SELECTOR, ":scope > .obs")
    assert len(sides) == 2 and all(s.find_elements(By.TAG_NAME, "mark") for s in sides)
    # The links' reasons from the linking step.
    reasons = [td.text for td in browser.find_elements(
        By.CSS_SELECTOR, "#origins table tbody td:last-child")]
    assert reasons and all(r.strip() for r in reasons), reasons
    # A point jumps to its observation's row.
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", dots[-1])
    browser.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
        dots[-1])
    wait(browser, 5).until(lambda d: "#obs-" in d.current_url)
    row = browser.find_element(By.ID, browser.current_url.rsplit("#", 1)[1])
    assert row.tag_name == "tr" and row.is_displayed()
    shoot(browser, "trace-copies", width)


def test_analysis_tables_sort_and_rows_jump_to_the_text(browser: Any,
                                                        served: ServedApp) -> None:
    sized(browser, 1400)
    browser.get(served.url + busiest_article(served))
    # Sources table: sort by attributions (a number), both ways.
    table = browser.find_element(By.CSS_SELECTOR, "#sources table")
    head = table.find_elements(By.CSS_SELECTOR, "thead th")[5]
    assert head.text.startswith("attributions")
    for order in ("ascending", "descending"):
        head.click()
        assert head.get_attribute("aria-sort") == order
        values = [int(td.text) for td in table.find_elements(
            By.CSS_SELECTOR, "tbody tr td:nth-child(6)")]
        assert values == sorted(values, reverse=order == "descending"), values
    # Ids only in tooltips: no cell shows "s1"/"c1"/"q1"-like ids.
    cells = [td.text.strip() for td in browser.find_elements(By.CSS_SELECTOR, "tbody td")]
    assert not [c for c in cells if c[:1] in "scq" and c[1:].isdigit()]
    assert browser.find_element(By.CSS_SELECTOR, "#sources tbody tr").get_attribute(
        "title").startswith("source ")
    # A row's link jumps to its place in the text (scrolled into view, flashed).
    for selector in ("#claims a.jump", "#sources a.jump"):
        wait(browser, 5).until(
            lambda d: not d.find_elements(By.CSS_SELECTOR, "#article-text .flash"))
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        link = browser.find_elements(By.CSS_SELECTOR, selector)[-1]
        browser.execute_script("arguments[0].click()", link)
        flashed = wait(browser, 5).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text .flash"))
        top, bottom, height = browser.execute_script(
            "var r = arguments[0].getBoundingClientRect();"
            "return [r.top, r.bottom, window.innerHeight]", flashed[0])
        assert top >= 0 and bottom <= height, (selector, top, bottom, height)
