"""The officer's dashboard panel for what applicants and the job queue did: online corrections (those past
the period wait for the officer's decision) and letters that failed to generate."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from gongkai.applications.models import ApplicationEvent, EventKind, LetterJob, State
from gongkai.core.dashboard import Panel
from gongkai.core.selectors import has_any_membership, visible_org_ids

RECENT = timedelta(days=7)


def workbench_panel(user: Any) -> Panel | None:
    if not has_any_membership(user):
        return None
    orgs = visible_org_ids(user)
    submitted = ApplicationEvent.objects.filter(application__organisation_id__in=orgs,
                                                kind=EventKind.CORRECTION_SUBMITTED)
    # Still in 补正 after the applicant submitted: it came after the period, the officer decides (条例第三十条).
    waiting = submitted.filter(application__state=State.CORRECTION).values("application_id").distinct().count()
    recent = submitted.filter(created_at__gte=timezone.now() - RECENT).values("application_id").distinct().count()
    failed_jobs = LetterJob.objects.filter(application__organisation_id__in=orgs, status=LetterJob.Status.FAILED)
    failed = sum(1 for job in failed_jobs if not LetterJob.objects.filter(
        application_id=job.application_id, kind=job.kind, pk__gt=job.pk).exists())
    if not (waiting or recent or failed):
        return None
    items = []
    if recent:
        items.append(("近 7 日在线补正", str(recent), "/staff/applications/?state=all"))
    if waiting:
        items.append(("逾期补正待决定", str(waiting), "/staff/applications/?state=correction"))
    if failed:
        items.append(("文书生成失败", str(failed), "/staff/applications/"))
    return Panel(title="依申请公开 · 申请人补正与文书", order=21, items=items,
                 alert=f"有 {waiting} 件申请的申请人在补正期限后提交了补正，请决定是否受理（条例第三十条）。"
                 if waiting else "")
