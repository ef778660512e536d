"""Writes of the portal: the site settings (header name, footer items of 国办发〔2017〕47号)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.core.exceptions import DomainError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import require_role
from gongkai.core.services import audit, on_commit
from gongkai.portal import rules, selectors
from gongkai.portal.actions import Action
from gongkai.portal.models import DEFAULT_ERROR_REPORT_URL, SiteSettings

FIELDS = ("site_name", "sponsor", "organiser", "contact_phone", "contact_email", "contact_address", "site_id_code",
          "icp_number", "police_number", "conac_url", "error_report_url")


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    clean = {name: str(values.get(name) or "").strip() for name in FIELDS}
    if not clean["site_name"]:
        raise DomainError("请填写网站名称（页眉显示的政府名称）。", field="site_name")
    if not clean["sponsor"]:
        raise DomainError("请填写主办单位（《政府网站发展指引》要求在页脚标明）。", field="sponsor")
    if clean["site_id_code"]:
        clean["site_id_code"] = rules.normalise_site_id_code(clean["site_id_code"])
        error = rules.site_id_code_error(clean["site_id_code"])
        if error:
            raise DomainError(error, field="site_id_code", code="site_id_code")
    for name, check in (("icp_number", rules.icp_number_error), ("police_number", rules.police_number_error)):
        if clean[name] and (error := check(clean[name])):
            raise DomainError(error, field=name)
    for name in ("conac_url", "error_report_url"):
        if clean[name] and not clean[name].startswith("https://") and not clean[name].startswith("http://"):
            raise DomainError("链接须以 https:// 或 http:// 开头。", field=name)
    clean["error_report_url"] = clean["error_report_url"] or DEFAULT_ERROR_REPORT_URL
    return clean


def site_settings_update(*, actor: Any, organisation: Organisation, values: dict[str, Any]) -> SiteSettings:
    """Save the site frame for a government; only its 管理员 may. Every change is audited, field by field."""
    require_role(actor, organisation, [Role.ADMIN], action="修改网站设置")
    if organisation.kind != Organisation.Kind.GOVERNMENT:
        raise DomainError("网站设置属于人民政府：部门网站已整合到本级政府门户网站（国办发〔2017〕47号）。")
    clean = _validate(values)
    with transaction.atomic():
        row = SiteSettings.objects.select_for_update().filter(organisation=organisation).first()
        before = {name: getattr(row, name) for name in FIELDS} if row else {}
        if row is None:
            row = SiteSettings(organisation=organisation)
        for name, value in clean.items():
            setattr(row, name, value)
        row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        row.save()
        changed = {name for name in FIELDS if before.get(name, "") != clean[name]}
        audit(actor=actor, action=Action.SITE_SETTINGS_UPDATE, obj=row, organisation=organisation,
              before={name: before.get(name, "") for name in sorted(changed)} or None,
              after={name: clean[name] for name in sorted(changed)} or None)
        on_commit(selectors.forget_site_frame)
    return row
