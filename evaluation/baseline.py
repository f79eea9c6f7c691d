"""The yardstick for the pathway classifier: TF-IDF with logistic regression on the raw text,
one label per example, no lemmas, no clauses."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from bot.domain.pathway_model import PathwayScore
from bot.domain.taxonomy import PATHWAY_KEYS


class BaselineModel:
    def __init__(self, random_seed: int = 42) -> None:
        self.pipeline = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            LogisticRegression(max_iter=2000, random_state=random_seed))

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> BaselineModel:
        self.pipeline.fit(list(texts), list(labels))
        return self

    def rank(self, text: str) -> list[PathwayScore]:
        row = self.pipeline.predict_proba([text])[0]
        scores = dict(zip(self.pipeline.classes_, map(float, row), strict=True))
        return sorted((PathwayScore(key, scores.get(key, 0.0)) for key in PATHWAY_KEYS),
                      key=lambda score: (-score.confidence, PATHWAY_KEYS.index(score.pathway)))
