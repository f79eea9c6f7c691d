"""The newcomer corpus (evaluation/data/newcomer_visits.yml) meets its targets on the real
servers: what `make converse-eval` measures, kept true by every test run."""

from __future__ import annotations

import pytest

from evaluation.converse.simulator import RasaRest
from evaluation.converse.verdict import summarise
from evaluation.converse_eval import failure_lines, play
from tests.integration.conftest import TOKEN

pytestmark = pytest.mark.integration


def test_first_visits_reach_their_outcome_without_misleading_or_trapping(servers):
    results = play(RasaRest(f"http://127.0.0.1:{servers.rasa_port}", TOKEN))
    figures = summarise([verdict for _, verdict in results])
    problems = [line for transcript, verdict in results
                for line in failure_lines(transcript, verdict)
                if not verdict.completed or verdict.wrong_places or verdict.loops
                or verdict.silent_turns]
    assert all(figures["targets_met"].values()), (figures, problems)
