"""Audit actions of the foundation and of the Django admin (registered in CoreConfig.ready)."""

from django.db import models


class Action(models.TextChoices):
    ORGANISATION_CREATE = "organisation.create", "新建机构"
    ORGANISATION_UPDATE = "organisation.update", "修改机构信息"
    ORGANISATION_MOVE = "organisation.move", "调整上级机构"
    MEMBERSHIP_GRANT = "membership.grant", "授予角色"
    MEMBERSHIP_REVOKE = "membership.revoke", "撤销角色"
    USER_CREATE = "user.create", "新建用户"
    CALENDAR_SET_DAY = "calendar.set_day", "修改工作日历"
    CALENDAR_LOAD_YEAR = "calendar.load_year", "载入年度工作日历"
    ADMIN_ADD = "admin.add", "后台新增"
    ADMIN_CHANGE = "admin.change", "后台修改"
    ADMIN_DELETE = "admin.delete", "后台删除"
    ADMIN_ACTION = "admin.action", "后台批量操作"
