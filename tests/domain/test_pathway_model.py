from bot.domain.pathway_model import PathwayModel, select_pathways, split_clauses

TRAINING = {
    "finance": ["no money", "the budget is too small", "high upfront investment costs",
                "we cannot find co-financing", "access to funding is hard", "loans are expensive"],
    "governance": ["no political will", "slow bureaucratic procedures", "departments work in silos",
                   "regulation blocks us", "the mayor changes every election", "legal barriers"],
    "monitoring": ["no emissions data", "we lack a GHG inventory", "indicators are missing",
                   "we cannot track progress", "no baseline", "data from utilities is missing"],
}


def _model():
    texts = [text for texts in TRAINING.values() for text in texts]
    labels = [label for label, texts in TRAINING.items() for _ in texts]
    return PathwayModel(random_seed=1).fit(texts, labels)


def test_clauses_split_on_conjunctions_and_punctuation():
    assert split_clauses("upfront costs and a bureaucratic process; no data") == [
        "upfront costs", "a bureaucratic process", "no data"]


def test_each_cause_of_a_sentence_is_found():
    ranking = [score.as_dict() for score in _model().rank(
        "high investment costs and slow bureaucratic procedures")]
    assert {item["pathway"] for item in select_pathways(ranking)} >= {"finance", "governance"}


def test_a_saved_model_ranks_as_before_without_its_encoder():
    import pickle

    model = _model()
    loaded = pickle.loads(pickle.dumps(model))
    assert loaded.encode is None and loaded.embedding_weight == model.embedding_weight
    text = "the council cannot pay for retrofits"
    assert [s.as_dict() for s in loaded.rank(text)] == [s.as_dict() for s in model.rank(text)]


def test_the_embedding_carries_words_the_examples_never_used():
    texts = [text for texts in TRAINING.values() for text in texts]
    labels = [label for label, texts in TRAINING.items() for _ in texts]
    # Hardly a word of these is in the training examples.
    unseen = {"we cannot afford it": "finance", "nobody measures our carbon footprint":
              "monitoring", "the parliament refuses to change the law": "governance"}

    def right(model: PathwayModel) -> int:
        return sum(model.rank(text)[0].pathway == gold for text, gold in unseen.items())

    assert right(PathwayModel(random_seed=1, embedding_weight=0).fit(texts, labels)) <= 1
    assert right(PathwayModel(random_seed=1).fit(texts, labels)) == len(unseen)


def test_training_is_deterministic():
    first = [s.confidence for s in _model().rank("we have no emission data")]
    second = [s.confidence for s in _model().rank("we have no emission data")]
    assert first == second
    assert _model().rank("we have no emission data")[0].pathway == "monitoring"


def test_selection_threshold_relative_and_limit():
    ranking = [{"pathway": key, "confidence": c} for key, c in
               [("finance", 0.9), ("governance", 0.8), ("monitoring", 0.75), ("ecosystem", 0.74),
                ("technology", 0.1)]]
    assert [item["pathway"] for item in select_pathways(ranking)] == [
        "finance", "governance", "monitoring"]
    far_behind = [{"pathway": "finance", "confidence": 0.9},
                  {"pathway": "governance", "confidence": 0.5}]
    assert [item["pathway"] for item in select_pathways(far_behind)] == ["finance"]
    assert [item["pathway"] for item in select_pathways(far_behind, relative=0.5)] == [
        "finance", "governance"]
    low = [{"pathway": "finance", "confidence": 0.2}, {"pathway": "ecosystem", "confidence": 0.1}]
    assert select_pathways(low) == [{"pathway": "finance", "confidence": 0.2}]
    assert select_pathways([]) == []
