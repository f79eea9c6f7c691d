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


@pytest.mark.parametrize(("text", "name", "country"), [
    ("We are the city of Braga in Portugal", "Braga", "PT"),
    ("the city of Leeds", "Leeds", "GB"),
    ("The City of Leeds", "Leeds", "GB"),
    ("Câmara Municipal de Valongo", "Valongo", "PT"),
    ("Comune di Bergamo", "Bergamo", "IT"),
    ("Good morning, I am calling from Lousada", "Lousada", "PT"),
    ("Grad Koprivnica", "Koprivnica", "HR"),  # "Grad" is also a Slovenian village
    ("Ville de Colmar", "Colmar", "FR"),  # "Ville" folds to the commune of Villé
])
def test_words_that_say_what_kind_of_place_never_name_another(text, name, country):
    """GeoNames lists "the city" as a name of the City of London: in an officer's sentence it
    describes their own municipality."""
    match = resolve_place(text)
    assert (match.place.name, match.place.country, match.method) == (name, country, "exact")
    assert resolve_place("the city") is None and resolve_place("old town") is None


def test_sound_alike_names_of_common_words_need_a_capital():
    assert resolve_place("we want to become a garden city") is None
    assert resolve_place("we are from le mans").place.name == "Le Mans"  # its own name


def test_a_namesake_abroad_is_reported_with_the_match():
    bergen = resolve_place("Bergen")
    assert bergen.place.country == "NO" and bergen.rival is not None
    assert bergen.rival.country != "NO" and bergen.rival.population < bergen.place.population


def test_a_place_s_own_name_beats_another_s_alias():
    """GeoNames calls Heijplaat "Hei" (a Finnish hello) and Burhaniye "Kemer"."""
    oulu = resolve_place("Hei! Oulu")
    assert (oulu.place.name, oulu.by_alias) == ("Oulu", False)
    kemer = resolve_place("Kemer Belediyesi, Antalya")
    assert (kemer.place.name, kemer.place.country, kemer.by_alias) == ("Kemer", "TR", False)
    assert resolve_place("Bruges").place.name == "Brugge"  # a large place's alias still wins
