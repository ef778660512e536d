"""checks_run: the daily job checks every active site at once and stores each result (run, probe, audit row as
系统); an inactive site is not checked, a dead one is recorded as unreachable. A system job: no actor, no role,
no input to refuse."""

from __future__ import annotations

from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.sitecheck import services
from gongkai.sitecheck.models import CheckRun, Probe, Site
from gongkai.sitecheck.simulator import SimulatedSite, SiteSpec


def _register(cast, org, url, code):
    return services.site_register(actor=cast.admin, organisation=org, name=f"{org.name}网站", url=url, site_code=code)


def test_every_active_site_is_checked_and_recorded(cast) -> None:
    today = timezone.localdate()
    with SimulatedSite(SiteSpec(today=today, dead_links=1)) as sim:
        live = _register(cast, cast.gov, sim.url, "3201990001")
        for name, url, kind in sim.columns():
            services.column_add(actor=cast.admin, site=live, name=name, url=url, kind=kind)
        dead = _register(cast, cast.dept_a, "http://127.0.0.1:9/", "3201990002")  # nothing listens on port 9
        retired = _register(cast, cast.dept_b, "http://127.0.0.1:9/b/", "3201990003")
        Site.objects.filter(pk=retired.pk).update(is_active=False)

        runs = services.checks_run(today=today, concurrency=2)

    assert sorted(r.site_id for r in runs) == sorted([live.pk, dead.pk])
    by_site = {r.site_id: r for r in CheckRun.objects.all()}
    assert set(by_site) == {live.pk, dead.pk}
    assert by_site[live.pk].reachable is True and len(by_site[live.pk].result["dead_links"]) == 1
    assert by_site[dead.pk].reachable is False
    assert dict(Probe.objects.values_list("site_id", "ok")) == {live.pk: True, dead.pk: False}
    rows = AuditEvent.objects.filter(action="sitecheck.site_check")
    assert sorted(int(r.object_id) for r in rows) == sorted([live.pk, dead.pk])
    assert {r.actor_name for r in rows} == {"系统"}
    assert not CheckRun.objects.filter(site=retired).exists()
