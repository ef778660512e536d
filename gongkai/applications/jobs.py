"""Jobs of the 依申请公开 workflow (huey; inline when HUEY_IMMEDIATE): letter generation for the actions
that require a notice, and the daily close of consultations whose 15 working days have passed (条例第三十二条).
The due-date alerts stay in tasks.py."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.applications import services
from gongkai.applications.models import LetterJob

STALE_QUEUED = timedelta(minutes=5)  # a job whose enqueue was lost (queue down when the action committed)
STALE_RUNNING = timedelta(minutes=15)  # a worker killed mid-render


@db_task()
def generate_letter(job_id: int) -> None:
    # letter_job_run claims the job itself and records any failure on it, so the queue never retries blindly.
    services.letter_job_run(job_id)


@db_periodic_task(crontab(hour="0", minute="20"))
def daily_consultation_lapse() -> None:
    """Consultations end by themselves after 15 working days without an answer; the pages already derive
    this on read, the job records it as an event so the log and the applicant's timeline say so."""
    services.lapse_consultations()


def sweep_letter_jobs() -> tuple[int, int]:
    """Queue again the jobs whose start was lost; mark as failed those a dead worker left running."""
    now = timezone.now()
    lost = list(LetterJob.objects.filter(status=LetterJob.Status.QUEUED, created_at__lt=now - STALE_QUEUED)
                .values_list("pk", flat=True))
    for pk in lost:
        generate_letter(pk)
    dead = LetterJob.objects.filter(status=LetterJob.Status.RUNNING, created_at__lt=now - STALE_RUNNING).update(
        status=LetterJob.Status.FAILED, error="生成中断（任务进程退出），请重新生成。", finished_at=now)
    return len(lost), dead


@db_periodic_task(crontab(minute="*/10"))
def periodic_letter_sweep() -> None:
    sweep_letter_jobs()
