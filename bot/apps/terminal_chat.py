"""A terminal chat over the REST channel: buttons are numbered, type the number to press one."""

from __future__ import annotations

import uuid

import requests

from bot.domain.markdown import plain_text

TIMEOUT_S = 60


def send(url: str, sender: str, message: str) -> list[dict]:
    response = requests.post(url, json={"sender": sender, "message": message}, timeout=TIMEOUT_S)
    response.raise_for_status()
    return response.json()


def chat(url: str, sender: str | None = None) -> int:
    sender = sender or f"terminal-{uuid.uuid4().hex[:8]}"
    print(f"Chatting as {sender} with {url}. Type 'quit' to leave.")
    buttons: list[dict] = []
    while True:
        try:
            text = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text.lower() in {"quit", "exit"}:
            return 0
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = send(url, sender, text)
        except requests.RequestException as error:
            print(f"(the bot did not answer: {error})")
            continue
        buttons = []
        for reply in replies:
            if reply.get("text"):
                print(f"bot> {plain_text(reply['text'])}")
            for button in reply.get("buttons") or []:
                buttons.append(button)
                print(f"     [{len(buttons)}] {button['title']}")
