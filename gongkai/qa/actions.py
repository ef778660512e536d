"""Audit actions of 政策问答 and 回应关切 (registered in QaConfig.ready)."""

from django.db import models


class Action(models.TextChoices):
    ANSWER = "qa.answer", "答复提问"
    DISMISS = "qa.dismiss", "不予答复"
    KB_CREATE = "qa.kb_create", "新增知识库条目"
    HOTLINE_IMPORT = "qa.hotline_import", "导入 12345 知识库"
    SUBSCRIBE = "qa.subscribe", "订阅政策推送"
    UNSUBSCRIBE = "qa.unsubscribe", "退订政策推送"
    CONCERN = "qa.concern", "登记舆情回应"
