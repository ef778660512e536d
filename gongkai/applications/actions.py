"""Audit actions of 依申请公开 (registered in ApplicationsConfig.ready): one per ApplicationEvent kind, plus
personal-data views, attachments and letters. Labels are what the audit log shows people."""

from django.db import models


class Action(models.TextChoices):
    SUBMIT = "application.submit", "提交政府信息公开申请"
    ACCEPT = "application.accept", "受理政府信息公开申请"
    CORRECTION_REQUESTED = "application.correction_requested", "发出补正告知书"
    CORRECTION_SUBMITTED = "application.correction_submitted", "申请人在线提交补正"
    CORRECTION_RECEIVED = "application.correction_received", "登记收到补正"
    CONSULT = "application.consult", "征求第三方或其他机关意见"
    CONSULT_DONE = "application.consult_done", "登记征求意见结果"
    CONSULT_LAPSED = "application.consult_lapsed", "征求意见期满，恢复计时"
    EXTEND = "application.extend", "延期答复"
    FEE_NOTICE = "application.fee_notice", "发出收费通知"
    FEE_PAID = "application.fee_paid", "登记缴纳信息处理费"
    FEE_WAIVED = "application.fee_waived", "减免信息处理费"
    ABANDONED = "application.abandoned", "视为放弃，终止办理申请"
    REPLY = "application.reply", "答复政府信息公开申请"
    TRANSFER = "application.transfer", "转办政府信息公开申请"
    ARCHIVE = "application.archive", "归档政府信息公开申请"
    REVIEW = "application.review", "登记行政复议或诉讼"
    CALENDAR_CHANGED = "application.calendar_changed", "工作日历调整，重算答复期限"
    LETTER_REQUEST = "application.letter_request", "申请生成文书"
    VIEW_PERSONAL_DATA = "application.view_personal_data", "查看申请人完整个人信息"
    ATTACHMENT_DOWNLOAD = "application.attachment_download", "下载申请人附件"
    # Rows written before letters had their own actions (letters.LetterAction) keep their label.
    LETTER = "application.letter", "出具文书"


AuditAction = Action  # the name the workflow code uses
