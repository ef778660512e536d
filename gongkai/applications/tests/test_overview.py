"""The supervisor's overview (issue 14): every department including those with zero requests, counts by
state and overdue per department, a 工作机构's requests under its department, charts with their numbers."""

from __future__ import annotations

from datetime import date

from django.test import Client

from gongkai.applications import selectors, services
from gongkai.core.creditcode import make_credit_code
from gongkai.core.models import Membership, Organisation, Role

DATA = {"applicant_kind": "natural", "name": "张三", "phone": "13800138000", "description": "某项目批复",
        "form_wanted": "electronic", "delivery": "email"}


def _office(cast):
    office = Organisation.objects.create(name="青溪县财政局办公室", credit_code=make_credit_code("11", "320199", "TC000091"),
                                         kind=Organisation.Kind.OFFICE, level="county", parent=cast.dept_a)
    Membership.objects.create(user=cast.officer_a, organisation=office, role=Role.OFFICER)
    return office


def test_every_department_with_states_and_overdue(cast) -> None:
    _office(cast)
    services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA, channel="in_person",
                                 submitted_on=date(2026, 9, 1))  # long overdue by 2026-12-01
    replied, _ = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                             channel="in_person", submitted_on=date(2026, 11, 2))
    services.application_reply(actor=cast.officer_a, application=replied, outcome_code="disclose",
                               replied_on=date(2026, 11, 5))
    rows = {r["organisation__name"]: r for r in selectors.overview(cast.supervisor, today=date(2026, 12, 1))}
    assert set(rows) == {"青溪县人民政府", "青溪县财政局", "青溪县市场监督管理局"}  # offices folded, zeros kept
    fin = rows["青溪县财政局"]
    assert fin["open"] == 1 and fin["overdue"] == 1 and fin["replied"] == 1
    assert fin["states"]["accepted"] == 1 and fin["states"]["replied"] == 1
    from gongkai.reports.stats import overview_charts

    trend, ontime = overview_charts([r["organisation"] for r in rows.values()], today=date(2026, 12, 1))
    table = dict(trend.rows)
    assert table["2026-09"] == ["1", "0"] and table["2026-11"] == ["1", "1"] and table["2026-01"] == ["0", "0"] and len(table) == 12
    assert dict(ontime.rows)["青溪县财政局"] == ["100.0%"] and dict(ontime.rows)["青溪县市场监"] == ["—"]  # labelled by short name
    market = rows["青溪县市场监督管理局"]
    assert market["open"] == market["overdue"] == market["replied"] == 0 and sum(market["states"].values()) == 0


def test_officer_sees_only_their_own(cast) -> None:
    rows = selectors.overview(cast.officer_b, today=date(2026, 12, 1))
    assert [r["organisation__name"] for r in rows] == ["青溪县市场监督管理局"]


def test_page_has_charts_and_stacking_tables(cast) -> None:
    client = Client()
    client.force_login(cast.supervisor)
    page = client.get("/staff/applications/overview/").content.decode()
    assert page.count("<svg") == 2 and "近12个月收到与答复申请数" in page and "按时答复率" in page
    assert 'class="stack"' in page and 'data-label="逾期"' in page and "青溪县市场监督管理局" in page
