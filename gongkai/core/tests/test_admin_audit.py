"""Every admin add, change and delete, on every registered model, leaves an audit row.

The walk covers whatever is registered when the test runs, so models other apps add later are
checked too: it opens each model's change form as a superuser, submits it back as a browser would,
and expects an `admin.change` row; where deleting is allowed it deletes a fresh object and expects an
`admin.delete` row; read-only admins must refuse all three.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import lxml.html
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from gongkai.core.admin_site import AuditingMixin
from gongkai.core.models import AuditEvent, Organisation

_serial = itertools.count(1)


def _value(field: models.Field, cast: Any) -> Any:
    """A valid value for a required field (a real-looking one where a validator insists)."""
    n = next(_serial)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if related is Organisation:
            return cast.dept_a
        if related is get_user_model():
            return build(related, cast)
        # A fresh related row each time: a second object of a model with a unique key over its
        # foreign keys (one ledger per plan and organisation, one link per item) must not collide.
        return build(related, cast)
    if isinstance(field, models.FileField):
        return ContentFile(b"PK\x03\x04 test", name=f"t{n}.docx")
    if isinstance(field, models.GenericIPAddressField):
        return "192.0.2.1"
    if isinstance(field, models.EmailField):
        return f"u{n}@example.com"
    if isinstance(field, models.URLField):
        return f"https://example.com/{n}"
    if isinstance(field, models.SlugField):
        return f"slug-{n}"
    if isinstance(field, models.CharField | models.TextField):
        return f"测试{n}"[: field.max_length or 100]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date(2026, 1, 1 + n % 28)
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return n
    if isinstance(field, models.JSONField):
        return {}
    raise AssertionError(f"{field.model._meta.label}.{field.name}: add a value for {type(field).__name__}")


def build(model: type[models.Model], cast: Any) -> models.Model:
    if model is Organisation:
        return cast.dept_b
    if model is get_user_model():
        return get_user_model().objects.create_user(f"walk{next(_serial)}", password="Walk-password-2026")
    values = {f.name: _value(f, cast) for f in model._meta.concrete_fields
              if not f.primary_key and not f.blank and not f.has_default()
              and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)}
    obj = model(**{k: v for k, v in values.items() if not isinstance(v, ContentFile)})
    for name, content in values.items():
        if isinstance(content, ContentFile):
            getattr(obj, name).save(content.name, content, save=False)
    obj.save()
    return obj


def _form_data(html: str) -> list[tuple[str, str]]:
    doc = lxml.html.fromstring(html)
    form = next(f for f in doc.forms if f.get("method", "").lower() == "post" and f.get("id", "").endswith("_form"))
    return [*form.form_values(), ("_save", "保存")]


def _post(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


def _registered() -> list[tuple[type[models.Model], admin.ModelAdmin]]:
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_every_registered_admin_is_wrapped() -> None:
    assert len(_registered()) >= 10
    for model, model_admin in _registered():
        assert isinstance(model_admin, AuditingMixin), model._meta.label


@pytest.mark.parametrize("label", [m._meta.label for m, _ in _registered()])
def test_admin_change_and_delete_leave_audit_rows(label: str, cast, client) -> None:
    model, model_admin = next((m, a) for m, a in _registered() if m._meta.label == label)
    root = get_user_model().objects.create_superuser("root", "root@example.com", "Root-password-2026")
    client.force_login(root)
    request = RequestFactory().get("/")
    request.user = root
    obj = model._default_manager.first() or build(model, cast)
    info = (model._meta.app_label, model._meta.model_name)
    change_url = reverse(f"admin:{info[0]}_{info[1]}_change", args=[obj.pk])
    if not model_admin.has_change_permission(request, obj):
        # Read-only, or add-only (a letter template's new version goes through its audited upload service, and
        # every admin addition is logged by AuditingMixin.log_addition): no path to change or delete.
        assert not model_admin.has_delete_permission(request, obj)
        if model_admin.has_add_permission(request):
            assert type(model_admin).log_addition is AuditingMixin.log_addition
        assert client.post(change_url, {"_save": "1"}).status_code in (302, 403) and \
            not AuditEvent.objects.filter(action__startswith="admin.").exists()
        return
    response = client.post(change_url, _post(_form_data(client.get(change_url).content.decode())))
    assert response.status_code == 302, " ".join(lxml.html.fromstring(response.content.decode()).xpath(
        "//ul[contains(@class, 'errorlist')]//text() | //*[contains(@class, 'errorlist')]/../@class"))
    row = AuditEvent.objects.get(action="admin.change")
    assert row.actor == root and row.object_type == f"{info[0]}.{info[1]}" and row.object_id == str(obj.pk)
    if model_admin.has_delete_permission(request, obj):
        victim = build(model, cast)
        delete_url = reverse(f"admin:{info[0]}_{info[1]}_delete", args=[victim.pk])
        response = client.post(delete_url, {"post": "yes"})
        if response.status_code == 302:
            assert not model._default_manager.filter(pk=victim.pk).exists()
            deleted = AuditEvent.objects.get(action="admin.delete", object_id=str(victim.pk))
            assert deleted.before and deleted.actor == root
        else:  # protected by other rows: nothing deleted, nothing logged as deleted
            assert model._default_manager.filter(pk=victim.pk).exists()
            assert not AuditEvent.objects.filter(action="admin.delete").exists()


def test_making_a_user_superuser_is_audited_with_before_and_after(cast, client) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.com", "Root-password-2026")
    client.force_login(root)
    url = reverse("admin:auth_user_change", args=[cast.nobody.pk])
    data = [(k, v) for k, v in _form_data(client.get(url).content.decode()) if k != "is_superuser"]
    assert client.post(url, _post([*data, ("is_superuser", "on")])).status_code == 302
    row = AuditEvent.objects.get(action="admin.change", object_id=str(cast.nobody.pk))
    # (The zh-hans admin form shows times to the minute, so date_joined may lose its seconds too.)
    assert row.before["is_superuser"] is False and row.after["is_superuser"] is True
    assert set(row.after) <= {"is_superuser", "date_joined"}
    assert "password" not in (row.after or {})


def test_password_change_and_bulk_delete_are_audited(cast, client) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.com", "Root-password-2026")
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[cast.nobody.pk])
    response = client.post(url, {"password1": "New-password-2026!", "password2": "New-password-2026!",
                                 "usable_password": "true", "set_usable_password": "true"})
    assert response.status_code == 302
    row = AuditEvent.objects.get(action="admin.change", object_id=str(cast.nobody.pk))
    assert row.after == {"password": "******"}  # that it changed, never the hash
    from gongkai.qa.models import Subscription

    subs = [Subscription.objects.create(email=f"s{i}@example.com", topics=["综合政务"]) for i in range(2)]
    response = client.post(reverse("admin:qa_subscription_changelist"),
                           {"action": "delete_selected", "_selected_action": [s.pk for s in subs], "post": "yes"})
    assert response.status_code == 302 and not Subscription.objects.exists()
    assert AuditEvent.objects.filter(action="admin.delete", object_type="qa.subscription").count() == 2


def test_moving_an_organisation_in_the_admin_moves_its_subtree(cast, client) -> None:
    from gongkai.core.creditcode import make_credit_code

    unit = Organisation.objects.create(name="青溪县财政局信息公开科", credit_code=make_credit_code("11", "320199", "TC000050"),
                                       kind=Organisation.Kind.OFFICE, level="county", parent=cast.dept_a)
    root = get_user_model().objects.create_superuser("root", "root@example.com", "Root-password-2026")
    client.force_login(root)
    url = reverse("admin:core_organisation_change", args=[cast.dept_a.pk])
    data = [(k, v) for k, v in _form_data(client.get(url).content.decode()) if k != "parent"]
    assert client.post(url, _post([*data, ("parent", str(cast.dept_b.pk))])).status_code == 302
    unit.refresh_from_db()
    cast.dept_a.refresh_from_db()
    assert cast.dept_a.path == f"{cast.dept_b.path}{cast.dept_a.pk}/"
    assert unit.path == f"{cast.dept_a.path}{unit.pk}/"
    row = AuditEvent.objects.get(action="admin.change", object_id=str(cast.dept_a.pk))
    assert row.before["parent"] == cast.gov.pk and row.after["parent"] == cast.dept_b.pk
    # A cycle is refused on the form, not with a 500.
    url = reverse("admin:core_organisation_change", args=[cast.dept_b.pk])
    data = [(k, v) for k, v in _form_data(client.get(url).content.decode()) if k != "parent"]
    response = client.post(url, _post([*data, ("parent", str(unit.pk))]))
    assert response.status_code == 200 and "不能把机构移到它自己或它的下级机构之下" in response.content.decode()
