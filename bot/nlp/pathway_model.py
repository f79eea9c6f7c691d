"""Multi-label classification of a city's challenges into the six pathways.

One-vs-rest logistic regression over word (lemma) and character n-grams, so that each pathway
gets its own probability and one sentence can carry several. Long answers are also split into
clauses ("upfront costs and a bureaucratic process") and each pathway keeps its best score: the
whole text's, or a clause's discounted by `clause_weight` (a clause alone is weaker evidence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, make_pipeline

from bot.taxonomy import PATHWAY_KEYS

DEFAULT_THRESHOLD = 0.4  # chosen on the development statements (make nlu-eval), not the real ones
MAX_PATHWAYS = 3
_CLAUSE_BREAK = re.compile(
    r"[.;:!?\n]+|,\s+|\s+(?:and|but|also|as well as|plus|while|whereas)\s+", re.IGNORECASE
)
MIN_CLAUSE_WORDS = 2


@dataclass(frozen=True)
class PathwayScore:
    pathway: str
    confidence: float

    def as_dict(self) -> dict:
        return {"pathway": self.pathway, "confidence": round(self.confidence, 4)}


def split_clauses(text: str) -> list[str]:
    """The parts of a long answer that may each name a different challenge."""
    parts = [part.strip() for part in _CLAUSE_BREAK.split(text) if part and part.strip()]
    return [part for part in parts if len(part.split()) >= MIN_CLAUSE_WORDS]


class PathwayModel:
    """Trainable without Rasa; the Rasa component (PathwayClassifier) wraps it."""

    def __init__(self, random_seed: int = 42, regularisation: float = 16.0,
                 clause_weight: float = 0.8, char_weight: float = 0.3) -> None:
        self.clause_weight = clause_weight
        # Lemma words carry the meaning; character n-grams, weighted down, catch typos and
        # second-language spellings ("citzens", "financement") without drowning the words.
        features = FeatureUnion([
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                      min_df=2)),
        ], transformer_weights={"words": 1.0, "chars": char_weight})
        classifier = OneVsRestClassifier(LogisticRegression(
            C=regularisation, class_weight="balanced", max_iter=2000, random_state=random_seed))
        self.pipeline = make_pipeline(features, classifier)
        self.labels: tuple[str, ...] = ()

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> PathwayModel:
        self.pipeline.fit(list(texts), list(labels))
        self.labels = tuple(self.pipeline.classes_)
        return self

    def _probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        rows = self.pipeline.predict_proba(texts)
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in rows]

    def rank(self, text: str, normalise=lambda part: part) -> list[PathwayScore]:
        """Every pathway with its confidence, highest first.

        `normalise` maps a piece of text to the model's input form (lemmas in the bot).
        """
        pieces = [text] + split_clauses(text)
        probabilities = self._probabilities([normalise(piece) for piece in pieces])
        whole, clauses = probabilities[0], probabilities[1:]
        best = {key: max([whole.get(key, 0.0)] + [self.clause_weight * row.get(key, 0.0)
                                                  for row in clauses])
                for key in PATHWAY_KEYS}
        return sorted((PathwayScore(key, best[key]) for key in PATHWAY_KEYS),
                      key=lambda score: (-score.confidence, PATHWAY_KEYS.index(score.pathway)))


def select_pathways(
    ranking: Sequence[dict], threshold: float = DEFAULT_THRESHOLD, limit: int = MAX_PATHWAYS
) -> list[dict]:
    """The pathways above the threshold (at most `limit`); the top one if none is."""
    ordered = sorted(ranking, key=lambda item: -item["confidence"])
    chosen = [item for item in ordered if item["confidence"] >= threshold][:limit]
    return chosen or ordered[:1]
