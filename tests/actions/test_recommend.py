from sqlalchemy import select

from actions.recommend import ActionRecommend, ActionSaveIntake, ActionShowMore
from bot.domain.matching import PAGE_SIZE
from bot.storage.models import IntakeAnswer, RecommendationShown
from bot.storage.session import session_scope
from tests.actions.conftest import make_tracker, rendered, run

ANSWERS = dict(city="Valongo", country="PT", readiness="planning_target",
               challenges="no money", support_wanted=["funding"],
               pathways=[{"pathway": "finance", "confidence": 0.9}],
               place={"geonameid": 2732978, "name": "Valongo", "country": "PT",
                      "population": 21328, "is_mission_city": False})


def test_recommendations_come_a_page_at_a_time(dispatcher, domain, action_database):
    events = run(ActionRecommend().run(dispatcher, make_tracker("yes", sender="conv-pages",
                                                                **ANSWERS), domain))
    slots = {event["name"]: event["value"] for event in events}
    assert dispatcher.messages[0]["response"] == "utter_recommendations_intro_on_topics"
    assert rendered(dispatcher, domain)[0]["text"] == (
        "Here is support that fits Valongo, Portugal, for funding and financing:")
    shown = rendered(dispatcher, domain)[1:1 + PAGE_SIZE]
    assert all("https://" in message["text"] for message in shown)
    assert slots["recommendation_offset"] == PAGE_SIZE
    assert rendered(dispatcher, domain)[-1]["buttons"] == [{"title": "Show more",
                                                   "payload": "/show_more"}]
    more = run(ActionShowMore().run(dispatcher, make_tracker(
        "show more", "show_more", sender="conv-pages", recommendations=slots["recommendations"],
        recommendation_offset=PAGE_SIZE), domain))
    assert more[0]["value"] == min(2 * PAGE_SIZE, len(slots["recommendations"]))
    with session_scope(action_database) as session:  # noted for the insights, once each
        noted = session.execute(select(RecommendationShown.key).where(
            RecommendationShown.conversation_id == "conv-pages")).scalars().all()
    assert sorted(noted) == sorted(item["key"] for item in slots["recommendations"][
        :more[0]["value"]])


def test_show_more_before_any_recommendation(dispatcher, domain):
    assert run(ActionShowMore().run(dispatcher, make_tracker("more", "show_more"), domain)) == []
    assert "not made any recommendations" in rendered(dispatcher, domain)[0]["text"]


def test_intake_is_saved_with_skipped_questions(dispatcher, domain, action_database):
    tracker = make_tracker("x", sender="conv-actions",
                           **{**ANSWERS, "readiness": "skipped", "language": "pt"})
    events = run(ActionSaveIntake().run(dispatcher, tracker, domain))
    assert events[0]["name"] == "orientation_complete" and events[0]["value"] is True
    with session_scope(action_database) as session:
        row = session.execute(select(IntakeAnswer).where(
            IntakeAnswer.conversation_id == "conv-actions")).scalar_one()
        assert (row.city, row.country_code, row.readiness) == ("Valongo", "PT", None)
        assert row.skipped == ["readiness"] and row.support_wanted == ["funding"]
        # what the needs insights count: language, size, city and how the pathways were read
        assert (row.language, row.population, row.city_key) == ("pt", 21328, "g2732978")
        assert row.pathways_outcome == "sure", "no confirmation was asked in these events"
        assert [(item.pathway_key, item.is_primary) for item in row.pathway_rows] == [
            ("finance", True)]
        assert [item.support_key for item in row.support_rows] == ["funding"]
