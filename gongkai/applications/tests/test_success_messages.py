"""Every action's success message says what happened, with its figures ("已发出补正告知书，补正期限至
2026年10月29日。"), never "已保存。": each action of the transitions table is taken once here."""

from __future__ import annotations

import re
from datetime import date

from gongkai.applications import services
from gongkai.applications.tests.conftest import DATA, in_correction, transition
from gongkai.applications.transitions import ACTIONS

DAY = r"\d{4}年\d{1,2}月\d{1,2}日"


def test_every_action_says_what_happened(app, cast, today, online) -> None:
    said: dict[str, str] = {}

    def run(actor, application, action, day, **params):
        today(day)
        said[action] = transition(actor, application, action, **params).message

    officer = cast.officer_a
    run(officer, online[0], "accept", date(2026, 9, 17), date=date(2026, 9, 17))
    run(officer, app, "correction", date(2026, 10, 9), date=date(2026, 10, 9), reason="请写明项目名称", period=15)
    run(officer, app, "correction_received", date(2026, 10, 12), date=date(2026, 10, 12))
    run(officer, app, "consult", date(2026, 10, 14), date=date(2026, 10, 14), kind="third_party", party="青溪县某公司")
    run(officer, app, "consult_done", date(2026, 10, 20), date=date(2026, 10, 20), reason="同意公开")
    run(officer, app, "fee", date(2026, 10, 21), date=date(2026, 10, 21), method="page", quantity=120)
    run(officer, app, "fee_paid", date(2026, 10, 23), date=date(2026, 10, 23))
    run(officer, app, "extend", date(2026, 10, 26), workdays=20, approved_by="周主任", reason="材料较多")
    run(officer, app, "reply", date(2026, 11, 20), date=date(2026, 11, 20), outcome="partial", reason="部分涉及商业秘密")
    run(officer, app, "letter", date(2026, 11, 20), kind="reply")
    run(officer, app, "review", date(2026, 11, 25), date=date(2026, 11, 25), kind="reconsideration")
    run(officer, app, "archive", date(2026, 11, 26), reason="办理完毕")
    run(cast.supervisor, online[0], "transfer", date(2026, 9, 18), to_org=cast.dept_b, reason="职责调整")
    today(date(2026, 10, 9))
    other, _ = services.application_submit(actor=officer, organisation=cast.dept_a, data=DATA, channel="in_person",
                                           submitted_on=date(2026, 9, 30))
    in_correction(other, officer)  # due 2026-10-29
    run(officer, other, "abandon", date(2026, 10, 30), reason="期满未补正")

    expected = {
        "accept": rf"已受理申请，收到申请之日为2026年9月17日，答复期限至{DAY}。",
        "correction": r"已发出补正告知书，补正期限至2026年10月29日。",
        "correction_received": rf"已登记收到补正，答复期限重新计算，至{DAY}。",
        "consult": rf"已发出征求意见函（青溪县某公司），对方应于{DAY}前提出意见；期满未答复将自动恢复计时。",
        "consult_done": rf"已登记征求意见结果，恢复计时，答复期限至{DAY}。",
        "fee": rf"已发出收费通知：\d+ 元（按量），缴费期限至{DAY}。",
        "fee_paid": rf"已登记于2026年10月23日缴纳信息处理费，恢复计时，答复期限至{DAY}。",
        "extend": rf"已延期 20 个工作日，答复期限至{DAY}，延期答复告知书已生成。",
        "reply": r"已答复（部分公开.*），答复日期2026年11月20日，在法定期限内答复。下一步：出具答复书。",
        "letter": r"已出具政府信息公开申请答复书。下一步：归档。",
        "review": r"已登记行政复议（尚未审结）。",
        "archive": r"已将\d{4}-YSQ-\d{6}归档（办理完毕），不再办理（条例第四十五条）。",
        "transfer": r"已转由青溪县市场监督管理局办理，收到申请之日和答复期限不变。",
        "abandon": r"已按视为放弃终止办理（.+），下一步：出具答复书告知申请人。",
    }
    assert set(said) == set(ACTIONS) == set(expected)  # every action of the table, once
    for action, message in said.items():
        assert re.fullmatch(expected[action], message), (action, message)
        assert "已保存" not in message and "None" not in message
