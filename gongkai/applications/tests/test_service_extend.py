"""application_extend called directly (the API and the page go through application_transition, which checks
the role first; the service must refuse on its own). Issue 11: "extension without a role check" and "the
extension cap raised in the service" both passed the suite."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import rules, services
from gongkai.applications.models import ApplicationEvent, LetterJob, State
from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError


def _extend(actor, app, workdays=20):
    return services.application_extend(actor=actor, application=app, workdays=workdays, approved_by="周主任",
                                       reason="材料较多", today=date(2026, 10, 20))


@pytest.mark.parametrize(("who", "error"), [("reviewer_a", PermissionDeniedError), ("publisher_a", PermissionDeniedError),
                                            ("supervisor", PermissionDeniedError), ("officer_b", NotFoundError),
                                            ("nobody", NotFoundError)])
def test_the_service_itself_checks_the_role(app, cast, who, error) -> None:
    events = ApplicationEvent.objects.count()
    with pytest.raises(error):
        _extend(getattr(cast, who), app)
    app.refresh_from_db()
    assert app.state == State.ACCEPTED and app.extension_workdays == 0
    assert ApplicationEvent.objects.count() == events and not LetterJob.objects.exists()


@pytest.mark.parametrize("who", ["officer_a", "admin"])
def test_a_handler_may_extend(app, cast, who) -> None:
    _extend(getattr(cast, who), app)
    assert app.state == State.EXTENDED and app.extension_workdays == 20


def test_the_cap_is_twenty_working_days_art_33(app, cast) -> None:
    assert rules.EXTENSION_MAX_WORKDAYS == 20
    with pytest.raises(DomainError, match="最长不得超过 20 个工作日"):
        _extend(cast.officer_a, app, workdays=21)
    with pytest.raises(DomainError, match="最长不得超过 20 个工作日"):
        _extend(cast.officer_a, app, workdays=0)
    app.refresh_from_db()
    assert app.extension_workdays == 0 and app.state == State.ACCEPTED
    _extend(cast.officer_a, app, workdays=20)
    assert app.extension_workdays == 20 and app.reply_due == date(2026, 12, 1)


def test_one_working_day_is_the_least(app, cast) -> None:
    _extend(cast.officer_a, app, workdays=1)
    assert app.extension_workdays == 1 and app.reply_due == date(2026, 11, 4)
