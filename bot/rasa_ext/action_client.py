"""A fix to Rasa's action client, applied by the Rasa server process (bot/apps/rasa_server.py).

Rasa 3.6 checks every answer of the action server with `jsonschema.validate`, which first
checks the schema itself against its meta-schema, on every call: about 17 ms of CPU per action
call with jsonschema 4, the largest single cost of a turn on the Rasa server (a turn makes
several action calls). The check below validates against the same schema with a validator
built once: the same answers pass and fail, with the same error text, in under a millisecond.
Rasa 3.6.21 is the last open-source release, so the method replaced here does not move.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def action_response_validator() -> Validator:
    """The validator of action server answers, its schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with the validator built once."""
    # The error `jsonschema.validate` would raise: the most relevant one, not the first.
    error = best_match(action_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response "
        "from the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions")
    raise error


def apply_fixes() -> None:
    RemoteAction._validate_action_result = validate_action_result
