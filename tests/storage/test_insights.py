"""The answers that count, ranked once per page into a temporary table, on both databases."""

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from bot.domain.intake import Intake
from bot.storage import insights as counted
from bot.storage.insights import Filters
from bot.storage.intake import save_intake, set_excluded
from bot.storage.models import IntakeAnswer, IntakePathway, IntakeSupport
from bot.storage.session import get_engine, session_scope
from tests.conftest import empty_postgres_database, seeded

ANSWERS = [  # Porto twice (the later counts), Konya, and a trial that is left out
    Intake("chosen-porto-1", "Porto", "PT", 2735943, True, "exploring", "no data",
           [{"pathway": "monitoring", "confidence": 0.8}], ["funding"], [], "pt", 249_633),
    Intake("chosen-porto-2", "Porto", "PT", 2735943, True, "target_in_place", "no money",
           [{"pathway": "finance", "confidence": 0.9}], ["funding", "networking"], [], "pt",
           249_633),
    Intake("chosen-konya", "Konya", "TR", 306571, False, "exploring", "budget",
           [{"pathway": "finance", "confidence": 0.7},
            {"pathway": "governance", "confidence": 0.6}], ["funding"], [], "tr", 875_530),
    Intake("chosen-trial", "Bodø", "NO", 3160881, False, "exploring", "trial",
           [{"pathway": "ecosystem", "confidence": 0.9}], ["networking"], [], "en", 52_000),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def answered_url(request, tmp_path_factory, catalogue) -> Iterator[str]:
    if request.param == "sqlite":
        url = seeded(f"sqlite:///{tmp_path_factory.mktemp('chosen') / 'broker.db'}", catalogue)
        yield _answered(url)
    else:
        with empty_postgres_database() as url:
            yield _answered(seeded(url, catalogue))
            get_engine(url).dispose()


def _answered(url: str) -> str:
    for intake in ANSWERS:
        with session_scope(url) as session:
            save_intake(session, intake)
    with session_scope(url) as session:
        set_excluded(session, "chosen-trial", True)
    return url


def _conversations(session, chosen) -> set[str]:
    return set(session.scalars(select(IntakeAnswer.conversation_id)
                               .join(chosen, chosen.c.id == IntakeAnswer.id)))


def test_each_city_counts_once_with_its_latest_answers(answered_url):
    with session_scope(answered_url) as session, \
            counted.chosen_answers(session, Filters()) as chosen:
        assert _conversations(session, chosen) == {"chosen-porto-2", "chosen-konya"}
        assert counted.cities(session, chosen) == 2


def test_filters_apply_after_the_latest_answers_are_chosen(answered_url):
    """Porto's earlier "exploring" is not its answer any more, so it is not an exploring city."""
    with session_scope(answered_url) as session, \
            counted.chosen_answers(session, Filters(readiness="exploring")) as chosen:
        assert _conversations(session, chosen) == {"chosen-konya"}


def test_pairs_are_counted_across_the_answers_and_their_rows(answered_url):
    with session_scope(answered_url) as session, \
            counted.chosen_answers(session, Filters()) as chosen:
        by_readiness = counted.crossed(session, chosen, IntakeAnswer.readiness,
                                       IntakePathway.pathway_key)
        by_support = counted.crossed(session, chosen, IntakePathway.pathway_key,
                                     IntakeSupport.support_key)
    assert by_readiness == {("target_in_place", "finance"): 1, ("exploring", "finance"): 1,
                            ("exploring", "governance"): 1}
    assert by_support == {("finance", "funding"): 2, ("finance", "networking"): 1,
                          ("governance", "funding"): 1}


def test_the_ranking_table_is_gone_afterwards_even_after_a_failure(answered_url):
    with session_scope(answered_url) as session:
        with pytest.raises(RuntimeError), counted.chosen_answers(session, Filters()):
            raise RuntimeError("a figure failed")
        with counted.chosen_answers(session, Filters(country="tr")) as chosen:  # again, same
            assert _conversations(session, chosen) == {"chosen-konya"}
            assert inspect(session.connection()).has_table(counted.CHOSEN_TABLE)
        connection = session.connection()
        assert not inspect(connection).has_table(counted.CHOSEN_TABLE)


def test_a_failing_figure_raises_its_own_error_not_the_clean_up_s(answered_url):
    with pytest.raises(DBAPIError, match="no_such_table"), session_scope(answered_url) as session, \
            counted.chosen_answers(session, Filters()):
        session.execute(text("SELECT * FROM no_such_table"))
    with session_scope(answered_url) as session:
        assert not inspect(session.connection()).has_table(counted.CHOSEN_TABLE)
