"""Fixtures of the 主动公开 tests: two published policies of 青溪县财政局, an old 办法 and the new one that
replaces it (有效性)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.publishing import services


def published(cast, title: str, doc_no: str, written_on: date):
    doc = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": title, "doc_no": doc_no, "genre": "通知", "topic": "财政、金融、审计", "written_on": written_on,
        "body_text": f"{title}。第一条 为规范管理，制定本办法。"})
    services.document_submit(actor=cast.officer_a, document=doc)
    services.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True, opinion="同意")
    return services.document_publish(actor=cast.publisher_a, document=doc, published_on=written_on)


@pytest.fixture
def old(cast):
    return published(cast, "青溪县财政局关于印发专项资金管理办法的通知", "青财规〔2024〕2号", date(2024, 5, 6))


@pytest.fixture
def new(cast):
    return published(cast, "青溪县财政局关于印发专项资金管理办法（修订）的通知", "青财规〔2026〕1号", date(2026, 3, 2))
