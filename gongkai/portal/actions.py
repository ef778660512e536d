"""Audit actions of the portal (registered in PortalConfig.ready; see gongkai.core.audit_actions)."""

from __future__ import annotations

from django.db import models


class Action(models.TextChoices):
    SITE_SETTINGS_UPDATE = "portal.site_settings_update", "修改网站设置"
