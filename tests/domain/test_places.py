import pytest

from bot.domain.places.resolver import find_country, resolve_place
from bot.domain.textnorm import ascii_fold, escape_user_text, fold_key


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Chisinau", "Chisinau", "MD"),
    ("Chişinău municipality", "Chisinau", "MD"),
    ("we are from Bodo", "Bodø", "NO"),
    ("Poznan", "Poznań", "PL"),
    ("i work in brugge", "Brugge", "BE"),
    ("Bruges", "Brugge", "BE"),
    ("Lisboa", "Lisbon", "PT"),
    ("Cankaya district of Ankara", "Çankaya", "TR"),
    ("clermont ferrand", "Clermont-Ferrand", "FR"),
    ("Limerick, Ireland", "Limerick", "IE"),
])
def test_spellings_find_the_place(text, name, country):
    match = resolve_place(text)
    assert match is not None
    assert (match.place.name, match.place.country, match.method) == (name, country, "exact")


@pytest.mark.parametrize(("text", "name"), [("Poznnan", "Poznań"), ("Manchestre", "Manchester"),
                                            ("Terassa", "Terrassa")])
def test_typos_are_matched_fuzzily(text, name):
    match = resolve_place(text)
    assert match is not None and match.place.name == name and match.method == "fuzzy"


def test_places_missing_from_the_gazetteer_are_not_guessed():
    assert resolve_place("Ilovik") is None  # an island village of some 100 people
    assert resolve_place("Trușeni commune") is None


def test_small_municipalities_are_known_but_not_guessed_from_typos():
    assert resolve_place("Krk").place.country == "HR"  # 3,935 inhabitants
    assert resolve_place("Krkk") is None  # typos are matched among places of 5,000+ only


def test_a_swap_of_two_letters_is_one_typo_and_the_named_country_decides():
    assert resolve_place("utrehct").place.name == "Utrecht"
    assert resolve_place("from calias, france").place.name == "Calais"


def test_a_misspelt_long_name_beats_a_village_named_like_its_first_part():
    assert resolve_place("chilly-mazaarin town hall").place.name == "Chilly-Mazarin"


def test_common_words_are_places_only_when_capitalised_or_alone():
    assert resolve_place("we need to split the budget") is None
    assert resolve_place("nice to meet you") is None
    assert resolve_place("Our city is Split").place.country == "HR"
    assert resolve_place("split").place.name == "Split"


def test_country_hint_chooses_among_homonyms():
    assert resolve_place("Valongo", "PT").place.country == "PT"
    assert resolve_place("our city is Split in Croatia").place.country == "HR"


@pytest.mark.parametrize(("text", "code"), [
    ("actually we are in Portugal", "PT"), ("Turkey", "TR"), ("Türkiye", "TR"),
    ("the UK", "GB"), ("Czech Republic", "CZ"), ("Republic of Moldova", "MD"), ("hello", None)])
def test_countries(text, code):
    assert find_country(text) == code


def test_folding_and_escaping():
    assert ascii_fold("Bodø Chişinău Łódź") == "Bodo Chisinau Lodz"
    assert fold_key("  Clermont-Ferrand ") == "clermont ferrand"
    assert escape_user_text("<b>*Krk*</b>") == "&lt;b&gt;\\*Krk\\*&lt;/b&gt;"
    assert len(escape_user_text("x" * 500)) == 200
