"""The action server: thin adapters from Rasa's tracker and dispatcher to the domain in bot/."""

import threading

from bot.domain.places.resolver import warm_up

# Build the place indexes (about 5 s) while the server starts, not on a user's first answer.
threading.Thread(target=warm_up, name="gazetteer-warm-up", daemon=True).start()
