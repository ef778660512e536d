"""Foundation pages in the browser: login, the no-role page, the skip link, the working-day calendar."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "Qingxi-demo-2026"  # demo users' password, printed by `make demo`


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.click("main button[type=submit]")


@pytest.mark.browser
def test_demo_user_logs_in_and_lands_on_the_dashboard(demo_data, page) -> None:
    log_in(page, "jingban", PASSWORD)
    page.wait_for_url("**/staff/")
    assert page.locator("h1").inner_text() == "工作台"
    assert page.locator("h1").is_visible()


@pytest.mark.browser
def test_wrong_password_stays_on_login_with_a_message(demo_data, page) -> None:
    log_in(page, "jingban", "not-the-password")
    assert "/accounts/login/" in page.url
    assert page.locator("main .message-error, main .errorlist, main [role=alert]").count() >= 1


@pytest.mark.browser
def test_user_without_membership_sees_the_no_role_page(demo_data, page) -> None:
    get_user_model().objects.create_user("norole", password="Norole-password-2026")
    log_in(page, "norole", "Norole-password-2026")
    response = page.goto("/staff/")
    assert response is not None and response.status < 500
    assert "尚未分配" in page.locator("h1").inner_text()
    assert "尚未分配角色" in page.title()


@pytest.mark.browser
def test_skip_link_moves_focus_to_main_with_the_keyboard(demo_data, page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到主要内容"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.browser
def test_calendar_marks_national_day_and_makeup_day_and_computes_a_deadline(demo_data, login_as) -> None:
    tab = login_as(get_user_model().objects.get(username="admin"))
    tab.goto("/staff/calendar/?year=2026")
    national_day = tab.locator("td[title^='2026-10-01']")
    makeup_day = tab.locator("td[title^='2026-10-10']")
    assert national_day.get_attribute("class") == "holiday" and "休息日" in national_day.get_attribute("title")
    assert makeup_day.get_attribute("class") == "makeup" and "工作日" in makeup_day.get_attribute("title")
    # The legend names the colour used for a makeup day: 调休上班.
    legend = tab.locator(".legend .makeup")
    assert legend.inner_text() == "调休上班"
    colour = "el => getComputedStyle(el).backgroundColor"
    assert makeup_day.evaluate(colour) == legend.evaluate(colour)

    tab.get_by_label("起算日（第 0 日）").fill("2026-09-30")
    tab.get_by_label("工作日数").fill("20")
    tab.click("button:has-text('推算')")
    tab.wait_for_url("**start=2026-09-30**")
    assert "第 20 个工作日：2026年11月3日" in tab.locator("main").inner_text()
