"""Build the project's spaCy pipeline: blank English, lookup lemmas and a gazetteer entity ruler.

No pretrained spaCy model can be downloaded where the bot runs, so the pipeline is built from
packaged data: lemmas from spacy-lookups-data, places from the gazetteer (bot.domain.places).
Rasa loads it by path (config.yml: SpacyNLP `model:`).
"""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from spacy.language import Language

from bot.config.settings import PROJECT_ROOT
from bot.domain.places.countries import country_names
from bot.domain.places.gazetteer import is_common_word, main_places

PIPELINE_NAME = "broker_en"
# Where config.yml's SpacyNLP loads it from (a path relative to the project root).
PIPELINE_PATH = PROJECT_ROOT / "var" / "spacy" / PIPELINE_NAME


def _place_patterns() -> list[dict]:
    patterns: list[dict] = []
    for place in main_places():
        for variant in place.variants:
            if is_common_word(variant):
                # "Split", "Nice": only the capitalised spelling is taken as a place.
                tokens = [{"ORTH": part} for part in variant.split()]
                patterns.append({"label": "city", "pattern": tokens, "id": str(place.geonameid)})
            else:
                patterns.append({"label": "city", "pattern": variant, "id": str(place.geonameid)})
    return patterns


def _country_patterns() -> list[dict]:
    return [
        {"label": "country", "pattern": name, "id": code}
        for name, code in sorted(country_names().items())
    ]


def build_pipeline() -> Language:
    """A blank English pipeline with a lookup lemmatizer and the place ruler."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe(
        "entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    )
    nlp.initialize()
    # Countries last so that they win over a town of the same name ("Luxembourg" stays one entity).
    ruler.add_patterns(_place_patterns() + _country_patterns())
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["description"] = "helpdesk-broker: lookup lemmas and a gazetteer of places"
    return nlp


def save_pipeline(target: Path) -> dict:
    """Build the pipeline into `target` and return a short report of what it holds."""
    nlp = build_pipeline()
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    ruler = nlp.get_pipe("entity_ruler")
    report = {"path": str(target), "patterns": len(ruler.patterns), "pipes": nlp.pipe_names}
    (target / "build-report.json").write_text(json.dumps(report, indent=2))
    return report
