"""The action server: thin adapters from Rasa's tracker and dispatcher to the domain in bot/."""
