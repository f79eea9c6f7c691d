"""The needs figures against counts made by hand from a known set of answers, on both databases."""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.domain.eligibility import OPEN_STATUSES, past_deadline
from bot.domain.intake import Intake
from bot.services.insights import as_csv, as_markdown, conversations_csv, needs_insights
from bot.storage.insights import Filters, supply_by_pathway
from bot.storage.intake import save_intake, save_progress, save_shown, set_excluded
from bot.storage.models import Escalation, FundingCall, Service
from bot.storage.session import session_scope
from tests.conftest import empty_postgres_database, seeded

TODAY = date.today()


def _pathways(**confidences: float) -> list[dict]:
    return [{"pathway": key, "confidence": value} for key, value in confidences.items()]


# Porto twice (its latest answers count), Konya, Ağrı without a gazetteer id, a conversation
# without a city, and a test conversation that is left out.
ANSWERS = [
    Intake("ins-porto-1", "Porto", "PT", 2735943, True, "planning_target", "no data, no money",
           _pathways(finance=0.9, monitoring=0.5), ["funding", "technical_assistance"], [],
           "pt", 249_633, "sure"),
    Intake("ins-porto-2", "Porto", "PT", 2735943, True, "target_in_place", "no money",
           _pathways(finance=0.9), ["funding"], [], "pt", 249_633, "sure"),
    Intake("ins-konya", "Konya", "TR", 306571, False, "exploring", "policy and budget",
           _pathways(governance=1.0, finance=0.4), ["networking"], [], "tr", 875_530,
           "corrected"),
    Intake("ins-agri", "Ağrı", "TR", None, None, "exploring", None, [], ["funding"],
           ["challenges"], "tr", None, "unread"),
    Intake("ins-nocity", None, None, None, None, "planning_target", "emission inventory",
           _pathways(monitoring=0.35), [], ["city", "country"], "en", None, "confirmed"),
    Intake("ins-trial", "Porto", "PT", 2735943, True, "not_planning", "trial",
           _pathways(ecosystem=0.9), ["networking"], [], "en", 249_633, "sure"),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def catalogue_url(request, tmp_path_factory, catalogue) -> Iterator[str]:
    """A newly seeded database of each kind for this module: the answers below are all the
    answers it holds."""
    if request.param == "sqlite":
        yield seeded(f"sqlite:///{tmp_path_factory.mktemp('insights') / 'broker.db'}",
                     catalogue)
    else:
        with empty_postgres_database() as url:
            yield seeded(url, catalogue)


@pytest.fixture(scope="module")
def answered(catalogue_url):
    for intake in ANSWERS:
        with session_scope(catalogue_url) as session:
            save_progress(session, intake.conversation_id, "readiness", intake.language)
            save_progress(session, intake.conversation_id, None, intake.language)
            save_intake(session, intake)
    with session_scope(catalogue_url) as session:  # two who left, at different questions
        save_progress(session, "ins-left-early", "city", "en")
        save_progress(session, "ins-left-late", "readiness", "tr")
        save_progress(session, "ins-left-late", "support_wanted", "tr")
    offer = {"kind": "service", "key": "nzc-helpdesk", "name": "NZC Helpdesk"}
    call = {"kind": "call", "key": "LIFE-2026", "name": "LIFE call"}
    with session_scope(catalogue_url) as session:
        assert save_shown(session, "ins-konya", [offer, call, offer]) == 2
        assert save_shown(session, "ins-konya", [offer]) == 0, "once per conversation"
        save_shown(session, "ins-agri", [offer])
        save_shown(session, "ins-trial", [call])
    with session_scope(catalogue_url) as session:
        opened = datetime.now(timezone.utc)
        session.add(Escalation(conversation_id="ins-agri", reason="asked_for_person",
                               transcript_ref="/conversations/ins-agri/tracker",
                               created_at=opened, claimed_at=opened + timedelta(minutes=12),
                               resolved_at=opened + timedelta(minutes=40), status="resolved"))
        session.add(Escalation(conversation_id="ins-trial", reason="frustration",
                               transcript_ref="/conversations/ins-trial/tracker"))
        assert set_excluded(session, "ins-trial", True)
        assert not set_excluded(session, "no-such-conversation", True)
    return catalogue_url


def _rows(insights, key):
    return {row[0]: row[1:] for row in insights.table(key).rows}


def _counts(insights, key, column=0):
    return {label: cells[column].count for label, cells in _rows(insights, key).items()}


def test_each_city_counts_once_with_its_latest_answers(answered):
    insights = needs_insights(Filters(), TODAY, answered)
    assert insights.cities == 4
    assert _counts(insights, "readiness") == {
        "Yes, we already have a climate-neutral target in place": 1,
        "Yes, we plan to set a climate-neutral target": 1,
        "We don't know yet; we are exploring possibilities": 2,
        "No, we do not plan to become climate neutral": 0, "not answered": 0}
    main, named = _counts(insights, "pathways", 0), _counts(insights, "pathways", 1)
    assert (main["Finance and business models"], named["Finance and business models"]) == (1, 2)
    assert (main["Policy and governance"], named["Policy and governance"]) == (1, 1)
    assert (main["Monitoring and learning"], named["Monitoring and learning"]) == (1, 1), \
        "Porto's earlier monitoring is not counted: its latest answers are"
    assert named["Inclusive ecosystem for change and social innovation"] == 0, "the trial"
    assert _counts(insights, "support") == {"Access to funding": 2, "Technical assistance": 0,
                                            "Networking and peer learning": 1}


def test_cross_tables_share_of_the_row_and_who_was_reached(answered):
    insights = needs_insights(Filters(), TODAY, answered)
    exploring = _rows(insights, "readiness_by_pathway")[
        "We don't know yet; we are exploring possibilities"]
    assert [(cell.count, cell.n) for cell in exploring] == [
        (0, 2), (0, 2), (0, 2), (0, 2), (1, 2), (1, 2)]
    finance = _rows(insights, "pathway_by_support")["Finance and business models"]
    assert [(cell.count, cell.n) for cell in finance] == [(1, 2), (0, 2), (1, 2)]
    assert _counts(insights, "countries") == {"Türkiye": 2, "Portugal": 1, "not answered": 1}
    assert _counts(insights, "size") == {"under 50,000": 0, "50,000 to 250,000": 1,
                                         "over 250,000": 1, "unknown": 2}
    assert _counts(insights, "mission") == {"Mission City": 1, "Mission-minded city": 1,
                                            "unknown": 2}
    assert _counts(insights, "languages") == {"Turkish": 2, "Portuguese": 1, "English": 1}
    assert _counts(insights, "classification") == {
        "read with confidence, not questioned": 1, "confirmed by the officer when asked": 1,
        "corrected by the officer": 1, "no pathway read (skipped or unclear)": 1,
        "main pathway below the confidence to go on unasked": 1}


def test_filters_and_period(answered):
    assert needs_insights(Filters(country="tr"), TODAY, answered).cities == 2
    assert needs_insights(Filters(language="pt"), TODAY, answered).cities == 1
    assert needs_insights(Filters(readiness="exploring"), TODAY, answered).cities == 2
    assert needs_insights(Filters(since=TODAY + timedelta(days=1)), TODAY, answered).cities == 0
    assert needs_insights(Filters(since=TODAY, until=TODAY), TODAY, answered).cities == 4


def test_blind_spots_and_support_gaps(answered):
    insights = needs_insights(Filters(), TODAY, answered)
    spots = insights.table("blind_spots").rows
    assert spots and all(reached == 0 for *_, reached in spots[:5]), \
        "the most unreached cells come first"
    turkish_large = [row for row in spots if row[:2] == ("Türkiye", "over 250,000")]
    assert not turkish_large or turkish_large[0][3] == 1
    gaps = {label: (share.count, supply) for label, share, supply
            in insights.table("support_gaps").rows}
    assert gaps["Access to funding"][0] == 2
    assert "Technical assistance" not in gaps, "a need nobody named is no gap"


def test_supply_counts_current_offers_per_pathway(catalogue_url):
    with session_scope(catalogue_url) as session:
        counted = supply_by_pathway(session, TODAY)
        by_hand: dict[str, int] = {}
        for service in session.execute(select(Service)).scalars():
            if not past_deadline(service.closes_on, TODAY):
                for pathway in service.pathways:
                    by_hand[pathway.key] = by_hand.get(pathway.key, 0) + 1
        for call in session.execute(select(FundingCall)).scalars():
            if call.status in OPEN_STATUSES and not past_deadline(call.deadline, TODAY):
                for pathway in call.pathways:
                    by_hand[pathway.key] = by_hand.get(pathway.key, 0) + 1
    assert counted == by_hand and sum(counted.values()) > 0


def test_exports_print_n_and_hide_cells_of_fewer_than_three_cities(answered):
    insights = needs_insights(Filters(), TODAY, answered)
    shown = as_markdown(insights)
    assert "n = 4 cities" in shown
    assert "| We don't know yet; we are exploring possibilities | < 3 of 4 (< 75%) |" in shown
    exact = as_markdown(insights, protect=False)
    assert "| We don't know yet; we are exploring possibilities | 2 of 4 (50%) |" in exact
    csv_text = as_csv(insights)
    assert csv_text.splitlines()[0] == "table,row,column,value,n,share"
    assert "readiness,We don't know yet; we are exploring possibilities,cities,< 3,4,< 75%" \
        in csv_text.splitlines()
    assert ",2,4,50%" in as_csv(insights, protect=False)


def test_the_conversation_export_has_a_row_per_conversation(answered):
    rows = list(csv.DictReader(io.StringIO(conversations_csv(Filters(), answered))))
    assert [row["conversation"] for row in rows] == [
        "ins-porto-1", "ins-porto-2", "ins-konya", "ins-agri", "ins-nocity"], \
        "every conversation (Porto's two), never the excluded trial"
    konya = rows[2]
    assert (konya["city"], konya["country"], konya["language"], konya["readiness"]) == (
        "Konya", "TR", "tr", "exploring")
    assert konya["pathways"] == "governance:1.00;finance:0.40"
    assert (konya["support_wanted"], konya["escalated"]) == ("networking", "no")
    assert rows[3]["escalated"] == "yes" and rows[3]["pathways"] == ""
    assert [row["conversation"] for row in csv.DictReader(io.StringIO(
        conversations_csv(Filters(country="PT"), answered)))] == ["ins-porto-1", "ins-porto-2"]


def test_the_service_figures_count_conversations_and_helpdesk_times(answered):
    service = {label: cells[0] for label, *cells in
               needs_insights(Filters(), TODAY, answered).table("service").rows}
    assert service["orientations begun"] == 7, "five answered, two left; not the trial"
    assert service["orientations completed"] == 5, "Porto's two conversations, not the trial"
    assert service["left at the question: city"] == 1
    assert service["left at the question: support wanted"] == 1, "the last question asked"
    assert "left at the question: readiness" not in service
    assert service["escalations to the Helpdesk"] == 1, "the trial's escalation is left out"
    assert service["escalated because the user asked to talk to a person"] == 1
    assert service["time to the Helpdesk's first reply"] == \
        "median 12 min, 90% within 12 min (n = 1)"
    assert service["time to resolution"] == "median 40 min, 90% within 40 min (n = 1)"
    assert service["escalations still open"] == 0


def test_the_offers_shown_most_count_conversations(answered):
    shown = needs_insights(Filters(), TODAY, answered).table("recommended").rows
    assert shown == (("NZC Helpdesk", "support service", 2), ("LIFE call", "funding call", 1)), \
        "the trial's call is not counted"
