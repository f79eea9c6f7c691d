"""The project's Rasa components and channels: pathway classifier, spaCy pipeline, socket.io fix."""
