"""The real pages in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium): log in,
claim, decide with keyboard shortcuts, see the history, escalate, adjudicate. No console errors (a CSP
violation would be one). Screenshots go to ``$ASNWATCH_SCREENSHOTS`` when set (docs/img), else to a temp dir.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import PASSWORD
from review_factory import make_items

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

# Outside CI a machine without the packages skips; in CI (CI=true, after `make test` installed them) a
# missing browser fails the tests instead of hiding them.
NO_BROWSER = not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()) and not os.environ.get("CI")
NO_BROWSER_REASON = "Debian chromium and chromium-driver are not installed (make test installs them)"
pytestmark = pytest.mark.skipif(NO_BROWSER, reason=NO_BROWSER_REASON)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--lang=id"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def shots(tmp_path) -> Path:
    out = Path(os.environ.get("ASNWATCH_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def _wait(driver, condition, timeout: float = 10.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def _log_in(driver, base: str, name: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/queue")
    _wait(driver, lambda d: "/login" in d.current_url)
    driver.find_element(By.ID, "username").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login").click()
    _wait(driver, lambda d: d.current_url.endswith("/queue"))


def _press(driver, key: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.TAG_NAME, "body").send_keys(key)


def _item_id(url: str) -> int:
    return int(url.split("/items/")[1].split("?")[0].split("/")[0])


def _status(store, item_id: int) -> str:
    from pipeline.store import tables

    with store.session() as session:
        return session.get(tables.ReviewItem, item_id).status


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_review_in_a_real_browser(live_server, browser, shots):
    from selenium.webdriver.common.by import By

    base, store = live_server
    make_items(store, 3)
    browser.get(f"{base}/login")
    browser.save_screenshot(str(shots / "login.png"))
    _log_in(browser, base, "ana")
    assert browser.find_element(By.ID, "whoami").text == "ana"
    browser.save_screenshot(str(shots / "queue.png"))

    browser.find_element(By.ID, "next").click()  # claim
    _wait(browser, lambda d: "/items/" in d.current_url)
    first = _item_id(browser.current_url)
    assert "ana" in browser.find_element(By.ID, "claim").text
    assert browser.find_element(By.CSS_SELECTOR, "#post-text mark").text == "coblos nomor 2"
    browser.save_screenshot(str(shots / "item.png"))
    _press(browser, "2")  # toggles the second label, AJAKAN
    assert browser.find_element(By.ID, "label-AJAKAN").is_selected()
    _press(browser, "c")  # confirm: the form submits and the next item is claimed
    _wait(browser, lambda d: "msg=decided" in d.current_url)
    second = _item_id(browser.current_url)
    assert second != first and _status(store, first) == "confirmed"

    _press(browser, "e")  # escalate the second item
    _wait(browser, lambda d: _item_id(d.current_url) != second)
    assert _status(store, second) == "escalated"
    _press(browser, "s")  # skip the third
    _wait(browser, lambda d: "msg=skipped" in d.current_url or "nothing_left" in d.current_url)

    browser.get(f"{base}/items/{first}/history")
    history = browser.find_element(By.ID, "history").text
    assert "item.claimed" in history and "item.decided" in history and "AJAKAN" in history
    browser.save_screenshot(str(shots / "history.png"))
    browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    _wait(browser, lambda d: "/login" in d.current_url)

    _log_in(browser, base, "adi")
    browser.get(f"{base}/adjudicate")
    assert f"/items/{second}" in browser.page_source
    browser.save_screenshot(str(shots / "adjudicate.png"))
    browser.find_element(By.ID, "next").click()  # adjudicators are offered escalated items first
    _wait(browser, lambda d: "/items/" in d.current_url)
    assert _item_id(browser.current_url) == second
    assert "ana" in browser.find_element(By.CSS_SELECTOR, "table.decisions").text
    browser.find_element(By.ID, "note").send_keys("berita, bukan ajakan")
    browser.find_element(By.TAG_NAME, "body").click()  # leave the text field: keys there are text
    _press(browser, "r")
    _wait(browser, lambda d: _status(store, second) == "rejected")

    browser.get(f"{base}/dashboard")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart")) == 3
    browser.save_screenshot(str(shots / "dashboard.png"))
    browser.get(f"{base}/lang/en?next=/queue")
    assert browser.find_element(By.CSS_SELECTOR, "nav a[aria-current='page']").text == "Queue"
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_shortcuts_are_ignored_while_typing_a_note(live_server, browser):
    from selenium.webdriver.common.by import By

    base, store = live_server
    make_items(store, 1)
    _log_in(browser, base, "budi")
    browser.find_element(By.ID, "next").click()
    _wait(browser, lambda d: "/items/" in d.current_url)
    item = _item_id(browser.current_url)
    browser.find_element(By.ID, "note").send_keys("c r e 2 n s")
    assert browser.find_element(By.ID, "note").get_attribute("value") == "c r e 2 n s"
    assert not browser.find_element(By.ID, "label-AJAKAN").is_selected()
    assert _status(store, item) == "in_review"
