"""application_review_record: 行政复议 / 诉讼 about a decided request (annual report table 四)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.tests.conftest import transition
from gongkai.core.exceptions import DomainError, StateError


def test_review_after_the_reply(app, cast) -> None:
    with pytest.raises(StateError, match="已受理"):
        transition(cast.officer_a, app, "review", kind="reconsideration", date=date(2026, 11, 1))
    transition(cast.officer_a, app, "reply", outcome="withheld_process", date=date(2026, 10, 20))
    result = transition(cast.officer_a, app, "review", kind="reconsideration", date=date(2026, 11, 1))
    assert result.message == "已登记行政复议（尚未审结）。" and app.reviews.get().filed_on == date(2026, 11, 1)
    with pytest.raises(DomainError, match="无效"):
        transition(cast.officer_a, app, "review", kind="appeal", date=date(2026, 11, 1))
    assert app.reviews.count() == 1
