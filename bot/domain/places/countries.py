"""Country names as officers write them (English, local, short, old) mapped to ISO codes."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale

from bot.domain.languages import LANGUAGES
from bot.domain.textnorm import fold_key

# Countries whose municipalities the gazetteer covers: geographic Europe (without Russia and
# Belarus, which no EU programme serves) and the nearby non-European associated countries.
GAZETTEER_COUNTRIES: frozenset[str] = frozenset(
    [
        "AD",
        "AL",
        "AT",
        "AX",
        "BA",
        "BE",
        "BG",
        "CH",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FO",
        "FR",
        "GB",
        "GG",
        "GI",
        "GR",
        "HR",
        "HU",
        "IE",
        "IM",
        "IS",
        "IT",
        "JE",
        "XK",
        "LI",
        "LT",
        "LU",
        "LV",
        "MC",
        "MD",
        "ME",
        "MK",
        "MT",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "RS",
        "SE",
        "SI",
        "SJ",
        "SK",
        "SM",
        "UA",
        "VA",
        "TR",
        "GE",
        "AM",
        "IL",
        "TN",
    ]
)

# Names pycountry does not know: everyday English, local-language and former names.
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "GB": (
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "United Kingdom",
    ),
    "TR": ("Turkey", "Türkiye", "Turkiye"),
    "CZ": ("Czech Republic", "Czechia", "Česko", "Cesko"),
    "NL": ("Netherlands", "The Netherlands", "Holland", "Nederland"),
    "DE": ("Deutschland",),
    "ES": ("España", "Espana"),
    "PL": ("Polska",),
    "SE": ("Sverige",),
    "NO": ("Norge",),
    "FI": ("Suomi",),
    "IT": ("Italia",),
    "GR": ("Hellas", "Ellada", "Ελλάδα"),
    "HR": ("Hrvatska",),
    "HU": ("Magyarország",),
    "EE": ("Eesti",),
    "LV": ("Latvija",),
    "LT": ("Lietuva",),
    "DK": ("Danmark",),
    "IE": ("Éire", "Eire", "Republic of Ireland"),
    "AT": ("Österreich",),
    "CH": ("Schweiz", "Suisse", "Svizzera"),
    "BE": ("België", "Belgique", "Belgien"),
    "RO": ("România",),
    "SK": ("Slovensko", "Slovak Republic"),
    "SI": ("Slovenija",),
    "RS": ("Srbija",),
    "AL": ("Shqipëria", "Shqiperia"),
    "GE": ("Sakartvelo",),
    "MD": ("Moldova", "Republic of Moldova", "Moldavia"),
    "MK": ("North Macedonia", "Macedonia", "Severna Makedonija"),
    "XK": ("Kosovo",),
    "BA": ("Bosnia", "Bosnia and Herzegovina", "Bosnia-Herzegovina", "BiH"),
    "UA": ("Ukraine", "Ukraina"),
    "IL": ("Israel",),
    "CY": ("Cyprus",),
    "IS": ("Ísland",),
    "PT": ("Portugal",),
    "LU": ("Lëtzebuerg",),
}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded name -> ISO alpha-2 code, for the countries of the gazetteer."""
    names: dict[str, str] = {}
    for code in GAZETTEER_COUNTRIES:
        country = pycountry.countries.get(alpha_2=code)
        candidates = list(_EXTRA_NAMES.get(code, ()))
        if country is not None:
            candidates += [
                country.name,
                getattr(country, "common_name", ""),
                getattr(country, "official_name", ""),
            ]
        for name in candidates:
            key = fold_key(name)
            if key:
                names.setdefault(key, code)
    names["kosovo"] = "XK"
    # The country as officers write it in each language the bot speaks ("Portekiz",
    # "Hiszpania", "Ελλάδα"): CLDR's names, through Babel.
    for language in LANGUAGES:
        territories = Locale.parse(language).territories
        for code in GAZETTEER_COUNTRIES:
            key = fold_key(territories.get(code, ""))
            if key:
                names.setdefault(key, code)
    return names


def country_display_name(code: str) -> str:
    """The short English name shown to users."""
    preferred = {
        "GB": "the United Kingdom",
        "TR": "Türkiye",
        "CZ": "Czechia",
        "NL": "the Netherlands",
        "MD": "Moldova",
        "XK": "Kosovo",
        "MK": "North Macedonia",
        "BA": "Bosnia and Herzegovina",
    }
    if code in preferred:
        return preferred[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
