import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from bot.domain import matching
from bot.domain.handoff.hours import HelpdeskHours
from bot.domain.handoff.messages import handoff_reply
from bot.domain.replies import listing, noted, phrase, reason_text

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text("utf-8"))


def test_a_part_is_filled_from_the_domain_text():
    assert phrase(DOMAIN, "utter_part_button_add_pathway", pathway="Monitoring") == \
        "Add: Monitoring"
    with pytest.raises(KeyError):
        phrase(DOMAIN, "utter_part_button_add_pathway")


def test_lists_and_notes_use_the_domain_words():
    assert listing(DOMAIN, []) == "" and listing(DOMAIN, ["a"]) == "a"
    assert listing(DOMAIN, ["a", "b", "c"]) == "a, b and c"
    assert noted(DOMAIN, [("utter_part_noted_country", {"country": "Croatia"}),
                          ("utter_part_noted_readiness", {})]) == "country Croatia; your readiness"


def test_the_handoff_reply_by_hours_and_reason():
    friday_evening = datetime(2026, 11, 27, 19, 0, tzinfo=timezone.utc)
    closed = HelpdeskHours.parse("Mon-Fri 09:00-17:00 Europe/Brussels")
    name, values = handoff_reply(DOMAIN, "legal_question", closed, friday_evening,
                                 "within a day", "https://nzc.example/helpdesk")
    assert name == "utter_handoff_closed"
    assert values == {"opening": "I can't give legal or contractual advice on a specific "
                                 "application. ",
                      "hours": "Mon-Fri 09:00-17:00",
                      "next_opening": "Monday at 09:00 (Brussels time)",
                      "contact_url": "https://nzc.example/helpdesk"}
    always = HelpdeskHours.parse("Mon-Sun 00:00-23:59 UTC")
    assert handoff_reply(DOMAIN, "asked_for_person", always, friday_evening, "within a day",
                         "x") == ("utter_handoff_open",
                                  {"opening": "", "reply_time": "within a day"})


def test_every_part_of_a_reason_has_its_words_in_the_domain():
    """matching.py names its reason parts; each must be a response in domain.yml."""
    source = Path(matching.__file__).read_text()
    names = set(re.findall(r'_part\(\s*"(\w+)"', source))
    names |= {f"deadline_{state}{one}" for state in ("open", "forthcoming")
              for one in ("", "_one_day")}
    assert {"pathways", "support", "general", "own_city_takes_part"} <= names
    missing = [name for name in sorted(names)
               if f"utter_part_reason_{name}" not in DOMAIN["responses"]]
    assert missing == []


def test_a_reason_is_said_largest_part_first_with_lists_as_lists():
    parts = [["utter_part_reason_pathways", {"pathways": ["funding and financing",
                                                         "monitoring and data"]}],
             ["utter_part_reason_population_between", {"low": "10,000", "high": "50,000"}]]
    assert reason_text(DOMAIN, parts) == ("Helps with funding and financing and monitoring and "
                                          "data; for towns of 10,000–50,000 inhabitants.")
    assert reason_text(DOMAIN, []) == "General support for climate-neutral cities."
