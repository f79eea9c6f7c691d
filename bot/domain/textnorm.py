"""Text normalisation shared by place recognition and answer mapping, and escaping of user text."""

from __future__ import annotations

import html
import re
import unicodedata

from bot.domain import markdown

# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSABLE = str.maketrans(
    {
        "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H",
        "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D",
    }
)
_SPACES = re.compile(r"\s+")


def ascii_fold(text: str) -> str:
    """`Chişinău` -> `Chisinau`, `Bodø` -> `Bodo`: names as typed on an English keyboard."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_key(text: str) -> str:
    """A lookup key that ignores case, accents, punctuation and spacing."""
    folded = ascii_fold(text).lower().replace("-", " ").replace("'", " ").replace("’", " ")
    folded = re.sub(r"[^\w\s]", " ", folded)
    return _SPACES.sub(" ", folded).strip()


def escape_user_text(text: str, max_length: int = 200) -> str:
    """User text echoed back in a reply: no markup, no HTML, bounded length."""
    cleaned = _SPACES.sub(" ", text).strip()
    if len(cleaned) > max_length:
        cleaned = cleaned[: max_length - 1].rstrip() + "…"
    return markdown.escape(html.escape(cleaned, quote=True))
