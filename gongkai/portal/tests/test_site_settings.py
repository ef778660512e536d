"""Site settings: the footer items of 国办发〔2017〕47号, validated, audited, shown on every public page."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.portal import rules, services
from gongkai.portal.models import SiteSettings
from gongkai.portal.selectors import site_frame

VALUES = {"site_name": "青溪县人民政府", "sponsor": "青溪县人民政府", "contact_phone": "025-57210305",
          "contact_email": "gongkai@qingxi.gov.cn", "site_id_code": "3201990001", "icp_number": "苏ICP备20260001号-1",
          "police_number": "苏公网安备 32019902000123号", "conac_url": "https://bszs.conac.cn/sitename?method=show&id=X"}


@pytest.mark.parametrize("code", ["3201990001", "1100000001", "bm01000001", "BM01000001", " 3201990002 "])
def test_site_id_codes_of_both_forms_pass(code: str) -> None:
    assert rules.site_id_code_error(rules.normalise_site_id_code(code)) is None


@pytest.mark.parametrize("code", ["320199001", "32019900012", "9901990001", "3201990000", "bm0100000", "ab01000001",
                                  "32019９0001", ""])
def test_wrong_site_id_codes_are_refused_with_the_rule(code: str) -> None:
    error = rules.site_id_code_error(code)
    assert error is not None and "6 位行政区划码" in error and "国办发〔2017〕47号" in error


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_ten_digits_pass_exactly_when_the_province_and_serial_are_real(code: str) -> None:
    expected = code[:2] in rules.PROVINCE_CODES and code[6:] != "0000"
    assert (rules.site_id_code_error(code) is None) == expected


@pytest.mark.parametrize(("value", "ok"), [("苏ICP备20260001号", True), ("苏ICP备20260001号-1", True),
                                           ("ICP备20260001号", False), ("苏ICP20260001", False)])
def test_icp_number_format(value: str, ok: bool) -> None:
    assert (rules.icp_number_error(value) is None) == ok


@pytest.mark.parametrize(("value", "ok"), [("苏公网安备 32019902000123号", True), ("苏公网安备32019902000123号", True),
                                           ("苏公网安备 3201990200012号", False), ("公网安备 32019902000123号", False)])
def test_police_number_format(value: str, ok: bool) -> None:
    assert (rules.police_number_error(value) is None) == ok


def test_admin_saves_settings_audited_field_by_field(cast) -> None:
    row = services.site_settings_update(actor=cast.admin, organisation=cast.gov, values=VALUES)
    assert row.site_id_code == "3201990001" and row.updated_by == cast.admin
    event = AuditEvent.objects.get(action="portal.site_settings_update")
    assert event.after["site_id_code"] == "3201990001" and event.before["site_id_code"] == ""
    assert site_frame().icp_number == "苏ICP备20260001号-1"  # read (and kept) before the change
    services.site_settings_update(actor=cast.admin, organisation=cast.gov, values=VALUES | {"icp_number": "苏ICP备20260002号"})
    second = AuditEvent.objects.filter(action="portal.site_settings_update").order_by("-pk").first()
    assert second is not None and set(second.after) == {"icp_number"}  # only what changed
    assert site_frame().icp_number == "苏ICP备20260002号"  # the kept frame was forgotten on commit


def test_wrong_site_id_code_is_refused_and_nothing_is_saved(cast) -> None:
    with pytest.raises(DomainError) as info:
        services.site_settings_update(actor=cast.admin, organisation=cast.gov, values=VALUES | {"site_id_code": "99019900"})
    assert info.value.field == "site_id_code" and "行政区划码" in info.value.message
    assert not SiteSettings.objects.exists() and not AuditEvent.objects.exists()


def test_only_the_governments_admin_may_change_the_site(cast) -> None:
    with pytest.raises(PermissionDeniedError):
        services.site_settings_update(actor=cast.supervisor, organisation=cast.gov, values=VALUES)
    with pytest.raises(NotFoundError):  # the government is outside a department officer's scope
        services.site_settings_update(actor=cast.officer_a, organisation=cast.gov, values=VALUES)
    with pytest.raises(DomainError):
        services.site_settings_update(actor=cast.admin, organisation=cast.dept_a, values=VALUES)
    assert not SiteSettings.objects.exists()


def test_settings_page_refuses_a_wrong_code_with_the_rule(cast, client) -> None:
    client.force_login(cast.admin)
    form = VALUES | {"site_id_code": "1234", "error_report_url": ""}
    response = client.post("/staff/site/", form)
    body = response.content.decode()
    assert response.status_code == 400 and "6 位行政区划码" in body and 'href="#id_site_id_code"' in body
    assert not SiteSettings.objects.exists()
    assert client.post("/staff/site/", form | {"site_id_code": "3201990001"}).status_code == 302
    assert SiteSettings.objects.get().site_id_code == "3201990001"


def test_settings_page_is_read_only_for_other_staff(cast, client) -> None:
    client.force_login(cast.officer_a)
    page = client.get("/staff/site/")
    assert page.status_code == 200 and "只有本级人民政府的管理员可以修改" in page.content.decode()
    assert client.post("/staff/site/", VALUES).status_code == 403
    assert not SiteSettings.objects.exists()
