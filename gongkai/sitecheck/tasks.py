"""Periodic website checks (huey, run by `manage.py run_huey`): a probe every hour (24 a day, above the
检查指标's 20), a full check every night, and last week's report every Monday."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.sitecheck import services
from gongkai.sitecheck.models import Site

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="7"))
def probe_sites_hourly() -> None:
    probes = services.probes_run()
    log.info("sites probed", extra={"sites": len(probes), "failed": sum(not p.ok for p in probes)})


@db_periodic_task(crontab(hour="2", minute="30"))
def check_sites_nightly() -> None:
    runs = services.checks_run()
    log.info("sites checked", extra={"sites": len(runs)})


@db_periodic_task(crontab(day_of_week="1", hour="6", minute="0"))
def weekly_reports() -> None:
    reports = services.weekly_reports_run()
    log.info("weekly site reports", extra={"sites": len(reports)})


@db_task()
def check_site_now(site_id: int, actor_id: int | None = None) -> None:
    from django.contrib.auth import get_user_model

    site = Site.objects.get(pk=site_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    services.site_check(site=site, actor=actor)
