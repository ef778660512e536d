"""The case page (the officer's workbench): one sentence, only allowed actions, dialogs, Chinese log."""

from __future__ import annotations

import re
from datetime import date

from gongkai.applications.tests.conftest import in_correction, transition


def test_summary_actions_and_log_in_words(app, cast, client, today) -> None:
    today(date(2026, 10, 12))
    client.force_login(cast.officer_a)
    body = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "已受理，剩余 16 个工作日（答复期限2026年11月3日）；下一步：答复申请人；如申请内容不明确，须在2026年10月15日前一次性告知补正" in body
    assert f'id="primary-action" href="/staff/applications/{app.pk}/action/reply/"' in body
    assert f'hx-get="/staff/applications/{app.pk}/action/correction/"' in body
    assert "action/accept/" not in body and "action/archive/" not in body  # not allowed in this state
    log = body[body.index('id="event-log"'):]
    assert "经办人 officer_a 受理申请" in log and "（待确认 → 已受理）" in log
    assert not re.search(r"\baccept\b|\bpending\b|None", log)


def test_reviewer_sees_no_action(app, cast, client) -> None:
    client.force_login(cast.reviewer_a)
    body = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "/action/" not in body and "只能查看" in body
    assert client.get(f"/staff/applications/{app.pk}/action/reply/").status_code == 302
    assert client.post(f"/staff/applications/{app.pk}/action/reply/",
                       {"outcome": "disclose", "date": "2026-10-20", "confirm": "on"}).status_code == 403


def test_dialog_fragment_for_htmx_and_page_without_js(app, cast, client) -> None:
    client.force_login(cast.officer_a)
    fragment = client.get(f"/staff/applications/{app.pk}/action/abandon/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 302  # not allowed while 已受理: back to the case page with the reason
    fragment = client.get(f"/staff/applications/{app.pk}/action/reply/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div class="wf-dialog" role="dialog"') and "<html" not in fragment
    assert 'name="confirm"' in fragment and "办理后不能撤销" in fragment
    page = client.get(f"/staff/applications/{app.pk}/action/reply/").content.decode()
    assert "<html" in page and f'action="/staff/applications/{app.pk}/action/reply/"' in page
    assert "<script>" not in page.replace('<script src', '')  # no inline scripts (CSP)


def test_success_message_says_what_happened(app, cast, client, today) -> None:
    today(date(2026, 10, 9))
    client.force_login(cast.officer_a)
    response = client.post(f"/staff/applications/{app.pk}/action/correction/",
                           {"date": "2026-10-09", "reason": "请写明年份", "period": "15", "delivery_method": "在线下载"},
                           follow=True)
    body = response.content.decode()
    assert "已发出补正告知书，补正期限至2026年10月29日。" in body
    assert "补正期限</th><td>2026年10月29日（15 个工作日" in body


def test_htmx_success_redirects_and_error_keeps_the_input(app, cast, client, today) -> None:
    today(date(2026, 10, 20))
    client.force_login(cast.officer_a)
    ok = client.post(f"/staff/applications/{app.pk}/action/extend/",
                     {"workdays": "20", "approved_by": "周主任", "reason": "材料较多", "delivery_method": "邮寄"},
                     HTTP_HX_REQUEST="true")
    assert ok.status_code == 204 and ok["HX-Redirect"] == f"/staff/applications/{app.pk}/"
    again = client.post(f"/staff/applications/{app.pk}/action/reply/",
                        {"outcome": "disclose", "date": "2026-09-01", "reason": "见附件清单", "confirm": "on"},
                        HTTP_HX_REQUEST="true")
    text = again.content.decode()
    assert again.status_code == 200 and "答复日期不能早于收到申请之日" in text and "见附件清单" in text
    bad = client.post(f"/staff/applications/{app.pk}/action/reply/", {"outcome": "disclose", "date": "2026-13-45"})
    assert bad.status_code == 400 and "日期无效" in bad.content.decode()


def test_after_the_reply_no_deadline_no_none(app, cast, client) -> None:
    transition(cast.officer_a, app, "reply", outcome="disclose", date=date(2026, 11, 3))
    client.force_login(cast.officer_a)
    body = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "已于2026年11月3日答复，在法定期限内答复" in body and "下一步：出具答复书" in body
    assert "None" not in body and "暂定" not in body and "剩余" not in body and "答复期限</th>" not in body


def test_correction_due_and_late_online_correction_are_shown(app, cast, client, today) -> None:
    from gongkai.applications import services

    in_correction(app, cast.officer_a)
    today(date(2026, 11, 2))
    services.application_correction_submit(application=app, text="迟到的补正内容")
    client.force_login(cast.officer_a)
    body = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "已超过补正期限（2026年10月29日）；下一步：决定是否受理补正" in body
    assert "迟到的补正内容" in body
    form = client.get(f"/staff/applications/{app.pk}/action/correction_received/").content.decode()
    assert 'value="2026-11-02"' in form


def test_documents_poll_until_the_letter_is_done(app, cast, client) -> None:
    from gongkai.applications.models import LetterJob

    client.force_login(cast.officer_a)
    job = LetterJob.objects.create(application=app, kind="correction", status=LetterJob.Status.RUNNING)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "生成中" in page
    poll = client.get(f"/staff/applications/{app.pk}/documents/?poll=1")
    assert "HX-Refresh" not in poll and "<progress" in poll.content.decode()
    job.status = LetterJob.Status.DONE
    job.save()
    done = client.get(f"/staff/applications/{app.pk}/documents/?poll=1")
    assert done["HX-Refresh"] == "true" and "every 2s" not in done.content.decode()


def test_attachment_download_is_a_logged_post(cast, client) -> None:
    from gongkai.applications import services
    from gongkai.applications.tests.conftest import DATA, PDF
    from gongkai.core.models import AuditEvent

    app, _ = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA, attachments=[("证明.pdf", PDF)])
    item = app.attachments.get()
    client.force_login(cast.officer_a)
    assert client.get(f"/staff/applications/{app.pk}/attachments/{item.pk}/").status_code == 405
    response = client.post(f"/staff/applications/{app.pk}/attachments/{item.pk}/")
    assert response.content == PDF and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff" and "attachment;" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="application.attachment_download").count() == 1
    client.force_login(cast.officer_b)
    assert client.post(f"/staff/applications/{app.pk}/attachments/{item.pk}/").status_code == 404


def test_a_lapsed_consultation_is_shown_as_ended(app, cast, client, today) -> None:
    transition(cast.officer_a, app, "consult", kind="third_party", date=date(2026, 10, 12), party="某公司")
    today(date(2026, 11, 20))  # due 2026-11-02; the daily job has not run
    client.force_login(cast.officer_a)
    body = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "征求第三方意见（第三十二条）：2026年10月12日至2026年11月2日（15 个工作日期满未答复，已恢复计时）" in body
    assert "自2026年11月3日起恢复计时" in body and "剩余 3 个工作日（答复期限2026年11月25日）" in body
    assert 'action/reply/"' in body  # the request is back to 已受理 for the officer


def test_handler_sees_the_applicants_files_on_the_case_page(cast, client) -> None:
    """Issue 11 item 3: the applicant's files are shown to the handler (name, size, a download button)."""
    from gongkai.applications import services
    from gongkai.applications.tests.conftest import DATA, PDF

    app, _ = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA,
                                         attachments=[("身份证明.pdf", PDF)])
    item = app.attachments.get()
    client.force_login(cast.officer_a)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    files = page.split("申请人提交的材料", 1)[1].split("</ul>", 1)[0]
    assert "身份证明.pdf" in files and f'action="/staff/applications/{app.pk}/attachments/{item.pk}/"' in files
    assert "无。" not in files
