"""Audit actions of 依申请公开: one per ApplicationEvent kind, plus personal-data views and letters
(registered in ApplicationsConfig.ready)."""

from django.db import models


class Action(models.TextChoices):
    SUBMIT = "application.submit", "提交申请"
    ACCEPT = "application.accept", "受理申请"
    CORRECTION_REQUESTED = "application.correction_requested", "告知补正"
    CORRECTION_RECEIVED = "application.correction_received", "收到补正"
    CONSULT = "application.consult", "征求意见"
    CONSULT_DONE = "application.consult_done", "征求意见结束"
    EXTEND = "application.extend", "延长答复期限"
    FEE_NOTICE = "application.fee_notice", "收费通知"
    FEE_PAID = "application.fee_paid", "缴纳信息处理费"
    FEE_WAIVED = "application.fee_waived", "减免信息处理费"
    ABANDONED = "application.abandoned", "视为放弃"
    REPLY = "application.reply", "答复"
    TRANSFER = "application.transfer", "转办"
    ARCHIVE = "application.archive", "归档"
    REVIEW = "application.review", "登记复议诉讼"
    CALENDAR_CHANGED = "application.calendar_changed", "因工作日历调整重算期限"
    VIEW_PERSONAL_DATA = "application.view_personal_data", "查看完整个人信息"
    LETTER = "application.letter", "出具文书"
