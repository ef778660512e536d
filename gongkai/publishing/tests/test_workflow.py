"""拟稿 → 提交审核 → 审核(保密审查) → 发布 → 撤回, with events, audit and permissions."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError, StateError
from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import Document, Status
from gongkai.search import documents as search_index

BODY = "为贯彻落实国办发[2021]12号文件精神，现就青溪县政务新媒体管理有关事项通知如下。"


@pytest.fixture
def draft(cast):
    return services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "青溪县财政局关于规范政务新媒体管理的通知", "body_text": BODY, "genre": "通知", "topic": "综合政务"})


def test_full_chain_is_evented_audited_and_indexed(cast, draft, client) -> None:
    services.document_submit(actor=cast.officer_a, document=draft)
    services.document_review(actor=cast.reviewer_a, document=draft, approve=True, secrecy_checked=True, opinion="同意")
    services.document_publish(actor=cast.publisher_a, document=draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_on is not None
    kinds = list(draft.events.values_list("kind", "actor__username"))
    assert kinds == [("draft", "officer_a"), ("submit", "officer_a"), ("approve", "reviewer_a"),
                     ("publish", "publisher_a")]
    assert AuditEvent.objects.filter(object_id=str(draft.pk), action="document.publish").exists()
    assert draft.pk in {h.pk for h in search_index.search("政务新媒体管理").hits}
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "青溪县财政局" in page and draft.index_no in page


def test_approval_needs_secrecy_check_and_opinion(cast, draft) -> None:
    services.document_submit(actor=cast.officer_a, document=draft)
    with pytest.raises(DomainError) as info:
        services.document_review(actor=cast.reviewer_a, document=draft, approve=True, secrecy_checked=False,
                                 opinion="同意")
    assert "保密审查" in str(info.value) and "第十四条" in str(info.value)
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW


def test_reject_returns_to_draft_with_reason(cast, draft) -> None:
    services.document_submit(actor=cast.officer_a, document=draft)
    services.document_review(actor=cast.reviewer_a, document=draft, approve=False, secrecy_checked=False,
                             opinion="请补充依据")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.events.last().reason == "请补充依据"


def test_roles_are_enforced(cast, draft) -> None:
    services.document_submit(actor=cast.officer_a, document=draft)
    with pytest.raises(PermissionDeniedError):
        services.document_review(actor=cast.officer_a, document=draft, approve=True, secrecy_checked=True, opinion="x")
    services.document_review(actor=cast.reviewer_a, document=draft, approve=True, secrecy_checked=True, opinion="同意")
    with pytest.raises(PermissionDeniedError):
        services.document_publish(actor=cast.reviewer_a, document=draft)
    with pytest.raises(StateError):
        services.document_withdraw(actor=cast.publisher_a, document=draft, reason="x")


def test_other_department_gets_404_by_service_page_and_api(cast, draft, client) -> None:
    with pytest.raises(NotFoundError):
        services.document_edit(actor=cast.officer_b, document=draft, data={"title": "越权"})
    client.force_login(cast.officer_b)
    assert client.get(f"/staff/publishing/{draft.pk}/").status_code == 404
    assert client.post(f"/staff/publishing/{draft.pk}/submit/").status_code == 404
    assert client.get(f"/api/v1/documents/{draft.index_no}").status_code == 404  # drafts are not public
    assert "青溪县财政局关于规范" not in client.get("/staff/publishing/").content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_withdrawn_page_stays_with_reason(cast, draft, client) -> None:
    for step in (lambda: services.document_submit(actor=cast.officer_a, document=draft),
                 lambda: services.document_review(actor=cast.reviewer_a, document=draft, approve=True,
                                                  secrecy_checked=True, opinion="同意"),
                 lambda: services.document_publish(actor=cast.publisher_a, document=draft)):
        step()
    services.document_withdraw(actor=cast.publisher_a, document=draft, reason="内容已更新，请以新文件为准")
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and "内容已更新，请以新文件为准" in response.content.decode()
    hits = search_index.search("政务新媒体管理").hits
    assert draft.pk in {h.pk for h in hits}  # still findable, ranked low


def test_edit_after_publishing_is_a_new_revision_reviewed_again(cast, draft) -> None:
    services.document_submit(actor=cast.officer_a, document=draft)
    services.document_review(actor=cast.reviewer_a, document=draft, approve=True, secrecy_checked=True, opinion="同意")
    services.document_publish(actor=cast.publisher_a, document=draft)
    with pytest.raises(DomainError):
        services.document_edit(actor=cast.officer_a, document=draft, data={"title": "新标题"})  # no change note
    services.document_edit(actor=cast.officer_a, document=draft, data={"title": "新标题"}, change_note="更正标题")
    draft.refresh_from_db()
    assert draft.title != "新标题" and draft.revisions.count() == 2  # public text unchanged until re-review
    services.document_submit(actor=cast.officer_a, document=draft)
    services.document_review(actor=cast.reviewer_a, document=draft, approve=True, secrecy_checked=True, opinion="同意")
    first_published = draft.published_on
    services.document_publish(actor=cast.publisher_a, document=draft)
    draft.refresh_from_db()
    assert draft.title == "新标题" and draft.published_on == first_published
    assert draft.revisions.get(number=1).data["title"] == "青溪县财政局关于规范政务新媒体管理的通知"


def test_duplicate_index_no_via_api_is_refused(cast, client) -> None:
    client.force_login(cast.officer_a)
    payload = {"organisation": cast.dept_a.credit_code, "title": "测试文件", "body_html": "<p>正文内容</p>",
               "index_no": f"{cast.dept_a.credit_code}/2026-00001"}
    first = client.post("/api/v1/documents/", payload, content_type="application/json")
    assert first.status_code == 201
    again = client.post("/api/v1/documents/", payload, content_type="application/json")
    assert again.status_code == 400 and "索引号" in again.json()["detail"]
    assert Document.objects.filter(index_no=payload["index_no"]).count() == 1


def test_body_html_is_sanitised(cast) -> None:
    doc = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "测试", "body_html": '<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:x">链接</a>'})
    assert "script" not in doc.body_html and "onclick" not in doc.body_html and "javascript" not in doc.body_html


def test_attachment_type_by_content_size_and_checksum(cast, draft, settings) -> None:
    import hashlib

    from gongkai.publishing.models import Attachment

    pdf = b"%PDF-1.4\n" + b"0" * 200
    item = services.attachment_add(actor=cast.officer_a, document=draft, name="预算表.docx", content=pdf)
    assert item.content_type == "application/pdf" and item.name == "预算表.pdf"
    assert item.sha256 == hashlib.sha256(pdf).hexdigest()
    with pytest.raises(DomainError, match="扩展名不作数"):
        services.attachment_add(actor=cast.officer_a, document=draft, name="scan.pdf", content=b"MZ\x90\x00exe" * 50)
    settings.MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(DomainError, match="附件过大"):
        services.attachment_add(actor=cast.officer_a, document=draft, name="big.pdf", content=pdf)
    with pytest.raises(NotFoundError):
        services.attachment_add(actor=cast.officer_b, document=draft, name="x.pdf", content=pdf)
    assert Attachment.objects.count() == 1
