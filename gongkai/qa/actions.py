"""Audit actions of 政策问答 and 回应关切 (registered in QaConfig.ready)."""

from django.db import models


class Action(models.TextChoices):
    """Audit actions of 政策问答 (registered in QaConfig.ready)."""

    ANSWER = "qa.answer", "人工答复提问"
    DISMISS = "qa.dismiss", "不予答复提问"
    KB_CREATE = "qa.kb_create", "新增知识库答复"
    HOTLINE_IMPORT = "qa.hotline_import", "导入 12345 知识库"
    SUBSCRIBE = "qa.subscribe", "申请政策订阅"
    CONFIRM = "qa.subscribe_confirm", "确认政策订阅"
    UNSUBSCRIBE = "qa.unsubscribe", "退订政策订阅"
    CONCERN = "qa.concern", "登记舆情回应"
    UNSOLVED = "qa.unsolved", "提问人反馈未解决"
