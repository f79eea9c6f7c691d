"""The orientation form: reading each answer, asking the questions that need live data."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.funding import FUNDING_QUESTIONS, send_calls
from actions.offload import off_loop
from bot.domain import answers, questions
from bot.domain.answers import SKIPPED, Message
from bot.domain.insights import question_asked
from bot.domain.places.countries import GAZETTEER_COUNTRIES
from bot.domain.places.resolver import PlaceMatch, find_country, resolve_place
from bot.domain.replies import listing, noted, pathway, phrase, said, support
from bot.domain.taxonomy import PATHWAY_KEYS, SUPPORT_OPTIONS
from bot.domain.textnorm import escape_user_text
from bot.services.intake import record_progress
from bot.services.places import offers_reserved_for

# Answers to questions asked in the middle of the challenges question (see validate_challenges).
QUESTION_ANSWERS = {
    "ask_climate_neutrality": "utter_climate_neutrality",
    "ask_mission_cities": "utter_mission_cities",
    "ask_nzc_offer": "utter_nzc_offer",
    "ask_pathways": "utter_pathways",
    "ask_data_use": "utter_data_use",
    "bot_challenge": "utter_bot_challenge",
}


def latest(tracker: Tracker) -> Message:
    return Message.from_parse(tracker.latest_message or {})


def support_list(domain: DomainDict, keys: list[str]) -> str:
    """The kinds of support as one phrase: "access to funding and technical assistance"."""
    return said(domain, [support(key) for key in keys if key in SUPPORT_OPTIONS])


def understood_list(domain: DomainDict, pathways: list[dict]) -> str:
    """The pathways the bot is sure of: the main one, "and also" the others."""
    names = [said(domain, pathway(item["pathway"])) for item in pathways]
    if not names[1:]:
        return names[0]
    return phrase(domain, "utter_part_and_also", first=names[0], others=listing(domain, names[1:]))


async def place_updates(place: dict, dispatcher: CollectingDispatcher, tracker: Tracker,
                        guessed: bool = False) -> dict[str, Any]:
    """Slots for a recognised place (`answers.place_slot`), telling a Mission City what is
    reserved for it."""
    reserved_offers = await off_loop(offers_reserved_for, [place["name"], *place["variants"]],
                                     place["country"])
    mission = reserved_offers is not None
    place = {**place, "is_mission_city": mission}
    country = answers.country_phrase(place["country"], tracker.get_slot("language"))
    dispatcher.utter_message(
        response="utter_place_noted_guessed" if guessed else "utter_place_noted",
        place_name=place["name"], country=country)
    if mission and reserved_offers:
        dispatcher.utter_message(response="utter_mission_city_reserved", place_name=place["name"],
                                 offers=", ".join(reserved_offers))
    elif mission:
        dispatcher.utter_message(response="utter_mission_city", place_name=place["name"])
    return {"city": place["name"], "country": place["country"], "place": place}


FORM_NAME = "orientation_form"
# What a question left open after three unreadable answers is set to (default: skipped).
LEFT_OPEN = {"pathways_confirmed": {"pathways_confirmed": True},
             "challenges": {"challenges": SKIPPED, "pathways_confirmed": True}}


def missed(slot: str, tracker: Tracker, dispatcher: CollectingDispatcher,
           sorry_response: str) -> dict[str, Any]:
    """An answer that could not be read: sorry, then the options, then leave the question."""
    misses = int(tracker.get_slot(questions.MISSES_SLOT) or 0) + 1
    step = questions.after_miss(misses)
    if step == questions.LEAVE_OPEN:
        dispatcher.utter_message(response="utter_question_left_open")
        return {**LEFT_OPEN.get(slot, {slot: SKIPPED}), questions.MISSES_SLOT: 0}
    if step == questions.SORRY:
        dispatcher.utter_message(response=sorry_response)
    # OPTIONS: the question's own variation for this count says it (domain.yml)
    return {slot: None, questions.MISSES_SLOT: misses}


async def corrected_place(slot: str, tracker: Tracker,
                          dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """The officer's latest answer corrects the place rather than answering `slot`
    ("no, not Italy! Alba Iulia in Romania"): the place is noted or asked about, and `slot`
    asked again. Empty when the answer names no other place."""
    correction = answers.place_correction(latest(tracker), tracker.get_slot("place"))
    if correction is None:
        return {}
    return {slot: None, **await noted_or_asked(*correction, dispatcher, tracker)}


def replies_to_form(tracker: Tracker) -> bool:
    """Whether the form runs on the user's latest message, not after a question answered in
    between (the validation sees the form's own run last, then what came before it)."""
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "bot" or (kind == "action" and event.get("name") not in (
                FORM_NAME, "action_listen")):
            return False
    return False


def guess_updates(match: PlaceMatch) -> dict[str, Any]:
    """A place the bot is unsure of: asked about (action_ask_place_confirmed), not noted."""
    return {"city": None, "place": None, "place_guess": answers.place_slot(match),
            "place_confirmed": None}


async def noted_or_asked(match: PlaceMatch, country: str | None,
                         dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """A place read in a message: noted when the bot is sure of it, else asked about."""
    if not answers.place_is_sure(match, country):
        return {**guess_updates(match), **({"country": country} if country else {})}
    return await place_updates(answers.place_slot(match), dispatcher, tracker)


class ValidateOrientationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_orientation_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        """The form's validation; a question answered (another one asked) starts with no
        misses."""
        requested = tracker.get_slot("requested_slot")
        events = await super().run(dispatcher, tracker, domain)
        answered = any(event.get("name") == requested and event.get("value") is not None
                       for event in events)
        misses_set = any(event.get("name") == questions.MISSES_SLOT for event in events)
        if answered and not misses_set and tracker.get_slot(questions.MISSES_SLOT):
            events.append(SlotSet(questions.MISSES_SLOT, 0))
        required = domain.get("forms", {}).get(FORM_NAME, {}).get("required_slots", [])
        if required:  # how far the conversation got, for where people leave the orientation
            await off_loop(record_progress, tracker.sender_id,
                           question_asked(required, tracker.current_slot_values(), events),
                           tracker.get_slot("language"))
        return events

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        """A place the bot is unsure of is asked about before anything else."""
        if tracker.get_slot("place_guess"):
            return ["place_confirmed", *domain_slots]
        return domain_slots

    async def extract_city(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        """The place named in the message that opened the orientation, whatever it said
        first ("Bristol City Council, we lack staff"), or in a greeting that answers the city
        question ("Hola, I write from Ronda")."""
        message = latest(tracker)
        requested = tracker.get_slot("requested_slot")
        opening = requested is None or (requested == "city" and message.intent == "greet")
        if tracker.get_slot("city") or not opening:
            return {}
        return {"city": message.text} if answers.place_in_opening(message) else {}

    async def extract_place_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        """The reply to "Did you mean …?" (a question answered in between is no reply)."""
        if tracker.get_slot("requested_slot") != "place_confirmed" or not replies_to_form(tracker):
            return {}
        return {"place_confirmed": latest(tracker).text}

    async def validate_place_confirmed(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        message = latest(tracker)
        guess = tracker.get_slot("place_guess")
        if message.intent == "affirm" and guess:
            updates = await place_updates(guess, dispatcher, tracker)
            return {**updates, "place_guess": None, "place_confirmed": True}
        if message.intent == "deny":
            dispatcher.utter_message(response="utter_place_guess_denied")
            return {"place_guess": None, "place_confirmed": None, "city": None}
        # another answer: read as the place, afresh
        return {"place_guess": None, "place_confirmed": None,
                **await self.validate_city(message.text, dispatcher, tracker, domain)}

    async def validate_city(self, value: Any, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"city": SKIPPED, "place": None}
        place = tracker.get_slot("place")
        if place and value == place["name"]:
            return {"city": value}  # noted already, by the message that started the form
        message = latest(tracker)
        match, country = answers.read_place(message)
        if match is not None:
            return await noted_or_asked(match, country, dispatcher, tracker)
        if message.is_challenge and message.intent_confidence >= answers.CONFIDENT_INTENT:
            dispatcher.utter_message(response="utter_noted_as_challenge")
            return {"city": None, "challenges": message.text,
                    "pathways": answers.read_challenges(message)}
        if not answers.looks_like_a_place_name(message.text):
            return missed("city", tracker, dispatcher, "utter_no_place_name")
        city = answers.clean_city_text(message.text)
        if country:
            # "Krk, Croatia": a place the gazetteer does not know, with its country.
            city = answers.clean_city_text(city.split(",")[0])
        return {"city": city, "place": None, "country": country}

    async def validate_country(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"country": SKIPPED}
        code = value if value in GAZETTEER_COUNTRIES else find_country(str(value))
        if code is None:
            return missed("country", tracker, dispatcher, "utter_unknown_country")
        city = tracker.get_slot("city")
        if city and city != SKIPPED and not tracker.get_slot("place"):
            match = resolve_place(city, code)
            if match is not None and match.place.country == code:
                return await place_updates(answers.place_slot(match), dispatcher, tracker,
                                           guessed=match.method == "fuzzy")
            dispatcher.utter_message(response="utter_place_not_listed",
                                     city_name=escape_user_text(city),
                                     country=answers.country_phrase(code, domain.get("language")))
        return {"country": code}

    async def validate_readiness(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"readiness": SKIPPED}
        readiness = answers.read_readiness(latest(tracker))
        if readiness is None:
            return await corrected_place("readiness", tracker, dispatcher) \
                or missed("readiness", tracker, dispatcher, "utter_readiness_not_matched")
        return {"readiness": readiness}

    async def validate_challenges(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"challenges": SKIPPED, "pathways": [], "pathways_confirmed": True}
        message = latest(tracker)
        if message.is_question and message.intent_confidence >= answers.CONFIDENT_INTENT:
            if message.intent in QUESTION_ANSWERS:
                dispatcher.utter_message(response=QUESTION_ANSWERS[message.intent])
                return {"challenges": None}
            if message.intent in FUNDING_QUESTIONS:
                await send_calls(dispatcher, tracker, domain, message)
                return {"challenges": None}
        correction = await corrected_place("challenges", tracker, dispatcher)
        if correction:
            return correction
        if answers.states_no_challenge(message):
            return missed("challenges", tracker, dispatcher, "utter_no_challenge_found")
        return self._read_challenges(message, tracker, dispatcher, domain)

    @staticmethod
    def _read_challenges(message: Message, tracker: Tracker, dispatcher: CollectingDispatcher,
                         domain: DomainDict) -> dict[str, Any]:
        """Keep the text, add the pathways read in it, and say as much as the bot is sure of:
        sure -> say so and go on; unsure -> ask to confirm; lost -> ask to rephrase (both asked
        by action_ask_pathways_confirmed)."""
        earlier = tracker.get_slot("challenges")
        text = message.text if not earlier or earlier in (SKIPPED, message.text) \
            else f"{earlier}\n{message.text}"
        read = answers.read_challenges(message)
        if answers.understanding(read) == answers.REPHRASE:
            read = []
        pathways = answers.merge_pathways(tracker.get_slot("pathways") or [], read)
        if pathways and answers.understanding(pathways) == answers.SURE:
            dispatcher.utter_message(response="utter_pathways_understood",
                                     pathway_list=understood_list(domain, pathways))
            return {"challenges": text, "pathways": pathways, "pathways_confirmed": True}
        return {"challenges": text, "pathways_confirmed": None, "pathways": pathways}

    async def validate_pathways_confirmed(self, value: Any, dispatcher: CollectingDispatcher,
                                          tracker: Tracker,
                                          domain: DomainDict) -> dict[str, Any]:
        message = latest(tracker)
        if message.intent in ("affirm", "skip"):
            return {"pathways_confirmed": True}
        updated, changed = answers.edit_pathways(tracker.get_slot("pathways") or [], message)
        if changed:
            return {"pathways": updated, "pathways_confirmed": None}
        if answers.read_challenges(message) and not message.is_question:
            # said in other words
            return self._read_challenges(message, tracker, dispatcher, domain)
        return {**missed("pathways_confirmed", tracker, dispatcher, "utter_use_the_buttons"),
                "pathways": updated}

    async def validate_support_wanted(self, value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"support_wanted": SKIPPED}
        support = answers.read_support(latest(tracker))
        if not support:
            return await corrected_place("support_wanted", tracker, dispatcher) \
                or missed("support_wanted", tracker, dispatcher, "utter_support_not_understood")
        dispatcher.utter_message(response="utter_noted", noted=support_list(domain, support))
        return {"support_wanted": support}


def options_again(tracker: Tracker) -> bool:
    """Whether the question is asked again after two unreadable answers (see questions.py)."""
    misses = int(tracker.get_slot(questions.MISSES_SLOT) or 0)
    return questions.after_miss(misses) == questions.OPTIONS if misses else False


class ActionAskPlaceConfirmed(Action):
    """"Did you mean Leeds, United Kingdom?" for a place the bot is unsure of."""

    def name(self) -> str:
        return "action_ask_place_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        guess = tracker.get_slot("place_guess") or {}
        dispatcher.utter_message(response="utter_ask_place_confirmed",
                                 place_name=guess.get("name", ""),
                                 country=answers.country_phrase(guess.get("country"),
                                                                domain.get("language")))
        return []


class ActionAskCountry(Action):
    def name(self) -> str:
        return "action_ask_country"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        city = tracker.get_slot("city")
        if options_again(tracker):
            dispatcher.utter_message(response="utter_ask_country_options")
        elif city and city != SKIPPED:
            dispatcher.utter_message(response="utter_ask_country_of_city",
                                     city_name=escape_user_text(city))
        else:
            dispatcher.utter_message(response="utter_ask_country")
        return []


class ActionAskPathwaysConfirmed(Action):
    """Says in plain words which pathways the challenges were placed on, and lets the officer
    add or remove pathways with buttons."""

    def name(self) -> str:
        return "action_ask_pathways_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        chosen = tracker.get_slot("pathways") or []
        keys = [item["pathway"] for item in chosen]
        buttons = [{"title": phrase(domain, "utter_part_button_remove_pathway",
                                    pathway=said(domain, pathway(key))),
                    "payload": f'/edit_pathways{{"pathway_remove": "{key}"}}'} for key in keys]
        buttons += [{"title": phrase(domain, "utter_part_button_add_pathway",
                                     pathway=said(domain, pathway(key))),
                     "payload": f'/edit_pathways{{"pathway_add": "{key}"}}'}
                    for key in PATHWAY_KEYS if key not in keys]
        if options_again(tracker):
            buttons += [{"title": phrase(domain, "utter_part_button_skip"), "payload": "/skip"},
                        {"title": phrase(domain, "utter_part_button_person"),
                         "payload": "/request_human"}]
        if not chosen:
            dispatcher.utter_message(response="utter_ask_pathways_rephrase_options"
                                     if options_again(tracker) else "utter_ask_pathways_rephrase",
                                     buttons=buttons)
            return []
        lines = [phrase(domain, "utter_part_pathway_line",
                        pathway=said(domain, pathway(item["pathway"])),
                        confidence=phrase(domain, "utter_part_confidence_"
                                          + answers.confidence_level(item["confidence"])))
                 for item in chosen]
        dispatcher.utter_message(response="utter_ask_pathways_confirmed_options"
                                 if options_again(tracker) else "utter_ask_pathways_confirmed",
                                 pathway_lines="\n".join(lines), buttons=buttons)
        return []


def first_reply_of_session(tracker: Tracker) -> bool:
    """Whether the bot has said nothing yet in this session (Rasa starts each one with a
    `session_started` event)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return False
        if event.get("event") == "session_started":
            return True
    return False


class ActionUpdateAnswers(Action):
    """A message that brings new information (or corrects an answer) at any point."""

    def name(self) -> str:
        return "action_update_answers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        message = latest(tracker)
        if first_reply_of_session(tracker):
            # a visit that opens with its answers ("Muğla Belediyesi") is greeted as any other
            dispatcher.utter_message(response="utter_greet")
            dispatcher.utter_message(response="utter_data_use_notice")
        updates: dict[str, Any] = {}
        parts: list[tuple[str, dict[str, Any]]] = []
        match, country = answers.read_place(message)
        if match is not None and message.intent in ("inform_place", "correct_answer"):
            if not answers.place_is_sure(match, country) \
                    and not tracker.get_slot("orientation_complete"):
                # asked about by the orientation form, which comes next
                updates.update({"place_guess": answers.place_slot(match),
                                "place_confirmed": None})
                if country:
                    updates["country"] = country
            else:
                updates.update(await place_updates(answers.place_slot(match), dispatcher,
                                                   tracker, guessed=match.method == "fuzzy"))
        elif country:
            updates.update({"country": country})
            if tracker.get_slot("place") and tracker.get_slot("place")["country"] != country:
                updates["place"] = None
            parts.append(("utter_part_noted_country",
                          {"country": answers.country_phrase(country, domain.get("language"))}))
        readiness = answers.read_readiness(message) \
            if message.intent in ("inform_readiness", "correct_answer") else None
        if readiness:
            updates["readiness"] = readiness
            parts.append(("utter_part_noted_readiness", {}))
        if message.is_challenge:
            earlier = tracker.get_slot("challenges")
            updates["challenges"] = message.text if not earlier or earlier == SKIPPED \
                else f"{earlier}\n{message.text}"
            updates["pathways"] = answers.merge_pathways(tracker.get_slot("pathways") or [],
                                                         answers.read_challenges(message))
            parts.append(("utter_part_noted_challenges", {}))
        if message.intent == "inform_support":
            support = answers.read_support(message)
            if support:
                updates["support_wanted"] = support
                parts.append(("utter_part_noted_support",
                              {"support": support_list(domain, support)}))
        if message.intent == "edit_pathways":
            updated, changed = answers.edit_pathways(tracker.get_slot("pathways") or [], message)
            if changed:
                updates["pathways"] = updated
                parts.append(("utter_part_noted_pathways", {}))
        if parts:
            dispatcher.utter_message(response="utter_noted", noted=noted(domain, parts))
        elif not updates:
            dispatcher.utter_message(response="utter_what_to_change")
        return [SlotSet(name, value) for name, value in updates.items()]

