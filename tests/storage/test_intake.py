from sqlalchemy import select

from bot.domain.intake import Intake
from bot.storage.intake import save_intake
from bot.storage.models import IntakeAnswer
from bot.storage.session import session_scope


def test_intake_is_stored_and_a_correction_updates_the_same_row(database_url):
    first = Intake(conversation_id="conv-intake-1", city="Valongo", country_code="PT",
                   readiness="planning_target", challenge_text="no money; no staff",
                   pathways=[{"pathway": "finance", "confidence": 0.91}],
                   support_wanted=["funding"], skipped=[])
    with session_scope(database_url) as session:
        save_intake(session, first)
    with session_scope(database_url) as session:
        save_intake(session, Intake(**{**first.__dict__, "country_code": "ES",
                                       "skipped": ["readiness"]}))
    with session_scope(database_url) as session:
        rows = session.execute(select(IntakeAnswer).where(
            IntakeAnswer.conversation_id == "conv-intake-1")).scalars().all()
        assert len(rows) == 1
        assert rows[0].country_code == "ES"
        assert rows[0].pathways == [{"pathway": "finance", "confidence": 0.91}]
        assert rows[0].challenge_text == "no money; no staff"
        assert rows[0].skipped == ["readiness"]
        session.delete(rows[0])
