"""The bot's messages are Markdown (the web widget renders it): safe pieces, and plain text for
the terminal."""

from __future__ import annotations

import html
import re

LINE_BREAK = "  \n"  # a line break inside one paragraph (Rasa's socket.io splits at "\n\n")
_SPECIALS = re.compile(r"([\\`*_\[\]#|~>])")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_ESCAPED = re.compile(r"\\([\\`*_\[\]#|~>])")


def escape(text: str) -> str:
    """Text shown literally, whatever Markdown characters it holds."""
    return _SPECIALS.sub(r"\\\1", text)


def link(title: str, url: str) -> str:
    """A link whose title is shown in bold; the address cannot break out of the link."""
    target = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[**{escape(title)}**]({target})"


def plain_text(markdown: str) -> str:
    """What a terminal shows: `title <address>` for links, no emphasis marks or escapes."""
    text = _LINK.sub(lambda match: f"{match.group(1)} <{match.group(2)}>", markdown)
    text = re.sub(r"(?<!\\)\*\*", "", text).replace(LINE_BREAK, "\n")
    return html.unescape(_ESCAPED.sub(r"\1", text))
