"""The project's own language pieces: the spaCy pipeline and the Rasa NLU components."""
