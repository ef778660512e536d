"""The daily 政务新媒体 check (huey periodic task, run by `manage.py run_huey`)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.newmedia.services import checks_run_all

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="6", minute="30"))
def check_accounts_daily() -> None:
    checked = checks_run_all()
    log.info("newmedia accounts checked", extra={"accounts": checked})
