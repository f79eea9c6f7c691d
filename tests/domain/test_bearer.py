"""The one bearer-token check every server uses."""

import pytest

from bot.domain.bearer import bearer_matches


@pytest.mark.parametrize("header", [
    "Bearer s3cret", "bearer s3cret", "BEARER s3cret", "BeArEr s3cret", "Bearer  s3cret ",
    " Bearer s3cret"])
def test_the_scheme_word_is_case_insensitive(header):
    assert bearer_matches(header, "s3cret") is True


@pytest.mark.parametrize("header", [
    "Bearer s3cret2", "Bearer S3CRET", "Bearer s3cre", "Basic s3cret", "s3cret", "Bearers3cret",
    "Bearer", "Bearer ", "", None, "Bearer s3cr€t"])
def test_anything_else_does_not_match(header):
    assert bearer_matches(header, "s3cret") is False


@pytest.mark.parametrize("header", ["Bearer ", "Bearer", "", None, "Bearer x"])
def test_an_empty_configured_token_matches_nothing(header):
    assert bearer_matches(header, "") is False
