"""The Rasa server process: Rasa's own command line, with the action client fixed and Rasa's
silent commands read as text."""

from __future__ import annotations

import sys

from bot.rasa_ext import typed_commands
from bot.rasa_ext.action_client import apply_fixes


def main() -> None:
    """`python -m bot.apps.rasa_server run …`: the arguments of `rasa`, with the fixes applied."""
    apply_fixes()
    typed_commands.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
