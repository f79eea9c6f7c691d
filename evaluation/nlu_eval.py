"""Runs every measurement of `make nlu-eval` on the shipped model and prints the report."""

from __future__ import annotations

from functools import cache

import spacy

from bot.config.settings import Settings, load_settings
from bot.domain.answers import REPHRASE_BELOW, SURE_AT, Message, read_place
from bot.domain.pathway_model import PathwayModel, scored_pieces
from bot.domain.sentence_encoder import memoised, shared_encoder
from bot.rasa_ext.classify import TrainedClassifier, classification
from bot.rasa_ext.pathway_classifier import lemma_text, lemmatiser
from bot.rasa_ext.spacy_pipeline import PIPELINE_PATH
from evaluation.baseline import BaselineModel
from evaluation.nlu_metrics import (
    EVAL_SETS,
    MULTILINGUAL_PLACES_SET,
    MULTILINGUAL_PLACES_TARGET,
    MULTILINGUAL_SET,
    MULTILINGUAL_TARGETS,
    PLACES_SET,
    calibration,
    cross_validate,
    evaluate,
    evaluate_by_language,
    evaluate_places,
    format_by_language,
    format_calibration,
    format_cross_validation,
    format_places,
    format_report,
    load_places,
    load_statements,
    training_examples,
)


def run_evaluation(settings: Settings) -> int:
    classifier = TrainedClassifier(settings.model_path)
    classify = cache(classifier.classify)  # scores and calibration read the same results
    texts, labels = training_examples()
    baseline = BaselineModel().fit(texts, labels)

    def baseline_classify(text: str) -> dict:
        return classification(text, [score.as_dict() for score in baseline.rank(text)])

    for title, path in EVAL_SETS.items():
        statements = load_statements(path)
        print(f"== Pathways: {title} ({path.name})")
        print(format_report(evaluate(classify, statements),
                            evaluate(baseline_classify, statements)), end="\n\n")
        print(format_calibration(calibration(classify, statements), SURE_AT,
                                 REPHRASE_BELOW), end="\n\n", flush=True)

    statements = load_statements(MULTILINGUAL_SET)
    print(f"== Pathways: real test statements in twelve more languages ({MULTILINGUAL_SET.name})")
    print(format_report(evaluate(classify, statements), evaluate(baseline_classify, statements),
                        MULTILINGUAL_TARGETS), end="\n\n")
    print(format_by_language(evaluate_by_language(classify, statements)), end="\n\n",
          flush=True)

    nlp = spacy.load(PIPELINE_PATH)
    docs = {text: doc for text, doc in zip(texts, nlp.pipe(texts), strict=True)}
    encode = memoised(shared_encoder().encode)  # each text is embedded once for all folds
    # Every text and clause the folds will need, embedded in one batched pass.
    encode([piece for text in texts for piece in scored_pieces(text)])

    def train_and_rank(train_texts: list[str], train_labels: list[str]):
        model = PathwayModel(encode=encode).fit(
            train_texts, train_labels, [lemma_text(docs[text]) for text in train_texts])
        return lambda text: model.rank(text, lemmatiser(docs[text]))[0].pathway

    print("== Pathways: cross-validation of the pathway classifier (challenge intents)")
    print(format_cross_validation(cross_validate(texts, labels, train_and_rank)), end="\n\n")

    def resolve(text: str) -> dict | None:
        match, _ = read_place(Message.from_parse(classifier.parse(text)))
        if match is None:
            return None
        return {"geonameid": match.place.geonameid, "country": match.place.country,
                "name": match.place.name}

    print(f"== Places: real municipalities as officers write them ({PLACES_SET.name})")
    print(format_places(evaluate_places(resolve, load_places())), end="\n\n")
    print(f"== Places: municipalities written in the officers' languages "
          f"({MULTILINGUAL_PLACES_SET.name})")
    print(format_places(evaluate_places(resolve, load_places(MULTILINGUAL_PLACES_SET),
                                        group_by="language"), MULTILINGUAL_PLACES_TARGET))
    return 0


if __name__ == "__main__":
    raise SystemExit(run_evaluation(load_settings()))
