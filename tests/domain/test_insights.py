from bot.domain.insights import (
    CONFIRMED,
    CORRECTED,
    SURE,
    UNREAD,
    Share,
    city_key,
    classification_outcome,
    frequent_phrases,
    minutes_text,
    pathway_rows,
    pathways_history,
    ranked_blind_spots,
    ranked_gaps,
    size_class,
)


def test_size_classes_have_their_bounds_in_the_class_above():
    assert [size_class(value) for value in (None, 0, 1, 49_999, 50_000, 249_999, 250_000)] == [
        None, None, "small", "small", "medium", "medium", "large"]


def test_a_city_is_known_by_its_gazetteer_id_else_by_name_and_country():
    assert city_key(2735943, "Porto", "PT") == "g2735943"
    assert city_key(None, " Ağrı ", "tr") == city_key(None, "agri", "TR")
    assert city_key(None, "Agri", "TR") != city_key(None, "Agri", "PT")
    assert city_key(None, "  ", "PT") is None and city_key(None, None, None) is None


def test_the_primary_pathway_is_the_most_confident_and_each_pathway_counts_once():
    rows = pathway_rows([{"pathway": "finance", "confidence": 0.5},
                         {"pathway": "monitoring", "confidence": 0.7},
                         {"pathway": "finance", "confidence": 0.9}])
    assert sorted(rows) == [("finance", 0.9, True), ("monitoring", 0.7, False)]
    assert pathway_rows([]) == []


def _slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def test_how_the_pathways_were_settled_is_read_from_the_events():
    finance = [{"pathway": "finance", "confidence": 0.5}]
    both = finance + [{"pathway": "governance", "confidence": 1.0}]
    asked = [_slot("pathways", finance), _slot("requested_slot", "pathways_confirmed")]
    assert pathways_history([_slot("pathways", finance), _slot("requested_slot", "support")]) \
        == (False, False)
    assert pathways_history(asked + [_slot("pathways_confirmed", True)]) == (True, False)
    assert pathways_history(asked + [_slot("pathways", both)]) == (True, True)
    assert classification_outcome(finance, False, False) == SURE
    assert classification_outcome(finance, True, False) == CONFIRMED
    assert classification_outcome(both, True, True) == CORRECTED
    assert classification_outcome([], True, True) == CORRECTED
    assert classification_outcome([], False, False) == UNREAD


def test_a_share_keeps_its_base_and_hides_cells_of_one_or_two_cities():
    assert (Share(5, 20).count_text(True), Share(5, 20).percent_text(True)) == ("5", "25%")
    assert (Share(2, 20).count_text(True), Share(2, 20).percent_text(True)) == ("< 3", "< 15%")
    assert (Share(2, 20).count_text(False), Share(2, 20).percent_text(False)) == ("2", "10%")
    assert Share(0, 20).count_text(True) == "0", "nobody is nobody: no city to single out"
    assert Share(0, 0).percent_text(True) == "–"
    assert Share(2, 3).percent_text(True) == "–", "< 100% would say too much, and more is false"


def test_gaps_rank_demand_per_offer_and_blind_spots_municipalities_per_engaged_city():
    gaps = ranked_gaps({"finance": Share(8, 10), "monitoring": Share(4, 10),
                        "ecosystem": Share(0, 10)}, {"finance": 30, "monitoring": 1})
    assert [key for key, *_ in gaps] == ["monitoring", "finance"]
    spots = ranked_blind_spots({("TR", "small"): 900, ("PT", "small"): 300, ("PT", "large"): 2},
                               {("TR", "small"): 8, ("PT", "small"): 0})
    assert [cell for cell, *_ in spots] == [("PT", "small"), ("TR", "small"), ("PT", "large")]
    assert spots[0] == (("PT", "small"), 300, 0)


def test_frequent_phrases_skip_stop_words_and_quote_no_single_city():
    texts = ["Energy poverty is rising and energy poverty data is missing",
             "We fight energy poverty", "enerji yoksulluğu; energy poverty", "Energy-poverty!",
             "data missing", "data missing"]
    # "data is missing" is no "data missing": a phrase is two neighbouring words
    assert frequent_phrases(texts) == [("energy poverty", 4)]
    assert frequent_phrases(["la pobreza energética", "pobreza energética"]) == []


def test_response_times_read_as_median_and_90th_percentile():
    assert minutes_text([]) == "– (n = 0)"
    assert minutes_text([60, 120, 180, 240, 36_000]) == "median 3 min, 90% within 10.0 h (n = 5)"
    assert minutes_text([60, 180]) == "median 2 min, 90% within 3 min (n = 2)"
