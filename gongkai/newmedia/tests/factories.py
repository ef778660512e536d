"""Accounts in a given state, made through the services so they carry their 备案 history."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.newmedia import services
from gongkai.newmedia.models import Account


def live_account(cast: Any, *, platform: str = "wechat", account_id: str = "gh_qingxi_cz", name: str = "青溪财政",
                 org: Any = None, opened_on: date = date(2026, 1, 5)) -> Account:
    filing = services.account_register(actor=cast.officer_a, organisation=org or cast.dept_a, platform=platform,
                                       name=name, account_id=account_id, sponsor="青溪县财政局",
                                       purpose="发布财政政策和预决算信息", opened_on=opened_on)
    services.filing_decide(actor=cast.supervisor, filing=filing, approve=True)
    filing.account.refresh_from_db()
    return filing.account
