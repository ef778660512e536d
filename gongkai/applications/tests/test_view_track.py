"""The applicant's tracking page: number + code open a session; letters download and the online 补正 go
through it, never with the code in a URL; after the reply it shows the reply date, not a deadline."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import services
from gongkai.applications.models import State
from gongkai.applications.tests.conftest import DATA, PDF, in_correction, transition


def _login(client, app, code):
    return client.post("/apply/track/", {"number": app.number, "code": code})


def test_the_session_holds_the_request_and_letters_download_without_the_code(cast, client) -> None:
    app, code = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                            channel="in_person", submitted_on=date(2026, 9, 30))
    transition(cast.officer_a, app, "reply", outcome="disclose", date=date(2026, 10, 20))
    transition(cast.officer_a, app, "letter")
    letter = app.letters.get()
    assert client.get(f"/apply/letters/{letter.pk}/").status_code == 404  # no session yet
    page = _login(client, app, code).content.decode()
    assert code not in page and f'href="/apply/letters/{letter.pk}/"' in page
    assert "已于2026年10月20日答复，在法定期限内答复" in page and "答复期限：" not in page and "暂定" not in page
    response = client.get(f"/apply/letters/{letter.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"%PDF"
    assert "已答复" in client.get("/apply/track/").content.decode()  # a reload shows it again
    client.post("/apply/track/exit/")
    assert client.get(f"/apply/letters/{letter.pk}/").status_code == 404


def test_another_requests_letter_is_not_served(cast, client) -> None:
    mine, code = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA)
    other, _ = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                           channel="in_person", submitted_on=date(2026, 9, 30))
    transition(cast.officer_a, other, "reply", outcome="disclose", date=date(2026, 10, 20))
    transition(cast.officer_a, other, "letter")
    _login(client, mine, code)
    assert client.get(f"/apply/letters/{other.letters.get().pk}/").status_code == 404


def test_online_correction_with_attachment(cast, client, today) -> None:
    app, code = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                            channel="in_person", submitted_on=date(2026, 9, 30))
    in_correction(app, cast.officer_a)
    today(date(2026, 10, 20))
    page = _login(client, app, code).content.decode()
    assert "在线补正" in page and "补正期限：2026年10月29日" in page and "请写明项目名称和年份" in page
    response = client.post("/apply/track/correction/", {
        "text": "2025年人民路老旧小区改造项目", "attachments": [SimpleUploadedFile("说明.pdf", PDF)]}, follow=True)
    assert "已提交补正，答复期限自今日起重新计算。" in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.ACCEPTED and app.attachments.get().name == "说明.pdf"
    assert app.correction_received_on == date(2026, 10, 20)


def test_correction_without_session_or_content_is_refused(cast, client, today) -> None:
    app, code = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                            channel="in_person", submitted_on=date(2026, 9, 30))
    in_correction(app, cast.officer_a)
    assert client.post("/apply/track/correction/", {"text": "x"}).status_code == 302
    _login(client, app, code)
    empty = client.post("/apply/track/correction/", {"text": " "})
    assert empty.status_code == 400 and "第三十条" in empty.content.decode()
    app.refresh_from_db()
    assert app.state == State.CORRECTION


def test_the_filer_follows_the_request_without_typing_the_code(cast, client) -> None:
    from gongkai.applications.tests.test_view_apply import FORM

    client.post("/apply/", FORM | {"organisation": cast.dept_a.pk})
    assert "等待工作人员确认" in client.get("/apply/track/").content.decode()


def test_wrong_codes_are_rate_limited(cast, client) -> None:
    cache.clear()
    for _ in range(10):
        assert client.post("/apply/track/", {"number": "2026-YSQ-000001", "code": "WRONG"}).status_code == 404
    assert client.post("/apply/track/", {"number": "2026-YSQ-000001", "code": "WRONG"}).status_code == 429
    cache.clear()
