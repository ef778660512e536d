"""The staff pages and the API: who sees what, forms reach the services, bad input is a 4xx."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from gongkai.ledger.models import Ledger, Status, Workplan


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_ledger_pages_for_the_keeper(ledger, cast) -> None:
    c = client_for(cast.supervisor)
    assert ledger.title in c.get("/staff/ledger/").content.decode()
    page = c.get(f"/staff/ledger/{ledger.pk}/?status=ongoing")
    assert page.status_code == 200 and "长期坚持" in page.content.decode()
    task = ledger.tasks.get(number=1)
    assert c.get(f"/staff/ledger/tasks/{task.pk}/").status_code == 200
    assert c.get("/staff/ledger/overview/?year=2021").status_code == 200
    assert c.get("/staff/ledger/overview/?year=abc").status_code == 200
    assert c.get("/staff/ledger/mine/").status_code == 200
    xlsx = c.get(f"/staff/ledger/{ledger.pk}/export.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats") and rows[1][0] == "序号"


def test_outsiders_get_404(ledger, cast) -> None:
    task = ledger.tasks.get(number=1)
    c = client_for(cast.officer_b)
    for url in (f"/staff/ledger/{ledger.pk}/", f"/staff/ledger/tasks/{task.pk}/", f"/staff/ledger/{ledger.pk}/export.xlsx"):
        assert c.get(url).status_code == 404
    assert c.post(f"/staff/ledger/tasks/{task.pk}/status/", {"status": "done"}).status_code == 404
    assert Client().get(f"/staff/ledger/{ledger.pk}/").status_code == 302


def test_task_forms_reach_the_services(ledger, cast) -> None:
    c = client_for(cast.supervisor)
    task = ledger.tasks.filter(status=Status.NOT_STARTED).first()
    r = c.post(f"/staff/ledger/tasks/{task.pk}/assign/", {"lead_unit": cast.dept_a.pk, "co_units": [cast.dept_b.pk],
                                                          "due": "2021-10-31", "reason": "分工"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.lead_unit == cast.dept_a and str(task.due) == "2021-10-31"
    c.post(f"/staff/ledger/tasks/{task.pk}/progress/", {"text": "已完成。", "url": "https://www.qingxi.gov.cn/x"})
    c.post(f"/staff/ledger/tasks/{task.pk}/status/", {"status": "done", "completed_on": "2021-10-01"})
    task.refresh_from_db()
    assert task.status == Status.DONE
    # Hostile input: a 4xx-free redirect with the Chinese message, never a 500, nothing saved.
    r = c.post(f"/staff/ledger/tasks/{task.pk}/assign/", {"lead_unit": "abc", "due": "2021-02-30"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.lead_unit == cast.dept_a
    assert c.post(f"/staff/ledger/tasks/{task.pk}/nonsense/").status_code == 404


def test_create_from_upload_and_refuse_a_non_workplan(cast, seeds_dir) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(cast.supervisor)
    news = SimpleUploadedFile("news.txt", (seeds_dir / "002_3949260b11e73dba.txt").read_bytes())
    r = c.post("/staff/ledger/new/", {"organisation": cast.gov.pk, "file": news}, follow=True)
    assert "不是政务公开工作要点" in r.content.decode()
    assert not Ledger.objects.exists() and not Workplan.objects.exists()
    plan = SimpleUploadedFile("2020.txt", (seeds_dir / "003_847d2b27d3e0fe99.txt").read_bytes())
    r = c.post("/staff/ledger/new/", {"organisation": cast.gov.pk, "file": plan})
    ledger = Ledger.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/staff/ledger/{ledger.pk}/" and ledger.year == 2020


def test_import_errors_page_lists_rows(ledger, cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(cast.supervisor)
    content = "序号,任务,牵头单位,配合单位,完成时限,进展情况,完成状态\r\n1,x,无此单位,,,,\r\n".encode("gbk")
    r = c.post(f"/staff/ledger/{ledger.pk}/import/", {"file": SimpleUploadedFile("t.csv", content)})
    body = r.content.decode()
    assert r.status_code == 400 and "第 2 行" in body and "无此单位" in body


def test_links_page_confirms_and_corrects(cast, national_plan, seeds_dir) -> None:
    from gongkai.ledger import services
    from gongkai.ledger.models import ItemLink
    from gongkai.ledger.sources import plan_from_file

    national = services.workplan_import(actor=cast.supervisor, plan=national_plan)
    jiangsu = services.workplan_import(actor=cast.supervisor, plan=plan_from_file(seeds_dir / "001_cc845f6525a31310.txt"))
    c = client_for(cast.supervisor)
    page = c.get(f"/staff/ledger/plans/{jiangsu.pk}/links/").content.decode()
    assert "强化重要政策发布和政务信息管理" in page and "做好政务信息管理工作" in page
    link = ItemLink.objects.get(item__workplan=jiangsu, item__path="三.（三）")
    c.post(f"/staff/ledger/plans/{jiangsu.pk}/links/", {"link": link.pk, "origin": "none", "reason": "无直接对应"})
    link.refresh_from_db()
    assert link.state == ItemLink.State.NONE and link.origin is None
    assert c.post(f"/staff/ledger/plans/{jiangsu.pk}/links/", {"link": "x", "origin": "1"}).status_code == 404
    assert c.get(f"/staff/ledger/plans/{national.pk}/links/").status_code == 404


def test_api(ledger, cast) -> None:
    c = client_for(cast.supervisor)
    listed = c.get("/api/v1/ledger/ledgers").json()
    assert listed[0]["id"] == ledger.pk and listed[0]["tasks"] == ledger.tasks.count()
    tasks = c.get(f"/api/v1/ledger/ledgers/{ledger.pk}/tasks").json()
    task_id = tasks[0]["id"]
    r = c.post(f"/api/v1/ledger/tasks/{task_id}/progress", json.dumps({"text": "进展", "url": "https://a.gov.cn/"}),
               content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] in ("in_progress", "overdue")
    r = c.post(f"/api/v1/ledger/tasks/{task_id}/status", json.dumps({"status": "overdue"}), content_type="application/json")
    assert r.status_code == 400 and "自动判断" in r.json()["detail"]
    r = c.post(f"/api/v1/ledger/tasks/{task_id}/progress", json.dumps({"text": "x" * 5000}), content_type="application/json")
    assert r.status_code == 400
    assert client_for(cast.officer_b).get(f"/api/v1/ledger/ledgers/{ledger.pk}/tasks").status_code == 404
    assert Client().get("/api/v1/ledger/ledgers").status_code == 401
    parsed = c.post("/api/v1/ledger/parse", json.dumps({"text": "2021年政务公开工作要点\n一、甲\n（一）乙。各地要在年内完成。"}),
                    content_type="application/json").json()
    assert parsed["sections"][0]["items"][0]["tasks"][0]["deadline"] == "2021-12-31"
    bad = c.post("/api/v1/ledger/parse", json.dumps({"text": "不是要点"}), content_type="application/json")
    assert bad.status_code == 400


@pytest.mark.browser
def test_browser_journey_assign_report_and_export(ledger, cast, login_as, live_server) -> None:
    """A supervisor assigns a task, the lead unit's officer reports with a URL, the supervisor sees it."""
    task = ledger.tasks.filter(status=Status.NOT_STARTED).first()
    boss = login_as(cast.supervisor)
    boss.goto(f"/staff/ledger/tasks/{task.pk}/")
    boss.select_option("#id_lead_unit", str(cast.dept_a.pk))
    boss.fill("#id_due", "2021-10-31")
    boss.click("text=保存分工")
    assert "已保存" in boss.content()
    task.refresh_from_db()
    assert task.lead_unit == cast.dept_a
    boss.goto(f"/staff/ledger/{ledger.pk}/")
    assert cast.dept_a.name in boss.locator("table").first.inner_text()


def test_create_from_a_docx_upload_and_from_the_library(cast, seeds_dir) -> None:
    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing.importer import import_paths
    from gongkai.publishing.models import Document

    document = docx.Document()
    for line in ["关于印发2022年某县政务公开工作要点的通知", "2022年某县政务公开工作要点", "一、深化公开",
                 "（一）做好规划公开。县发展改革委要于10月底前公开专项规划。"]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    c = client_for(cast.supervisor)
    c.post("/staff/ledger/new/", {"organisation": cast.gov.pk, "file": SimpleUploadedFile("要点.docx", buffer.getvalue())})
    task = Ledger.objects.get(year=2022).tasks.get()
    assert (task.path, str(task.due), task.owners) == ("一.（一）.1", "2022-10-31", ["县发展改革委"])
    renamed = SimpleUploadedFile("要点.pdf", buffer.getvalue())
    r = c.post("/staff/ledger/new/", {"organisation": cast.gov.pk, "file": renamed}, follow=True)
    assert "不符" in r.content.decode()
    import_paths([seeds_dir], organisation=cast.gov)
    doc = Document.objects.get(doc_no="国办发〔2019〕14号")
    r = c.post("/staff/ledger/new/", {"organisation": cast.gov.pk, "document": doc.index_no})
    ledger = Ledger.objects.get(year=2019)
    assert r.status_code == 302 and ledger.workplan.document == doc and ledger.tasks.count() == 67
