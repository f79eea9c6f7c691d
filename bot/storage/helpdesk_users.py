"""Helpdesk staff accounts; passwords are stored as salted scrypt hashes only."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import HelpdeskUser

_N, _R, _P = 2 ** 14, 8, 1
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n),
                                   r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def add_user(session: Session, username: str, password: str) -> HelpdeskUser:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password needs at least {MIN_PASSWORD} characters")
    user = session.execute(select(HelpdeskUser).where(
        HelpdeskUser.username == username)).scalar_one_or_none()
    if user is None:
        user = HelpdeskUser(username=username, password_hash="")
        session.add(user)
    user.password_hash = hash_password(password)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> HelpdeskUser | None:
    user = session.execute(select(HelpdeskUser).where(
        HelpdeskUser.username == username)).scalar_one_or_none()
    if user is None:
        verify_password(password, hash_password("timing-equaliser"))
        return None
    return user if verify_password(password, user.password_hash) else None
