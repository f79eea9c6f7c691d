"""Rasa's own commands typed by an officer are read as text, so they get an answer.

Rasa takes any message "/session_start" or "/back" as its built-in intent and runs an action
that answers nothing: an officer who types one meets silence. The Rasa server process
(bot/apps/rasa_server.py) makes its message handler leave these to the NLU pipeline, which
reads them as any other text. "/restart" keeps its meaning; its answer is `utter_restart`.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import TEXT

READ_AS_TEXT = frozenset({"session_start", "back"})
_COMMAND = re.compile(re.escape(INTENT_MESSAGE_PREFIX) + r"\s*(\w+)")


def is_silent_command(text: str) -> bool:
    """Whether the text invokes one of Rasa's built-in intents that would answer nothing."""
    match = _COMMAND.match(text.strip())
    return bool(match) and match.group(1) in READ_AS_TEXT


def process(self: RegexMessageHandler, messages: list[Any], domain: Any = None) -> list[Any]:
    """`RegexMessageHandler.process`, leaving the silent commands to the NLU pipeline."""
    return [message if is_silent_command(message.get(TEXT) or "")
            else YAMLStoryReader.unpack_regex_message(message, domain,
                                                      entity_extractor_name=self.name)
            for message in messages]


def apply() -> None:
    RegexMessageHandler.process = process
