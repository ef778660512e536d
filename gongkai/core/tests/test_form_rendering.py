"""Every form renders through templates/django/forms/: labels without ASCII colons, required marks,
"请选择", an error summary linking each field, fieldsets, aligned checkboxes; Django's validator
messages are reworded in locale/zh_Hans (compiled file kept in step with its source)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.core import validators
from django.utils import translation

from gongkai.core.forms import FieldsetsMixin

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
DJANGO_STOCK = {"这个字段是必填项。", "输入一个有效的 Email 地址。", "输入一个有效的日期。", "输入一个有效的 URL。"}


class _Sample(FieldsetsMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=4)
    email = forms.EmailField(label="电子邮箱", required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "---------"), ("a", "甲")])
    agree = forms.BooleanField(label="我已阅读须知", required=False)
    note = forms.CharField(label="备注", required=False)
    fieldsets = [("基本信息", ["name", "kind"]), ("联系方式", ["email"])]


def test_labels_required_marks_select_placeholder_and_fieldsets() -> None:
    html = str(_Sample())
    assert '<label for="id_name">姓名<span class="required-mark" aria-hidden="true">*</span></label>' in html
    assert '<label for="id_email">电子邮箱</label>' in html  # optional: no mark
    assert not re.search(r"</?label[^>]*>[^<]*:[<]", html) and "：</label>" not in html
    assert '<option value="" selected>请选择</option>' in html and "---------" not in html
    assert html.index("<legend>基本信息</legend>") < html.index('id="id_name"') < html.index("<legend>联系方式</legend>")
    assert "<legend>其他</legend>" in html  # fields not named in a group are never lost
    assert re.search(r'<div class="check-row"><input type="checkbox" name="agree"[^>]*><label for="id_agree">', html)


def test_error_summary_links_each_field_with_chinese_messages() -> None:
    with translation.override("zh-hans"):
        form = _Sample({"name": "王小明明明", "email": "not-an-email", "kind": ""})
        html = str(form)
    summary = html[html.index('class="error-summary"'):html.index("</div>")]
    assert "提交的内容有 3 处需要修改" in summary
    assert '<a href="#id_name">姓名：此项最多 4 个字（现有 5 个），请删减。</a>' in summary
    assert '<a href="#id_email">电子邮箱：请输入有效的电子邮箱地址，如 name@example.com。</a>' in summary
    assert '<a href="#id_kind">类型：请填写此项。</a>' in summary
    assert not any(stock in html for stock in DJANGO_STOCK)


def test_every_django_validator_message_is_reworded() -> None:
    with translation.override("zh-hans"):
        messages = [str(forms.Field.default_error_messages["required"]),
                    str(validators.EmailValidator.message), str(validators.URLValidator.message),
                    str(forms.DateField.default_error_messages["invalid"]),
                    str(forms.ChoiceField.default_error_messages["invalid_choice"]),
                    str(forms.ModelChoiceField.default_error_messages["invalid_choice"]),
                    str(validators.MaxValueValidator.message), str(forms.IntegerField.default_error_messages["invalid"])]
        ids = re.findall(r'^msgid "(.+)"$', PO.read_text(encoding="utf-8"), re.M)
        untranslated = [m for m in ids if translation.gettext(m) == m]
    assert not untranslated, untranslated
    assert not DJANGO_STOCK & set(messages), messages


def _po_entries() -> dict[str | tuple[str, int], str]:
    """msgid (or (msgid, 0) for plural entries) → msgstr, from our .po (one-line strings only)."""
    entries: dict[str | tuple[str, int], str] = {}
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid "(.+)"$', block, re.M)
        if not msgid:
            continue
        single = re.search(r'^msgstr "(.*)"$', block, re.M)
        plural = re.search(r'^msgstr\[0\] "(.*)"$', block, re.M)
        if single:
            entries[msgid.group(1)] = single.group(1)
        elif plural:
            entries[(msgid.group(1), 0)] = plural.group(1)
    return entries


def test_compiled_catalogue_matches_its_source() -> None:
    with PO.with_suffix(".mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    for key, text in _po_entries().items():
        assert catalogue.get(key) == text, f"{key}: run msgfmt -o django.mo django.po"
