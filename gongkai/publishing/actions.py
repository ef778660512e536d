"""Audit actions of 主动公开: one per DocumentEvent kind (registered in PublishingConfig.ready)."""

from django.db import models


class Action(models.TextChoices):
    DRAFT = "document.draft", "拟稿"
    EDIT = "document.edit", "修改公开信息"
    SUBMIT = "document.submit", "提交审核"
    APPROVE = "document.approve", "审核通过"
    REJECT = "document.reject", "审核退回"
    PUBLISH = "document.publish", "发布"
    WITHDRAW = "document.withdraw", "撤回"
    VALIDITY = "document.validity", "变更有效性"
    IMPORT = "document.import", "导入公开信息"
    IMPORT_UPDATE = "document.import_update", "导入更新公开信息"
    ATTACHMENT = "document.attachment", "上传附件"
