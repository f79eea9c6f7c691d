"""Recognising the city and country an officer names, with diacritics, ASCII spellings and typos."""
