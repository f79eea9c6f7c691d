"""The one bearer-token check of every server (action server, Helpdesk console API)."""

from __future__ import annotations

import hmac


def bearer_matches(header: str | None, token: str) -> bool:
    """Whether the `Authorization` header carries `token`, checked alike by every server."""
    # RFC 6750: the scheme word is case-insensitive. Constant-time compare of the token; an
    # empty configured token never matches (no token configured means the door is shut).
    if not token or not header:
        return False
    scheme, _, given = header.strip().partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                             token.encode())
