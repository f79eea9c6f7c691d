"""The portal page: a plain page standing in for the NetZeroCities portal, with the chat widget.

Everything the page needs is served from here (the pinned rasa-webchat bundle installed by npm
included), so it works with no internet. The data-use line comes from the domain's
`utter_data_use_notice`, the same text the bot says in its greeting.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml
from aiohttp import web

from bot.config.settings import PROJECT_ROOT, Settings
from bot.domain.languages import DEFAULT_LANGUAGE, LANGUAGES, supported
from bot.domain.translations import translated_responses

WEB_DIR = PROJECT_ROOT / "web"
WIDGET_BUNDLE = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
NOTICE_RESPONSE = "utter_data_use_notice"
# The widget's stylesheet imports a web font from Google; browsers would send every visitor's
# address there. The page uses the system font instead, and loads nothing from elsewhere.
_EXTERNAL_IMPORT = re.compile(r"@import url\(https?://[^)]*\);?")
_HOSTNAME = re.compile(r"^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d+)?$")
PAGE = jinja2.Environment(loader=jinja2.FileSystemLoader(WEB_DIR),
                          autoescape=True).get_template("index.html")


class WidgetMissing(RuntimeError):
    """The npm package is not installed (`make web`)."""


def data_use_notice(domain_file: Path = DOMAIN_FILE, language: str = DEFAULT_LANGUAGE) -> str:
    """The one line on how answers are used, as the bot's greeting says it (in `language`)."""
    translated = translated_responses(supported(language)).get(NOTICE_RESPONSE)
    if translated:
        return translated[0]["text"]
    domain = yaml.safe_load(domain_file.read_text(encoding="utf-8"))
    return domain["responses"][NOTICE_RESPONSE][0]["text"]


def page_language(query_language: str | None, accept_language: str | None) -> str:
    """The page's language, which the chat starts in: `?lang=` when the portal sets it, else
    the browser's first language the bot speaks, else English."""
    if query_language in LANGUAGES:
        return query_language
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        code = "nb" if code in ("no", "nn") else code
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def widget_bundle(path: Path = WIDGET_BUNDLE) -> bytes:
    """The pinned rasa-webchat bundle, without its external stylesheet imports."""
    if not path.is_file():
        raise WidgetMissing(f"{path} is missing: install the chat widget with `make web`")
    return _EXTERNAL_IMPORT.sub("", path.read_text(encoding="utf-8")).encode("utf-8")


def page_hostname(host_header: str) -> str:
    """The host name the browser used for the page (the socket server is on the same host)."""
    match = _HOSTNAME.match(host_header or "")
    return match.group(1) if match else "127.0.0.1"


def socket_origins(settings: Settings, page_host: str) -> list[str]:
    """Origins the page's script connects to (socket.io polls over HTTP, then upgrades)."""
    if settings.web_socket_url:
        parts = urlsplit(settings.web_socket_url)
        secure = parts.scheme == "https"
        netloc = parts.netloc
    else:
        secure = False
        netloc = f"{page_host}:{settings.rasa_port}"
    return [f"{'https' if secure else 'http'}://{netloc}", f"{'wss' if secure else 'ws'}://{netloc}"]


def security_headers(settings: Settings, page_host: str) -> dict[str, str]:
    connect = " ".join(["'self'", *socket_origins(settings, page_host)])
    return {
        # The widget injects its own <style> elements, hence 'unsafe-inline' for styles only.
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; "
            f"connect-src {connect}; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


def create_app(settings: Settings) -> web.Application:
    bundle = widget_bundle(WIDGET_BUNDLE)
    notices: dict[str, str] = {}  # read once per language, not on every page view

    @web.middleware
    async def with_security_headers(request: web.Request, handler) -> web.StreamResponse:
        response = await handler(request)
        response.headers.update(security_headers(settings, page_hostname(request.host)))
        return response

    async def page(request: web.Request) -> web.Response:
        language = page_language(request.query.get("lang"),
                                 request.headers.get("Accept-Language"))
        if language not in notices:
            notices[language] = data_use_notice(language=language)
        html = PAGE.render(data_use=notices[language], language=language,
                           socket_url=settings.web_socket_url,
                           rasa_port=settings.rasa_port,
                           contact_url=settings.helpdesk_contact_url)
        return web.Response(text=html, content_type="text/html",
                            headers={"Cache-Control": "no-cache", "Content-Language": language,
                                     "Vary": "Accept-Language"})

    async def widget(request: web.Request) -> web.Response:
        return web.Response(body=bundle, content_type="application/javascript",
                            headers={"Cache-Control": "public, max-age=3600"})

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(middlewares=[with_security_headers])
    app.router.add_get("/", page)
    app.router.add_get("/vendor/rasa-webchat.js", widget)
    app.router.add_get("/health", health)
    app.router.add_static("/static/", WEB_DIR / "static")
    return app


def run_portal(settings: Settings) -> None:
    web.run_app(create_app(settings), host=settings.web_host, port=settings.web_port,
                print=partial(print, flush=True), access_log=None)
