"""The admin site that audits every add, change and delete, on every model, registered by any app.

Django's admin already reports each write to `ModelAdmin.log_addition / log_change / log_deletions`
(its own LogEntry): the add and change forms, list_editable, the delete page, the bulk delete
action and the user password form all go through them. `AuditedAdminSite.register` wraps every
ModelAdmin with `AuditingMixin`, which writes an `audit()` row at those same points (inside the
admin's transaction) with the changed fields before → after. Apps register their models as usual
(`@admin.register`), and models added later are covered without doing anything (条例第四十五条).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse

from gongkai.core.actions import Action
from gongkai.core.services import audit

MASKED = "******"
MAX_VALUE_CHARS = 500


def _is_secret(field: models.Field[Any, Any]) -> bool:
    from gongkai.applications.fields import EncryptedTextField

    # Personal data stays encrypted even in the audit log; a password hash is never copied.
    return isinstance(field, EncryptedTextField) or field.name in {"password", "tracking_hash", "id_hash"}


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's own fields and many-to-many ids as JSON-friendly values (secrets included:
    they are compared, then masked by `_masked` before anything is written)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if value is None or isinstance(value, bool | int | float):
            data[field.name] = value
        elif isinstance(value, datetime):
            # The admin form keeps seconds only, in local time: compare in UTC to the second.
            data[field.name] = (value.astimezone(UTC) if value.tzinfo else value).isoformat(timespec="seconds")
        else:
            data[field.name] = str(value)[:MAX_VALUE_CHARS]
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    return data


def _masked(obj: models.Model, data: dict[str, Any]) -> dict[str, Any]:
    secret = {f.name for f in obj._meta.concrete_fields if _is_secret(f)}
    return {k: (MASKED if v else "") if k in secret else v for k, v in data.items()}


def _changes(before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    if before is None:
        return {}, after
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _organisation(obj: models.Model) -> Any:
    from gongkai.core.models import Organisation

    if isinstance(obj, Organisation):
        return obj
    org = getattr(obj, "organisation", None)
    return org if isinstance(org, Organisation) else None


class AuditingMixin(admin.ModelAdmin[Any]):
    """Audit rows for the admin's own write points; `get_object` keeps the state before the edit."""

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._audit_before = snapshot(obj)
        return obj

    def _audit(self, request: HttpRequest, obj: Any, action: Action, message: Any = "") -> None:
        before, after = _changes(getattr(obj, "_audit_before", None), snapshot(obj))
        audit(actor=request.user, action=action, obj=obj, organisation=_organisation(obj),
              before=_masked(obj, before) or None, after=_masked(obj, after) or None, reason=str(message)[:1000] if message else "")
        obj._audit_before = snapshot(obj)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, Action.ADMIN_ADD, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, Action.ADMIN_CHANGE, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        # Called just before the deletion (the admin's contract), with everything still readable.
        for obj in queryset:
            before = _masked(obj, snapshot(obj))
            audit(actor=request.user, action=Action.ADMIN_DELETE, obj=obj, organisation=_organisation(obj),
                  before=before)
        return super().log_deletions(request, queryset)

    def response_action(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        # Bulk actions (the delete action and any custom one) run in one transaction: the audit
        # rows and the change stand or fall together, as on the change form.
        with transaction.atomic(using=queryset.db):
            return super().response_action(request, queryset)


class AuditedAdmin(AuditingMixin):
    """For apps that want to name the base explicitly; the site wraps every other ModelAdmin anyway."""


class AuditedAdminSite(admin.AdminSite):
    site_header = "政务公开平台 · 系统管理"
    site_title = "政务公开平台"

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditingMixin):
            admin_class = type(admin_class.__name__, (AuditingMixin, admin_class),
                               {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__})
        super().register(model_or_iterable, admin_class, **options)
