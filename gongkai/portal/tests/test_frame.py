"""The frame of every page: the government's name, breadcrumbs, the footer of 国办发〔2017〕47号, the
SiteIDCode meta, the favicon, Chinese error pages (with DEBUG on too) and the print view."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import path

from gongkai.core.navigation import register_public_link
from gongkai.portal import services
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Document

VALUES = {"site_name": "青溪县人民政府", "sponsor": "青溪县人民政府办公厅", "contact_phone": "025-57210305",
          "contact_email": "gongkai@qingxi.gov.cn", "contact_address": "青溪县人民路 1 号",
          "site_id_code": "3201990001", "icp_number": "苏ICP备20260001号-1",
          "police_number": "苏公网安备 32019902000123号", "conac_url": "https://bszs.conac.cn/sitename?method=show&id=X"}


@pytest.fixture
def site(cast):
    return services.site_settings_update(actor=cast.admin, organisation=cast.gov, values=VALUES)


@pytest.fixture
def published(cast) -> Document:
    doc = publishing.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "青溪县财政局关于公开2026年部门预算的通知", "doc_no": "青财发〔2026〕3号",
        "body_html": "<p>第一段。</p><p>第二段。</p>"})
    publishing.document_submit(actor=cast.officer_a, document=doc)
    publishing.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True, opinion="同意")
    return publishing.document_publish(actor=cast.publisher_a, document=doc)


def test_every_public_page_carries_the_footer_items_and_site_id_meta(site, published, client) -> None:
    for url in ("/", "/policies/", "/zhuanlan/", "/search/?q=预算", published.get_absolute_url(), "/apply/"):
        body = client.get(url).content.decode()
        assert '<meta name="SiteIDCode" content="3201990001">' in body, url
        footer = body[body.index('<footer class="site-footer">'):]
        for item in ("主办单位：青溪县人民政府办公厅", "025-57210305", "网站标识码：3201990001", "苏ICP备20260001号-1",
                     "苏公网安备 32019902000123号", 'alt="党政机关网站标识"', 'alt="政府网站找错"'):
            assert item in footer, (url, item)
        assert "https://beian.miit.gov.cn/" in footer and "recordcode=32019902000123" in footer
        assert "site_code=3201990001" in footer  # 政府网站找错 knows which site is meant


def test_header_names_the_government_from_the_settings(site, cast, client) -> None:
    home = client.get("/").content.decode()
    assert '<span class="brand-name">青溪县人民政府</span>' in home
    services.site_settings_update(actor=cast.admin, organisation=cast.gov, values=VALUES | {"site_name": "青溪县政府门户"})
    assert '<span class="brand-name">青溪县政府门户</span>' in client.get("/").content.decode()


def test_without_settings_the_header_uses_the_government_and_the_footer_invents_nothing(cast, client) -> None:
    body = client.get("/").content.decode()
    assert '<span class="brand-name">青溪县人民政府</span>' in body
    assert "SiteIDCode" not in body and "ICP备" not in body and "网站标识码" not in body


def _crumbs(body: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumb"[^>]*>(.*?)</nav>', body, re.S)
    assert nav is not None, "no breadcrumbs"
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", nav.group(1), re.S)]


def test_breadcrumbs_on_public_and_staff_pages_below_home(site, published, cast, client) -> None:
    assert 'class="breadcrumb"' not in client.get("/").content.decode()
    assert _crumbs(client.get("/policies/").content.decode()) == ["首页", "政策文件库"]
    assert _crumbs(client.get("/apply/track/").content.decode())[:2] == ["首页", "依申请公开"]
    assert _crumbs(client.get(published.get_absolute_url()).content.decode()) == [
        "首页", "政策文件库", "青溪县财政局关于公开2026年部门预算的通知"]
    client.force_login(cast.officer_a)
    assert 'class="breadcrumb"' not in client.get("/staff/").content.decode()
    assert _crumbs(client.get("/staff/publishing/").content.decode()) == ["工作台", "主动公开"]
    assert _crumbs(client.get(f"/staff/publishing/{published.pk}/").content.decode()) == [
        "工作台", "主动公开", "青溪县财政局关于公开2026年部门预算的通知"]
    assert _crumbs(client.get("/staff/audit/").content.decode()) == ["工作台", "审计日志"]


def test_public_links_registry_is_still_drawn(client, db) -> None:
    register_public_link("政府网站年度报表", "/sitecheck/", order=70)
    assert '<a href="/sitecheck/">政府网站年度报表</a>' in client.get("/").content.decode()


def test_favicon_is_linked_and_served(client, db) -> None:
    body = client.get("/").content.decode()
    assert 'rel="icon"' in body and "img/favicon.svg" in body
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.ico")


def _boom(request):  # a view that fails, for the 500 page
    raise RuntimeError("测试用的错误")


urlpatterns = [path("boom/", _boom)]
handler404 = "gongkai.core.views.page_not_found"
handler500 = "gongkai.core.views.server_error"


@pytest.mark.parametrize("debug", [True, False])
def test_chinese_404_with_and_without_debug(settings, client, db, debug: bool) -> None:
    settings.DEBUG = debug
    for url in ("/no/such/page/", "/documents/000000000/1999-99999/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 404 and "页面不存在" in body and "Page not found" not in body, url
        assert "<footer" in body and "返回首页" in body


def test_unknown_path_without_slash_still_redirects_with_debug(settings, client, db) -> None:
    settings.DEBUG = True
    response = client.get("/policies")
    assert response.status_code == 301 and response["Location"] == "/policies/"


@pytest.mark.parametrize("debug", [True, False])
def test_chinese_500_with_and_without_debug(settings, db, debug: bool) -> None:
    settings.DEBUG = debug
    settings.ROOT_URLCONF = __name__  # this module: one failing view, the project's handlers
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500 and "系统错误" in body and "Traceback" not in body


def test_debug_pages_come_back_when_asked_for(settings, client, db) -> None:
    settings.DEBUG = True
    settings.FRIENDLY_ERROR_PAGES = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "页面不存在" not in response.content.decode()


def test_print_view_is_a_sheet_without_menus(site, published, client) -> None:
    body = client.get(published.get_absolute_url() + "print/").content.decode()
    assert 'class="print-sheet"' in body and "索引号" in body and published.index_no in body
    assert "<p>第一段。</p><p>第二段。</p>" in body
    assert 'aria-label="主导航"' not in body and "<footer" not in body and 'class="breadcrumb"' not in body
    assert "data-print" in body  # the print button, wired by static/js/site.js
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)  # no inline script: CSP-safe
    assert "onclick" not in body


def test_500_page_still_answers_when_its_frame_fails(rf, monkeypatch) -> None:
    from gongkai.core import views

    def broken(*args, **kwargs):
        raise RuntimeError("数据库不可用")

    monkeypatch.setattr(views, "render", broken)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500 and "系统错误" in response.content.decode()
