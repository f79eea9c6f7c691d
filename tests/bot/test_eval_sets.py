"""The evaluation sets are sound: labelled, sourced, and not copies of training examples."""

import re
from pathlib import Path

import pytest
import yaml

from bot.nlu_eval import DEV_SET, REAL_SET, load_statements
from bot.taxonomy import PATHWAY_KEYS

TRAINING = Path(__file__).resolve().parents[2] / "data" / "nlu"
NEAR_COPY = 0.8  # token Jaccard similarity above which a statement counts as a training example
_WORD = re.compile(r"\w+")


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _training_examples() -> list[frozenset[str]]:
    examples = []
    for path in TRAINING.rglob("*.yml"):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            examples += [_tokens(line[2:]) for line in block.get("examples", "").splitlines()
                         if line.startswith("- ")]
    return examples


@pytest.mark.parametrize("path", [DEV_SET, REAL_SET], ids=["dev", "real"])
def test_statements_are_labelled(path):
    statements = load_statements(path)
    assert len(statements) >= 90
    for statement in statements:
        assert 1 <= len(statement["pathways"]) <= 3
        assert set(statement["pathways"]) <= set(PATHWAY_KEYS)
        assert len(set(statement["pathways"])) == len(statement["pathways"])


def test_real_statements_carry_their_source():
    statements = load_statements(REAL_SET)
    assert len(statements) >= 120
    for statement in statements:
        assert statement["source_url"].startswith("https://"), statement["text"]
        assert statement["source"].strip()


@pytest.mark.parametrize("path", [DEV_SET, REAL_SET], ids=["dev", "real"])
def test_no_evaluation_statement_is_a_training_example(path):
    training = _training_examples()
    for statement in load_statements(path):
        words = _tokens(statement["text"])
        closest = max(len(words & example) / len(words | example) for example in training)
        assert closest < NEAR_COPY, statement["text"]
