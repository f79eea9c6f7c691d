"""The action server: rasa-sdk's own app, which answers Rasa only when the request carries the
shared token (rasa-sdk has no check of its own; Rasa sends it as a header, see endpoints.yml)."""

from __future__ import annotations

import logging

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

from bot.domain.bearer import bearer_matches
from bot.domain.translations import localised

OPEN_PATHS = frozenset({"/health"})  # for load balancers and the runner's readiness check


def create_action_app(token: str, actions_package: str = "actions") -> Sanic:
    """rasa-sdk's app for `actions_package`, closed to requests without `token`."""
    if not token:
        raise ValueError("the action server needs a token (ACTION_SERVER_TOKEN)")
    app = create_app(actions_package, cors_origins=None)

    @app.middleware("request")
    async def require_token(request: Request):
        if request.path in OPEN_PATHS:
            return None
        if not bearer_matches(request.headers.get("Authorization"), token):
            return response.json({"error": "A valid action server token is required."},
                                 status=401, headers={"WWW-Authenticate": "Bearer"})
        speak_the_conversations_language(request)
        return None

    return app


def speak_the_conversations_language(request: Request) -> None:
    """Every action receives the domain with the responses of the conversation's language, so
    the words it composes (bot/domain/replies.py) are in that language too."""
    call = request.json if request.path == "/webhook" and request.body else None
    if not isinstance(call, dict) or not isinstance(call.get("domain"), dict):
        return
    slots = (call.get("tracker") or {}).get("slots") or {}
    call["domain"] = localised(call["domain"], slots.get("language"))


def serve(host: str, port: int, token: str) -> None:
    """Run the action server in the foreground (one worker: the event loop is never blocked,
    database work runs in threads, see actions/db.py)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("rasa_sdk").setLevel(logging.INFO)
    create_action_app(token).run(host=host, port=port, workers=1, access_log=False,
                                 motd=False)
