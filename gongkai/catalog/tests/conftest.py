from __future__ import annotations

from datetime import date

import pytest

from gongkai.catalog import services
from gongkai.catalog.models import Domain


def entry_data(**extra):
    return {"item_l1": "预算", "item_l2": "部门预算", "content": "部门预算报表及情况说明", "basis": "《预算法》第十四条",
            "time_limit": "信息形成或者变更之日起20个工作日内", "subject": "县财政局", "channels": "■政府网站",
            "audience": "all", "mode": "active", "tier": "both", "keywords": "部门预算"} | extra


@pytest.fixture
def entry(cast):
    return services.entry_save(actor=cast.supervisor, organisation=cast.gov,
                               domain=Domain.objects.get(name="财政预决算"), data=entry_data())


@pytest.fixture
def publish(cast):
    """Publish an item of the government through publishing's own services (formed, published on)."""
    from gongkai.core.models import Membership, Role
    from gongkai.publishing import services as publishing

    # 拟稿、审核、发布 are three people (publishing's rule), here in the government's name.
    for user, role in ((cast.officer_a, Role.OFFICER), (cast.reviewer_a, Role.REVIEWER), (cast.publisher_a, Role.PUBLISHER)):
        Membership.objects.get_or_create(user=user, organisation=cast.gov, role=role)

    def _publish(title: str, formed: date | None, published: date):
        doc = publishing.document_create(actor=cast.officer_a, organisation=cast.gov, data={
            "title": title, "genre": "通知", "topic": "综合政务", "body_text": title, "written_on": formed,
            "changed_on": formed})
        publishing.document_submit(actor=cast.officer_a, document=doc)
        publishing.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True, opinion="同意")
        return publishing.document_publish(actor=cast.publisher_a, document=doc, published_on=published)

    return _publish
