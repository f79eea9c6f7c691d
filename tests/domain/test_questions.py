from bot.domain import questions


def test_an_unreadable_answer_is_met_with_sorry_then_options_then_left_open():
    assert [questions.after_miss(misses) for misses in (1, 2, 3, 4)] == [
        questions.SORRY, questions.OPTIONS, questions.LEAVE_OPEN, questions.LEAVE_OPEN]
