"""One function per use case: each owns its transaction and returns plain data."""
