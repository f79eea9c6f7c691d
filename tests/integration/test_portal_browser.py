"""The portal page and its chat widget in a real browser (Debian's Chromium driven by Playwright)
against the real Rasa server over socket.io. Screenshots go to test-artefacts/portal/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.apps.portal_page import data_use_notice
from bot.storage.models import IntakeAnswer
from bot.storage.session import session_scope
from tests.integration.conftest import TEST_SERVICE, TEST_SERVICE_URL, api, wait_for

pytestmark = pytest.mark.integration
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "portal"
REPLY_S = 60_000  # ms; the first message after start-up waits for the model to warm up
SESSION_KEY = "chat_session"


@pytest.fixture(scope="module")
def portal(servers) -> str:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return f"http://127.0.0.1:{servers.web_port}/"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"))


def conversation(page: Page):
    return page.get_by_role("log", name="Conversation with the Helpdesk assistant")


def bot_says(page: Page, text: str | re.Pattern, timeout: float = REPLY_S) -> None:
    expect(conversation(page).locator(".rw-response").filter(has_text=text).last) \
        .to_be_visible(timeout=timeout)


def type_message(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Your message")
    box.fill(text)
    box.press("Enter")


def open_chat(page: Page, portal: str) -> None:
    page.goto(portal)
    page.get_by_role("button", name="Open the Helpdesk chat").click()


def session_id(page: Page) -> str:
    """rasa-webchat keeps its session (with Rasa's conversation id) in local storage."""
    return page.evaluate(f"JSON.parse(localStorage.getItem('{SESSION_KEY}')).session_id")


def test_whole_orientation_then_reload_and_a_new_browser(servers, browser, portal, sqlite_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(portal)
    notice = data_use_notice()
    expect(page.locator("#data-use")).to_have_text(notice)
    shot(page, "1-portal-page")

    page.get_by_role("button", name="Open the Helpdesk chat").click()
    bot_says(page, "Which city or municipality")
    bot_says(page, notice)  # the greeting repeats the page's line on data use
    shot(page, "2-greeting")

    type_message(page, "we are from valongo")
    bot_says(page, "Valongo, Portugal: noted.")
    # Keyboard only: Tab to the answer button, Enter to choose it.
    planning = page.get_by_role("button", name="Yes, we plan to set a climate-neutral target")
    expect(planning).to_be_visible()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == \
                "Yes, we plan to set a climate-neutral target":
            break
    shot(page, "3-keyboard-focus-on-an-answer")
    page.keyboard.press("Enter")
    bot_says(page, "most important challenges")

    type_message(page, "the upfront costs of retrofitting are too high and we cannot find "
                       "co-financing")
    bot_says(page, "mainly about funding and financing")
    bot_says(page, "How could NetZeroCities assist you")
    page.get_by_role("button", name="Access to funding").click()
    bot_says(page, "Here is support that fits Valongo, Portugal")

    for _ in range(10):
        if conversation(page).get_by_role("link", name=TEST_SERVICE).count():
            break
        page.get_by_role("button", name="Show more").last.click()
        page.wait_for_timeout(1500)
    link = conversation(page).get_by_role("link", name=TEST_SERVICE)
    link.scroll_into_view_if_needed()
    shot(page, "4-recommendations")
    offer = conversation(page).locator(".rw-response").filter(
        has=page.get_by_role("link", name=TEST_SERVICE))
    expect(offer).to_contain_text("access to funding")  # name and reason in one message
    expect(link).to_have_attribute("href", TEST_SERVICE_URL)
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    # The service's own site lives outside this machine: the browser gets a stand-in page.
    context.route(TEST_SERVICE_URL, lambda route: route.fulfill(
        body="<title>Valongo desk</title>", content_type="text/html"))
    with page.expect_popup() as opened:
        link.click()
    opened.value.wait_for_load_state()
    assert opened.value.url == TEST_SERVICE_URL, "the link opens the service's page in a new tab"
    assert opened.value.title() == "Valongo desk"
    opened.value.close()

    sender = session_id(page)
    with session_scope(sqlite_url) as session:
        intake = session.execute(select(IntakeAnswer).where(
            IntakeAnswer.conversation_id == sender)).scalar_one()
        assert (intake.city, intake.readiness, intake.support_wanted) == (
            "Valongo", "planning_target", ["funding"])

    page.reload()  # the chat stays open, with its history
    bot_says(page, "Valongo, Portugal: noted.", timeout=10_000)
    assert session_id(page) == sender
    type_message(page, "hi")
    bot_says(page, "Welcome back!")  # and Rasa still knows the conversation
    shot(page, "5-after-reload")

    fresh = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    open_chat(fresh, portal)
    bot_says(fresh, "Which city or municipality")
    expect(conversation(fresh)).not_to_contain_text("Valongo, Portugal: noted.")
    assert session_id(fresh) != sender, "a new browser gets a new conversation"
    fresh.context.close()
    context.close()
    assert not [error for error in errors if "Content Security Policy" in error], errors


def test_phone_screen_and_a_helpdesk_reply_arrives_live(servers, browser, portal):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    open_chat(page, portal)
    bot_says(page, "Which city or municipality")
    box = page.locator(".rw-conversation-container").bounding_box()
    assert box["width"] >= 380 and box["x"] <= 5, "the open chat fills a phone's width"
    expect(page.get_by_role("textbox", name="Your message")).to_be_in_viewport()
    shot(page, "6-phone")

    type_message(page, "I want to talk to a person")
    bot_says(page, re.compile("Helpdesk"))
    sender = session_id(page)
    escalation = wait_for(lambda: next(
        (item for item in api(servers, "GET", "/api/escalations").json()["escalations"]
         if item["conversation_id"] == sender), None))
    answer = "Hello from the Helpdesk, this is Ana. <b>Not bold</b>"
    assert api(servers, "POST", f"/api/escalations/{escalation['id']}/reply",
               json={"text": answer}).status_code == 200
    bot_says(page, "Hello from the Helpdesk, this is Ana.", timeout=20_000)
    expect(conversation(page).locator("b")).to_have_count(0)
    shot(page, "7-helpdesk-reply-on-phone")
    context.close()


def test_server_stopped_mid_chat_shows_a_message_and_reconnects(stack, browser, portal):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    open_chat(page, portal)
    bot_says(page, "Which city or municipality")
    status = page.locator("#chat-status")
    try:
        stack.stop_rasa()
        expect(status).to_be_visible(timeout=30_000)
        expect(status).to_contain_text("cannot be reached")
        expect(status).to_have_attribute("role", "alert")
        # Nothing can be typed into the void meanwhile.
        expect(page.get_by_role("textbox", name="Your message")).to_be_disabled()
        shot(page, "8-server-stopped")
    finally:
        stack.start_rasa()
    expect(status).to_contain_text("The assistant is back", timeout=60_000)
    type_message(page, "we are from Valongo")
    bot_says(page, "Valongo, Portugal: noted.")  # the same conversation goes on
    expect(conversation(page)).to_contain_text("Which city or municipality")
    shot(page, "9-reconnected")
    page.context.close()


def test_a_turkish_portal_page_chats_in_turkish_to_the_recommendations(servers, browser, portal):
    from bot.domain.translations import translated_responses

    def words(response: str) -> str:
        return re.split(r"[{\n]", translated_responses("tr")[response][0]["text"])[0][:40]

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_chat(page, f"{portal}?lang=tr")
    expect(page.locator("#data-use")).to_have_text(data_use_notice(language="tr"))
    bot_says(page, words("utter_greet"))
    bot_says(page, words("utter_ask_city"))
    type_message(page, "Bolu, Türkiye")
    bot_says(page, words("utter_ask_readiness"))
    conversation(page).get_by_role("button", name=re.compile("hedef", re.IGNORECASE)).first.click()
    bot_says(page, words("utter_ask_challenges"))
    type_message(page, "Binaların enerji yenilemesi için yeterli finansman bulamıyoruz")
    bot_says(page, re.compile(re.escape(words("utter_ask_support_wanted")) + "|"
                              + re.escape(words("utter_ask_pathways_confirmed"))))
    if conversation(page).locator(".rw-response").filter(
            has_text=words("utter_ask_pathways_confirmed")).count():
        type_message(page, "evet")
        bot_says(page, words("utter_ask_support_wanted"))
    type_message(page, "Finansmana erişim")
    bot_says(page, words("utter_descriptions_in_english"))
    shot(page, "turkish-recommendations")
    context.close()
