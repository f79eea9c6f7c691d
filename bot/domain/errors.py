"""Why a use case refused, in words for a person; each outer layer maps them to its own answer
(the console to HTTP 404, 409 and 400), so services never know about HTTP."""

from __future__ import annotations


class DomainError(Exception):
    """A use case cannot do what was asked; the message says why."""


class NotFound(DomainError):
    """The thing asked about does not exist."""


class Conflict(DomainError):
    """The thing exists but is in a state that forbids the move (e.g. already resolved)."""


class InvalidInput(DomainError):
    """What was sent cannot be used as it is (e.g. an empty reply)."""
