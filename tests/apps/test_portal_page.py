"""The portal page server, run in-process: page, local widget bundle, headers, data-use line."""

from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.apps import portal_page
from bot.config.settings import load_settings
from tests.conftest import run_coroutine


def fetch(settings, path: str):
    async def go():
        async with TestClient(TestServer(portal_page.create_app(settings))) as client:
            response = await client.get(path)
            return response.status, dict(response.headers), await response.read()
    return run_coroutine(go())


@pytest.fixture()
def settings(monkeypatch):
    monkeypatch.delenv("BROKER_WEB_SOCKET_URL", raising=False)
    return load_settings()


def test_data_use_line_is_the_greeting_line_of_the_domain(tmp_path):
    domain = tmp_path / "domain.yml"
    domain.write_text("responses:\n  utter_data_use_notice:\n    - text: \"Kept for <them>.\"\n")
    assert portal_page.data_use_notice(domain) == "Kept for <them>."
    assert "Helpdesk" in portal_page.data_use_notice()


def test_page_states_data_use_and_loads_everything_locally(settings):
    status, headers, body = fetch(settings, "/")
    page = body.decode()
    assert status == 200
    assert portal_page.data_use_notice() in page
    assert 'src="/vendor/rasa-webchat.js"' in page and 'src="/static/chat.js"' in page
    assert "http" not in page.split("<body>")[1].replace(settings.helpdesk_contact_url, ""), \
        "no address outside this server is loaded"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert f"ws://127.0.0.1:{settings.rasa_port}" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_page_text_is_escaped(settings, monkeypatch):
    monkeypatch.setattr(portal_page, "data_use_notice",
                        lambda **_: "<script>alert(1)</script>")
    _, _, body = fetch(settings, "/")
    assert b"<script>alert(1)" not in body and b"&lt;script&gt;alert(1)" in body


def test_widget_bundle_and_static_files_are_served(settings):
    status, headers, body = fetch(settings, "/vendor/rasa-webchat.js")
    assert status == 200 and headers["Content-Type"].startswith("application/javascript")
    assert b"WebChat" in body and b"fonts.googleapis.com" not in body, \
        "the widget loads no stylesheet from elsewhere"
    assert b"fonts.googleapis.com" in portal_page.WIDGET_BUNDLE.read_bytes()
    status, _, body = fetch(settings, "/static/chat.js")
    assert status == 200 and b"WebChat.default" in body


def test_public_socket_address_behind_a_proxy(settings):
    behind_proxy = replace(settings, web_socket_url="https://chat.example.eu")
    _, headers, body = fetch(behind_proxy, "/")
    assert 'data-socket-url="https://chat.example.eu"' in body.decode()
    assert "wss://chat.example.eu" in headers["Content-Security-Policy"]


def test_missing_widget_is_named(settings, monkeypatch, tmp_path):
    monkeypatch.setattr(portal_page, "WIDGET_BUNDLE", tmp_path / "index.js")
    with pytest.raises(portal_page.WidgetMissing, match="make web"):
        portal_page.create_app(settings)


def test_page_hostname_from_the_host_header():
    assert portal_page.page_hostname("chat.example.eu:8000") == "chat.example.eu"
    assert portal_page.page_hostname("[::1]:8000") == "[::1]"
    assert portal_page.page_hostname("evil; script-src *") == "127.0.0.1"


def test_the_page_and_its_chat_start_in_the_portals_or_the_browsers_language(settings):
    async def go():
        async with TestClient(TestServer(portal_page.create_app(settings))) as client:
            pages = []
            for path, accept in (("/?lang=tr", "de"), ("/", "pt-PT,pt;q=0.9,en;q=0.5"),
                                 ("/", "cs, sk"), ("/?lang=xx", "")):
                response = await client.get(path, headers={"Accept-Language": accept})
                pages.append((response.headers["Content-Language"], await response.text()))
            return pages
    (turkish, page_tr), (portuguese, page_pt), (czech, page_cs), (unknown, _) = \
        run_coroutine(go())
    assert (turkish, portuguese, czech, unknown) == ("tr", "pt", "en", "en")
    assert '<html lang="tr">' in page_tr and 'data-language="tr"' in page_tr
    assert portal_page.data_use_notice(language="tr") in page_tr
    assert portal_page.data_use_notice(language="tr") != portal_page.data_use_notice()
    assert portal_page.data_use_notice(language="pt") in page_pt
    assert portal_page.data_use_notice() in page_cs
