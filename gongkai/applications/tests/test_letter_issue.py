"""letter_issue: every kind states the figures of the records, is numbered with the organisation's prefix,
is refused in a state where it makes no sense, and only handlers may issue it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from gongkai.applications import letter_text, letters, services
from gongkai.applications.models import Letter, LetterCounter
from gongkai.applications.tests.letters_support import configure, docx_text, submitted, through_everything
from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError, StateError
from gongkai.core.models import AuditEvent
from gongkai.core.workdays import add_workdays

DOUBLED = re.compile(r"[，。；：！？、][，。；：！？、]|[。！？][”’）][。；，]")


def _texts(letter: Letter) -> tuple[str, str]:
    pdf = re.sub(r"\s+", "", letters.letter_text_of(letter))
    with letter.docx.open("rb") as fh:
        docx = re.sub(r"\s+", "", docx_text(fh.read()))
    return pdf, docx


def test_every_kind_states_the_figures_of_its_records(cast) -> None:
    from gongkai.core.selectors import get_calendar

    configure(cast)
    app = through_everything(cast, outcome="withheld_third_party")
    fee = app.fees.get()
    correction = app.pauses.get(kind="correction")
    consult = app.pauses.get(kind="third_party")
    # The notices come from their actions (补正, 征求意见, 延期, 收费), in that order; the 答复书 is asked for.
    issued = {kind: app.letters.get(kind=kind) for kind in ("correction", "consultation", "extension", "fee")}
    issued["reply"] = letters.letter_issue(actor=cast.officer_a, application=app, kind="reply")
    cn = letter_text.cn_date
    expected = {
        "correction": ["青财信告〔2026〕1号", cn(app.received_on), cn(correction.start), "请写明项目名称和批复年份",
                       "15个工作日内", cn(add_workdays(correction.start, 15, get_calendar()).result),
                       "第三十条"],
        "consultation": ["青财信函〔2026〕1号", "青溪县宏达建设有限公司：", cn(consult.start), "第三十二条",
                         cn(add_workdays(consult.start, 15, get_calendar()).result)],
        # The 告知书 states the due date as extended on the day of the decision (a later fee pause moved it on).
        "extension": ["青财信告〔2026〕2号", f"延长{app.extension_workdays}个工作日",
                      cn(date.fromisoformat(app.letter_jobs.get(kind="extension").params["due"])),
                      "申请公开的信息涉及多个年度的档案，需调取核对", "第三十三条第二款"],
        "fee": ["青财信告〔2026〕3号", f"按量计收（{fee.quantity}页）", f"合计{fee.amount}元", cn(fee.payment_due),
                "第31至100页，每页10元，计70页，700元", "第101至200页，每页20元，计20页，400元",
                "通过江苏省非税收入缴款码缴纳", "第四十二条"],
        "reply": ["青财信复〔2026〕1号", cn(app.received_on), cn(correction.start), cn(app.correction_received_on),
                  cn(consult.start), cn(consult.end), f"延长{app.extension_workdays}个工作日", f"{fee.amount}元",
                  cn(fee.paid_on), "第十五条", "第三十二条", "第三十六条第（三）项", "青溪县人民政府申请行政复议",
                  "青溪县人民法院", cn(app.replied_on)],
    }
    assert fee.amount == 1100 and fee.payment_due is not None
    for kind, letter in issued.items():
        pdf, docx = _texts(letter)
        assert letter.number == expected[kind][0]
        for figure in expected[kind]:
            assert figure in pdf, (kind, figure)
            assert figure in docx, (kind, figure)
        for text in (pdf, docx):
            assert not DOUBLED.search(text), (kind, DOUBLED.search(text))
            assert not re.search(r"\d{4}年0\d月|月0\d日", text)
            assert "青溪县财政局" in text and "联系人：李明" in text
        assert "张三" not in pdf if kind == "consultation" else "张三：" in pdf  # a third party never learns who asked
    assert AuditEvent.objects.filter(action=letters.LetterAction.ISSUE, object_id=str(app.pk)).count() == 5


def test_numbers_follow_prefix_organisation_and_year_without_leading_zeros(cast) -> None:
    configure(cast)
    app = submitted(cast)
    assert letters.allocate_number(cast.dept_a, "青财信复", 2026) == "青财信复〔2026〕1号"
    assert letters.allocate_number(cast.dept_a, "青财信复", 2026) == "青财信复〔2026〕2号"
    assert letters.allocate_number(cast.dept_a, "青财信复", 2027) == "青财信复〔2027〕1号"
    assert letters.allocate_number(cast.dept_b, "青财信复", 2026) == "青财信复〔2026〕1号"
    services.application_reply(actor=cast.officer_a, application=app, outcome_code="disclose",
                               replied_on=date(2026, 10, 10))
    letter = letters.letter_issue(actor=cast.officer_a, application=app, kind="reply")
    assert letter.number == "青财信复〔2026〕3号"
    assert LetterCounter.objects.get(organisation=cast.dept_a, prefix="青财信复", year=2026).last == 3


def test_unconfigured_organisation_gets_default_prefix_and_its_government_for_reconsideration(cast) -> None:
    app = submitted(cast)
    services.application_reply(actor=cast.officer_a, application=app, outcome_code="disclose",
                               replied_on=date(2026, 10, 10))
    letter = letters.letter_issue(actor=cast.officer_a, application=app, kind="reply")
    text = re.sub(r"\s+", "", letters.letter_text_of(letter))
    assert letter.number.startswith("青溪县财政局信复〔2026〕")
    assert "向青溪县人民政府申请行政复议" in text and "有管辖权的人民法院" in text
    assert set(letters.resolved_settings(cast.dept_a).missing) == {"答复书文号前缀", "行政复议机关", "行政诉讼管辖法院"}


@pytest.mark.parametrize("kind, message", [("reply", "第三十六条"), ("correction", "第三十条"),
                                           ("consultation", "第三十二条"), ("extension", "第三十三条"),
                                           ("fee", "109号")])
def test_a_letter_in_the_wrong_state_is_refused_and_uses_no_number(cast, kind, message) -> None:
    app = submitted(cast)
    with pytest.raises(StateError, match=message):
        letters.letter_issue(actor=cast.officer_a, application=app, kind=kind)
    assert not Letter.objects.exists() and not LetterCounter.objects.exists()


def test_only_handlers_issue_letters(cast) -> None:
    app = submitted(cast)
    services.application_reply(actor=cast.officer_a, application=app, outcome_code="disclose",
                               replied_on=date(2026, 10, 10))
    with pytest.raises(NotFoundError):
        letters.letter_issue(actor=cast.officer_b, application=app, kind="reply")
    with pytest.raises(PermissionDeniedError):
        letters.letter_issue(actor=cast.reviewer_a, application=app, kind="reply")
    with pytest.raises(DomainError, match="未知的文书类型"):
        letters.letter_issue(actor=cast.officer_a, application=app, kind="memo")
    assert not Letter.objects.exists()


def test_settings_are_checked_and_audited(cast) -> None:
    with pytest.raises(PermissionDeniedError):
        letters.letter_settings_update(actor=cast.officer_a, organisation=cast.dept_a, reply_prefix="青财信复")
    with pytest.raises(DomainError, match="文号前缀"):
        letters.letter_settings_update(actor=cast.admin, organisation=cast.dept_a, reply_prefix="青财〔2026〕")
    with pytest.raises(DomainError, match="不能修改"):
        letters.letter_settings_update(actor=cast.admin, organisation=cast.dept_a, organisation_id="3")
    saved = letters.letter_settings_update(actor=cast.admin, organisation=cast.dept_a, court="青溪县人民法院\x00")
    assert saved.court == "青溪县人民法院"
    assert AuditEvent.objects.filter(action=letters.LetterAction.SETTINGS_UPDATE, object_id=str(saved.pk)).exists()
