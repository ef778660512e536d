"""application_fee_notice / fee_settled (国办函〔2020〕109号): one method per request; the payment period
is not counted; the 收费通知 is generated from the fee record's figures."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.models import Letter, State
from gongkai.applications.tests.conftest import transition
from gongkai.core.exceptions import DomainError


def test_notice_carries_the_fee_records_figures(app, cast) -> None:
    result = transition(cast.officer_a, app, "fee", method="page", quantity=150, date=date(2026, 10, 9))
    fee = app.fees.get()
    assert (fee.amount, fee.payment_due) == (1700, date(2026, 11, 5)) and app.state == State.FEE_PENDING
    assert result.message == "已发出收费通知：1700 元（按量），缴费期限至2026年11月5日。"
    job = app.letter_jobs.get()
    assert job.kind == Letter.Kind.FEE and job.letter.event.kind == "fee_notice"
    assert {k: job.params[k] for k in ("amount", "method", "quantity", "due", "fee_id")} == {
        "amount": 1700, "method": "按量", "quantity": 150, "due": "2026-11-05", "fee_id": fee.pk}
    assert sum(b["amount"] for b in job.params["bands"]) == 1700


def test_payment_resumes_the_clock_and_one_method_only(app, cast) -> None:
    transition(cast.officer_a, app, "fee", method="page", quantity=150, date=date(2026, 10, 9))
    transition(cast.officer_a, app, "fee_paid", date=date(2026, 10, 15))
    assert app.state == State.ACCEPTED and app.reply_due > date(2026, 11, 3)
    with pytest.raises(DomainError, match="109号"):
        transition(cast.officer_a, app, "fee", method="piece", quantity=35, date=date(2026, 10, 20))


@pytest.mark.parametrize(("method", "quantity", "message"), [
    ("piece", 0, "正整数"), ("page", 20, "0 元"), ("weight", 10, "按件或按量")])
def test_bad_fee_input(app, cast, method, quantity, message) -> None:
    with pytest.raises(DomainError, match=message):
        transition(cast.officer_a, app, "fee", method=method, quantity=quantity, date=date(2026, 10, 9))
    assert not app.fees.exists() and app.state == State.ACCEPTED
