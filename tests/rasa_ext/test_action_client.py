"""The Rasa server's action client fix: the same verdicts as Rasa's own check."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_ext import action_client

RASA_OWN_CHECK = RemoteAction._validate_action_result

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "city", "value": "Valongo", "timestamp": None},
                {"event": "active_loop", "name": None}],
     "responses": [{"text": "Valongo, Portugal: noted.", "buttons": []}]},
    {"events": [{"event": "pause"}, {"event": "followup", "name": "action_listen"}]},
]
BAD = [
    {"events": [{"name": "city"}]},  # an event without its type
    {"events": [{"event": "slot", "timestamp": "yesterday"}]},
    {"events": "slot", "responses": []},
    {"responses": ["just text"]},
]


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_recommend", None)


@pytest.mark.parametrize("result", GOOD)
def test_valid_answers_pass_as_with_rasa(action, result):
    assert RASA_OWN_CHECK(action, result) is True
    assert action_client.validate_action_result(action, result) is True


@pytest.mark.parametrize("result", BAD)
def test_invalid_answers_fail_with_rasa_message(action, result):
    with pytest.raises(ValidationError) as rasa_error:
        RASA_OWN_CHECK(action, result)
    with pytest.raises(ValidationError) as our_error:
        action_client.validate_action_result(action, result)
    assert our_error.value.message == rasa_error.value.message
    assert "Failed to validate Action server response" in our_error.value.message


def test_apply_fixes_replaces_the_check(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASA_OWN_CHECK)
    action_client.apply_fixes()
    assert RemoteAction._validate_action_result is action_client.validate_action_result
