"""Classify challenge texts with the trained Rasa model the bot ships (for `broker classify`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.domain.pathway_model import select_pathways
from bot.rasa_ext.pathway_classifier import OUTPUT_KEY


class ModelNotTrained(RuntimeError):
    pass


def classification(text: str, ranking: list[dict]) -> dict:
    """One JSON-ready result: every pathway ranked with its confidence, and those selected."""
    return {"text": text, "pathways": ranking,
            "selected": [item["pathway"] for item in select_pathways(ranking)] if ranking else []}


class TrainedClassifier:
    """The trained model's NLU part, loaded once and used for many texts."""

    def __init__(self, model_path: Path) -> None:
        if not model_path.exists():
            raise ModelNotTrained(f"No trained model at {model_path}: run `make model` first.")
        from rasa.core.agent import Agent
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog

        # Only results on standard output: Rasa's own logs stay at warning level.
        configure_logging_and_warnings(logging.WARNING)
        configure_structlog(logging.WARNING)
        self._agent = Agent.load(str(model_path))
        self._loop = asyncio.new_event_loop()

    def parse(self, text: str) -> dict:
        return self._loop.run_until_complete(self._agent.parse_message(text))

    def classify(self, text: str) -> dict:
        return classification(text, self.parse(text).get(OUTPUT_KEY) or [])

    def classify_lines(self, lines: Iterable[str]) -> Iterator[dict]:
        for line in lines:
            if line.strip():
                yield self.classify(line.strip())
