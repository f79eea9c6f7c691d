"""The Helpdesk console in a real browser (Debian's Chromium driven by Playwright): sign in,
open the escalation, reply, resolve. Screenshots of each step go to test-artefacts/console/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import STAFF, say, texts

pytestmark = pytest.mark.integration
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "console"


def test_sign_in_open_reply_resolve(servers, browser):
    sender = "browser-escalation"
    say(servers, sender, "hi")
    say(servers, sender, "I want to talk to a person")
    say(servers, sender, "<img src=x onerror=alert(1)> please call us")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    console = f"http://127.0.0.1:{servers.helpdesk_port}"

    page.goto(f"{console}/")
    assert page.url.endswith("/login"), "the console asks to sign in first"
    page.fill("#username", STAFF[0])
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    assert page.get_by_role("alert").inner_text() == "Wrong user name or password."
    page.fill("#username", STAFF[0])
    page.fill("#password", STAFF[1])
    page.click("button[type=submit]")
    page.screenshot(path=str(ARTEFACTS / "1-queue.png"), full_page=True)

    row = page.locator("tr", has_text="asked to talk to a person").last
    row.locator("a").click()
    page.wait_for_selector("#transcript")
    transcript = page.locator("#transcript")
    assert "I want to talk to a person" in transcript.inner_text()
    assert "<img src=x onerror=alert(1)> please call us" in transcript.inner_text()
    assert transcript.locator("img").count() == 0, "user text is shown as text"
    page.screenshot(path=str(ARTEFACTS / "2-escalation.png"), full_page=True)

    page.fill("#reply", "Hello, this is Ana. We will call you tomorrow.")
    page.click("text=Send reply")
    page.wait_for_selector("text=helpdesk (ana)")
    assert "We will call you tomorrow." in page.locator("#transcript").inner_text()
    page.screenshot(path=str(ARTEFACTS / "3-replied.png"), full_page=True)

    page.click("text=Resolve and hand back to the bot")
    page.wait_for_url(f"{console}/")
    assert sender not in page.content()
    page.screenshot(path=str(ARTEFACTS / "4-resolved.png"), full_page=True)
    page.close()

    assert "net greenhouse-gas emissions" in texts(
        say(servers, sender, "what does climate neutrality mean?")), "the bot is back"


def test_the_insights_page_shows_charts_signed_in_and_asks_to_sign_in_otherwise(servers,
                                                                                  browser):
    console = f"http://127.0.0.1:{servers.helpdesk_port}"
    stranger = browser.new_page()
    stranger.goto(f"{console}/insights")
    assert stranger.url.endswith("/login"), "signed out, the figures are not shown"
    stranger.close()

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{console}/login")
    page.fill("#username", STAFF[0])
    page.fill("#password", STAFF[1])
    page.click("button[type=submit]")
    page.click("text=Needs insights")
    page.wait_for_selector("h1:has-text('Needs insights')")
    assert page.locator("section#readiness svg rect").count() >= 4, "the readiness bars"
    assert page.locator("section#countries svg path[data-country='PT']").count() == 1, "the map"
    assert page.locator("section#readiness_by_pathway svg rect").count() == 4 * 6, \
        "the heat table: a cell per readiness answer and pathway"
    page.select_option("select[name=language]", "tr")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_selector("select[name=language] option[value=tr][selected]", state="attached")
    assert "language=tr" in page.url and "n = " in page.inner_text("main")
    page.screenshot(path=str(ARTEFACTS / "5-insights.png"), full_page=True)
    page.close()
