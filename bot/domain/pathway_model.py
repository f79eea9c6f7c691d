"""Multi-label classification of a city's challenges into the six pathways.

One-vs-rest logistic regression over three kinds of features: lemma words and character n-grams
(the words of the training examples, typos and second-language spellings), and a sentence
embedding (bot/domain/sentence_encoder.py) that places words the examples never used near the ones
they did. Each pathway gets its own probability, so one answer can carry several. Long answers
are also split into clauses ("upfront costs and a bureaucratic process") and each pathway keeps
its best score: the whole text's, or a clause's discounted by `clause_weight`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from bot.domain.sentence_encoder import MODEL_NAME, shared_encoder
from bot.domain.taxonomy import PATHWAY_KEYS

# Chosen on the 428 real development statements (make nlu-eval), never on the real test
# statements: a pathway is selected at this confidence, and only if it is close to the top one.
DEFAULT_THRESHOLD = 0.4
RELATIVE_TO_TOP = 0.6
MAX_PATHWAYS = 3
_CLAUSE_BREAK = re.compile(
    r"[.;:!?\n]+|,\s+|\s+(?:and|but|also|as well as|plus|while|whereas)\s+", re.IGNORECASE
)
MIN_CLAUSE_WORDS = 2

Encode = Callable[[Sequence[str]], np.ndarray]


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


def scored_pieces(text: str) -> list[str]:
    """What `PathwayModel.rank` scores for a text: the whole text, then each of its clauses."""
    return [text, *split_clauses(text)]


class PathwayModel:
    """Trainable without Rasa; the Rasa component (PathwayClassifier) wraps it.

    `encode` turns texts into sentence embeddings; it is not saved with the model (the encoder
    is loaded once per process), so a loaded model uses the shared encoder. The model records
    which encoder that is (`encoder_name`): embeddings of another one would be meaningless to it.
    """

    def __init__(self, random_seed: int = 42, regularisation: float = 16.0,
                 clause_weight: float = 0.6, char_weight: float = 0.3,
                 embedding_weight: float = 1.0, encode: Encode | None = None) -> None:
        self.clause_weight = clause_weight
        self.char_weight = char_weight
        self.embedding_weight = embedding_weight
        self.encode = encode
        self.encoder_name = MODEL_NAME if embedding_weight else ""
        self.words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                     min_df=2)
        self.classifier = OneVsRestClassifier(LogisticRegression(
            C=regularisation, class_weight="balanced", max_iter=3000, random_state=random_seed))
        self.labels: tuple[str, ...] = ()

    def __getstate__(self) -> dict:
        return {**self.__dict__, "encode": None}

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        return (self.encode or shared_encoder().encode)(texts)

    def _features(self, texts: Sequence[str], lemmas: Sequence[str]):
        """Lemma words, character n-grams (weighted down: they catch typos without drowning
        the words) and the sentence embedding of the original text."""
        parts = [self.words.transform(lemmas), self.chars.transform(lemmas) * self.char_weight]
        if self.embedding_weight:
            parts.append(csr_matrix(self._encode(texts) * self.embedding_weight))
        return hstack(parts).tocsr()

    def fit(self, texts: Sequence[str], labels: Sequence[str],
            lemmas: Sequence[str] | None = None) -> PathwayModel:
        """`texts` as written, `lemmas` their model-input form (lower-case text if none)."""
        lemmas = list(lemmas) if lemmas is not None else [text.lower() for text in texts]
        self.words.fit(lemmas)
        self.chars.fit(lemmas)
        self.classifier.fit(self._features(list(texts), lemmas), list(labels))
        self.labels = tuple(self.classifier.classes_)
        return self

    def _probabilities(self, texts: list[str], lemmas: list[str]) -> list[dict[str, float]]:
        rows = self.classifier.predict_proba(self._features(texts, lemmas))
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in rows]

    def rank(self, text: str, normalise: Callable[[str], str] = str.lower) -> list[PathwayScore]:
        """Every pathway with its confidence, highest first.

        `normalise` maps a piece of text to the model's input form (lemmas in the bot).
        """
        pieces = scored_pieces(text)
        probabilities = self._probabilities(pieces, [normalise(piece) for piece in pieces])
        whole, clauses = probabilities[0], probabilities[1:]
        best = {key: max([whole.get(key, 0.0)] + [self.clause_weight * row.get(key, 0.0)
                                                  for row in clauses])
                for key in PATHWAY_KEYS}
        return sorted((PathwayScore(key, best[key]) for key in PATHWAY_KEYS),
                      key=lambda score: (-score.confidence, PATHWAY_KEYS.index(score.pathway)))


def select_pathways(
    ranking: Sequence[dict], threshold: float = DEFAULT_THRESHOLD,
    relative: float = RELATIVE_TO_TOP, limit: int = MAX_PATHWAYS,
) -> list[dict]:
    """The pathways at or above the threshold and within `relative` of the top one (at most
    `limit`); the top one if none is."""
    ordered = sorted(ranking, key=lambda item: -item["confidence"])
    if not ordered:
        return []
    top = ordered[0]["confidence"]
    chosen = [item for item in ordered
              if item["confidence"] >= threshold and item["confidence"] >= relative * top]
    return chosen[:limit] or ordered[:1]
