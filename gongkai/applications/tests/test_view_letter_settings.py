"""文书设置 on a staff page (not only in Django admin): the organisation's 管理员 edits the number prefixes,
the 复议机关, the court and the fee payment method; each save is audited; officers only read them; other
organisations' settings are out of reach; a bad prefix gets a Chinese message naming the rule."""

from __future__ import annotations

from django.test import Client

from gongkai.applications.models import LetterSettings
from gongkai.core.models import AuditEvent, Membership, Role

URL = "/staff/applications/letter-settings/"
VALUES = {"reply_prefix": "青财信复", "notice_prefix": "青财信告", "consultation_prefix": "青财信函",
          "reconsideration_body": "青溪县人民政府", "court": "青溪县人民法院", "signing_name": "",
          "contact_person": "李明", "contact_phone": "025-57212200",
          "payment_instructions": "通过江苏省非税收入缴款码缴纳"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_edits_the_settings_with_an_audit_row(cast) -> None:
    admin = _client(cast.admin)
    page = admin.get(f"{URL}?org={cast.dept_a.pk}").content.decode()
    assert "尚未设置" in page and 'name="reply_prefix"' in page
    response = admin.post(URL, VALUES | {"org": cast.dept_a.pk}, follow=True)
    body = response.content.decode()
    assert "已保存青溪县财政局的文书设置：答复书文号如“青财信复〔" in body and "行政复议机关为青溪县人民政府" in body
    saved = LetterSettings.objects.get(organisation=cast.dept_a)
    assert (saved.reply_prefix, saved.court, saved.payment_instructions) == (
        "青财信复", "青溪县人民法院", "通过江苏省非税收入缴款码缴纳")
    row = AuditEvent.objects.get(action="application.letter_settings_update")
    assert row.after["court"] == "青溪县人民法院" and row.before["court"] == ""
    assert "尚未设置" not in admin.get(f"{URL}?org={cast.dept_a.pk}").content.decode()


def test_a_bad_prefix_is_refused_and_the_input_kept(cast) -> None:
    response = _client(cast.admin).post(URL, VALUES | {"org": cast.dept_a.pk, "reply_prefix": "青财〔2026〕"})
    body = response.content.decode()
    assert response.status_code == 400 and "文号前缀只能由汉字、字母和数字组成" in body and "青溪县人民法院" in body
    assert not LetterSettings.objects.exists()


def test_officers_read_only_and_outsiders_get_404(cast) -> None:
    officer = _client(cast.officer_a)
    page = officer.get(URL).content.decode()
    assert "青溪县财政局" in page and 'name="reply_prefix"' not in page and "只有本机关或上级人民政府的管理员" in page
    assert officer.post(URL, VALUES | {"org": cast.dept_a.pk}).status_code == 403
    assert officer.get(f"{URL}?org={cast.dept_b.pk}").status_code == 404  # not theirs to see
    dept_b_admin = cast.nobody
    Membership.objects.create(user=dept_b_admin, organisation=cast.dept_b, role=Role.ADMIN)
    assert _client(dept_b_admin).post(URL, VALUES | {"org": cast.dept_a.pk}).status_code == 404
    assert not LetterSettings.objects.exists() and not AuditEvent.objects.filter(
        action="application.letter_settings_update").exists()
