"""application_transfer: to another organ in the system; the receipt date and the clock stay."""

from __future__ import annotations

import pytest

from gongkai.applications.tests.conftest import transition
from gongkai.core.exceptions import DomainError


def test_transfer_keeps_the_clock(app, cast) -> None:
    due = app.reply_due
    result = transition(cast.supervisor, app, "transfer", to_org=cast.dept_b, reason="职责调整")
    assert app.organisation == cast.dept_b and app.reply_due == due and app.officer is None
    assert result.message == "已转由青溪县市场监督管理局办理，收到申请之日和答复期限不变。"
    assert "职责调整" in app.events.get(kind="transfer").reason


def test_transfer_to_itself_or_without_reason_is_refused(app, cast) -> None:
    with pytest.raises(DomainError, match="本机关"):
        transition(cast.officer_a, app, "transfer", to_org=cast.dept_a, reason="x")
    with pytest.raises(DomainError, match="转办理由"):
        transition(cast.officer_a, app, "transfer", to_org=cast.dept_b, reason="")
    assert app.organisation == cast.dept_a
