from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_ext import typed_commands
from tests.conftest import DOMAIN


def test_only_rasas_silent_commands_are_read_as_text():
    assert typed_commands.is_silent_command("/session_start")
    assert typed_commands.is_silent_command(" /back")
    assert not typed_commands.is_silent_command("/restart")  # answered by utter_restart
    assert not typed_commands.is_silent_command('/inform_support{"support": "funding"}')
    assert not typed_commands.is_silent_command("back to the question")


def test_the_handler_leaves_silent_commands_to_the_nlu_pipeline():
    domain = Domain.from_dict(DOMAIN)
    handler = RegexMessageHandler()
    nlu_result = {"name": "nlu_fallback", "confidence": 1.0}
    typed = Message(data={"text": "/session_start", "intent": nlu_result})
    button = Message(data={"text": "/skip", "intent": nlu_result})
    [typed_out, button_out] = typed_commands.process(handler, [typed, button], domain)
    assert typed_out.get("intent") == nlu_result
    assert button_out.get("intent")["name"] == "skip"
