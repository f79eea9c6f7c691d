from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from bot.domain.handoff.hours import HelpdeskHours
from bot.domain.handoff.messages import handoff_reply
from bot.domain.replies import listing, noted, phrase

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
