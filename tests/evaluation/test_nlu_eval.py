"""The evaluation arithmetic, on crafted classifiers whose right answers are known."""

import pytest

from evaluation.baseline import BaselineModel
from evaluation.nlu_metrics import (
    cross_validate,
    evaluate,
    evaluate_places,
    format_places,
    format_report,
    training_examples,
)

STATEMENTS = [
    {"text": "no money", "pathways": ["finance"]},
    {"text": "no data and no money", "pathways": ["monitoring", "finance"]},
    {"text": "citizens oppose it", "pathways": ["ecosystem", "governance"]},
]
ANSWERS = {  # top pathway first, then what is selected
    "no money": (["finance", "governance"], ["finance"]),
    "no data and no money": (["finance", "monitoring"], ["finance"]),
    "citizens oppose it": (["technology", "ecosystem"], ["technology", "ecosystem"]),
}


def crafted(text: str) -> dict:
    ranked, selected = ANSWERS[text]
    return {"pathways": [{"pathway": key, "confidence": 0.9} for key in ranked],
            "selected": selected}


def test_scores_of_a_crafted_classifier():
    report = evaluate(crafted, STATEMENTS)
    assert report["top1_main"] == pytest.approx(1 / 3)  # only "no money"
    assert report["top1_any"] == pytest.approx(2 / 3)
    assert report["multilabel_recall"] == pytest.approx(3 / 5)  # finance, finance, ecosystem
    finance = report["per_pathway"]["finance"]
    assert (finance["precision"], finance["recall"]) == (1.0, 1.0)
    assert report["per_pathway"]["technology"]["precision"] == 0.0
    assert report["per_pathway"]["monitoring"]["recall"] == 0.0
    assert report["confusion"]["monitoring"]["finance"] == 1
    text = format_report(report, report)
    assert "multi-label recall" in text and "baseline" in text


def test_cross_validation_finds_the_confused_intent():
    texts = [f"money {i}" for i in range(10)] + [f"data {i}" for i in range(10)]
    labels = ["finance"] * 10 + ["monitoring"] * 10

    def always_finance(train_texts, train_labels):
        return lambda text: "finance"

    report = cross_validate(texts, labels, always_finance, folds=5)
    assert report["accuracy"] == 0.5
    assert report["per_intent"]["monitoring"]["recall"] == 0.0
    assert report["per_intent"]["monitoring"]["confused_with"] == "finance"
    assert report["per_intent"]["finance"]["precision"] == 0.5


def test_places_right_asked_and_wrong():
    places = [{"text": "brugge", "geonameid": 1, "country": "BE", "name": "Brugge",
               "size": "large"},
              {"text": "trusheni", "geonameid": 2, "country": "MD", "name": "Truseni",
               "size": "small"},
              {"text": "valongo", "geonameid": 3, "country": "PT", "name": "Valongo",
               "size": "medium"}]
    answers = {"brugge": {"geonameid": 1, "country": "BE", "name": "Brugge"},
               "trusheni": None,
               "valongo": {"geonameid": 9, "country": "ES", "name": "Valongo"}}
    report = evaluate_places(answers.get, places)
    assert (report["right"], report["asked"], report["wrong"]) == pytest.approx((1 / 3,) * 3)
    assert "'valongo' -> Valongo, ES (expected Valongo, PT)" in format_places(report)


def test_baseline_trains_on_the_shipped_examples():
    texts, labels = training_examples()
    assert len(texts) == len(labels) > 600 and len(set(labels)) == 6
    ranking = BaselineModel().fit(texts, labels).rank("we have no budget for this")
    assert ranking[0].pathway == "finance"
    assert sum(score.confidence for score in ranking) == pytest.approx(1.0)


def test_calibration_bands():
    from evaluation.nlu_metrics import calibration, format_calibration

    def fixed(text):
        confidence = {"no money": 0.95, "no data and no money": 0.95,
                      "citizens oppose it": 0.2}[text]
        top = {"no money": "finance", "no data and no money": "technology",
               "citizens oppose it": "ecosystem"}[text]
        return {"pathways": [{"pathway": top, "confidence": confidence}], "selected": [top]}

    bands = {band["low"]: band for band in calibration(fixed, STATEMENTS)}
    assert (bands[0.9]["statements"], bands[0.9]["top1_right"]) == (2, 0.5)
    assert (bands[0.0]["statements"], bands[0.0]["top1_right"]) == (1, 1.0)
    assert bands[0.6]["top1_right"] is None
    assert "0.90-1.00     2 statements  right 0.50" in format_calibration(list(bands.values()),
                                                                         0.6, 0.3)
