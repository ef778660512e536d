"""The public request form (条例第二十九条): validated contact details, 证件类型 from a list, the GB 11643
check as a warning only, fieldsets, and the pre-fill from a document page (对本信息申请公开)."""

from __future__ import annotations

import pytest

from gongkai.applications.forms import ID_TYPES, ApplicationForm
from gongkai.publishing import services as publishing

VALID = {"applicant_kind": "natural", "name": "孙七", "id_type": "居民身份证", "id_number": "11010519491231002X",
         "phone": "13500135000", "email": "sq@example.com", "postal_code": "211299",
         "description": "青溪县2025年部门决算", "form_wanted": "electronic", "delivery": "email"}


def test_a_complete_request_is_valid() -> None:
    form = ApplicationForm(VALID)
    assert form.is_valid(), form.errors
    assert form.warnings == {}


@pytest.mark.parametrize(("field", "value", "words"), [
    ("phone", "abc", "有效的电话号码"), ("phone", "1350013500", "有效的电话号码"), ("postal_code", "12", "6 位数字"),
    ("postal_code", "000000", "6 位数字"), ("email", "not-an-email", "有效的电子邮箱地址"),
    ("id_type", "驾驶证", "请从列表中选择"), ("name", "", "请填写此项"),
])
def test_bad_contact_details_are_refused_in_chinese(field: str, value: str, words: str) -> None:
    form = ApplicationForm(VALID | {field: value})
    assert not form.is_valid()
    assert words in " ".join(form.errors[field])


@pytest.mark.parametrize("phone", ["025-57210000", "02557210000", "0512-6512345", "13500135000", "+86 135 0013 5000",
                                   "12345", "400-123-4567", "025-57210000-8012"])
def test_common_phone_spellings_pass(phone: str) -> None:
    assert ApplicationForm(VALID | {"phone": phone}).is_valid()


def test_one_contact_is_required() -> None:
    form = ApplicationForm(VALID | {"phone": "", "email": "", "address": ""})
    assert not form.is_valid() and "至少填写一种联系方式" in " ".join(form.non_field_errors())


def test_id_number_check_digit_is_a_warning_not_a_refusal() -> None:
    form = ApplicationForm(VALID | {"id_number": "110105194912310021"})
    assert form.is_valid(), form.errors  # foreign and old documents exist: never refused
    assert "校验位应为 X" in form.warnings["id_number"]
    assert "工作人员会与您核实" in str(form["id_number"].help_text)
    passport = ApplicationForm(VALID | {"id_type": "护照", "id_number": "E12345678"})
    assert passport.is_valid() and passport.warnings == {}


def test_id_types_come_from_the_list() -> None:
    html = str(ApplicationForm()["id_type"])
    for kind in ID_TYPES:
        assert f">{kind}</option>" in html
    assert ID_TYPES == ["居民身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证", "其他"]


def test_form_is_grouped_in_fieldsets() -> None:
    html = str(ApplicationForm())
    for legend in ("申请人信息", "联系方式（至少填写一项）", "所需政府信息", "获取信息的方式"):
        assert f"<legend>{legend}</legend>" in html


def test_document_page_link_prefills_title_index_no_and_doc_no(cast, client) -> None:
    doc = publishing.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "青溪县财政局关于公开2026年部门预算的通知", "doc_no": "青财发〔2026〕3号", "body_html": "<p>正文。</p>"})
    publishing.document_submit(actor=cast.officer_a, document=doc)
    publishing.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True, opinion="同意")
    publishing.document_publish(actor=cast.publisher_a, document=doc)
    page = client.get(doc.get_absolute_url()).content.decode()
    link = f"/apply/?doc={doc.index_no}"
    assert link in page
    body = client.get(link).content.decode()
    assert f"《青溪县财政局关于公开2026年部门预算的通知》（索引号：{doc.index_no}；文号：青财发〔2026〕3号）" in body
    assert 'name="doc_no_hint" value="青财发〔2026〕3号"' in body


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "x" * 500, "11320199MB12345628/2026-99999", "",
                                   "../../etc/passwd", "1/2"])
def test_prefill_ignores_anything_but_a_public_items_index_no(value: str, cast, client) -> None:
    assert ApplicationForm.initial_from_query({"doc": value}) == {}
    response = client.get("/apply/", {"doc": value})
    assert response.status_code == 200 and "<script>alert(1)</script>" not in response.content.decode()
