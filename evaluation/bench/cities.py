"""Simulated cities: the whole orientation as an officer runs it over the REST channel, with
what each turn must answer, so that a lost or wrong turn is counted, not just a slow one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    message: str
    expect: tuple[str, ...]  # every phrase must appear in the replies' text


@dataclass(frozen=True)
class SimulatedCity:
    place: str  # as the officer types it
    noted: str  # how the bot names it back
    readiness: str
    challenge: str
    support: str

    def turns(self) -> list[Turn]:
        """Greeting, place, readiness, challenges, support wanted, then one more page."""
        return [
            Turn("hi", ("Which city or municipality",)),
            Turn(f"we are from {self.place}", (f"{self.noted}: noted",)),
            Turn(f'/inform_readiness{{"readiness": "{self.readiness}"}}',
                 ("most important challenges",)),
            Turn(self.challenge, ("How could NetZeroCities assist you",)),
            Turn(f'/inform_support{{"support": "{self.support}"}}',
                 ("Here is support that fits",)),
            Turn("/show_more", ("",)),
        ]


CITIES: tuple[SimulatedCity, ...] = (
    SimulatedCity("Valongo", "Valongo, Portugal", "planning_target",
                  "the upfront costs of retrofitting are too high and we cannot find "
                  "co-financing", "funding"),
    SimulatedCity("Tartu", "Tartu, Estonia", "target_in_place",
                  "we have no reliable data on our emissions and no monitoring system",
                  "technical_assistance"),
    SimulatedCity("gdynia", "Gdynia, Poland", "exploring",
                  "our small team lacks the skills and staff to prepare a climate plan",
                  "technical_assistance"),
    SimulatedCity("Brugge", "Brugge, Belgium", "target_in_place",
                  "citizens and local businesses are not engaged in the transition",
                  "networking"),
    SimulatedCity("Heidelberg", "Heidelberg, Germany", "planning_target",
                  "we lack funding and investment for the district heating network", "funding"),
    SimulatedCity("Bratislava", "Bratislava, Slovakia", "exploring",
                  "different departments do not coordinate and there is no political "
                  "leadership on climate", "technical_assistance"),
    SimulatedCity("Kranj", "Kranj, Slovenia", "planning_target",
                  "the municipal budget is far too small to pay for energy renovation",
                  "networking"),
    SimulatedCity("Tampere", "Tampere, Finland", "target_in_place",
                  "public transport and charging infrastructure are not good enough",
                  "funding"),
)


def city_for(number: int) -> SimulatedCity:
    return CITIES[number % len(CITIES)]
