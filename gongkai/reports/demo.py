"""Demo: a year (2025) of activity for the county's departments, made through the other apps' services
(requests with their outcomes, 复议/诉讼, published 规范性文件 and one repealed), then each department's
2025 report generated, checked and published, the county report aggregating them, and a 2026 draft of
the 市场监管局 whose hand-typed figure breaks 一+二=三（七）+四 (publishing refused, the cell named)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from gongkai.applications import services as app_services
from gongkai.applications.rules import OUTCOMES
from gongkai.publishing import services as pub_services
from gongkai.reports import services
from gongkai.reports.models import AnnualReport

YEAR = 2025
VOLUMES = (12, 16, 20)  # requests received in 2025 by each department (kept small: browser tests load the demo)
GOV_VOLUME = 6
DEPARTMENTS = ("县发改委", "县财政局", "县市场监管局")
PREFIX = {"县发改委": "青发改", "县财政局": "青财", "县市场监管局": "青市监"}
KINDS = ["natural"] * 14 + ["commercial"] * 4 + ["research", "public_welfare", "legal_service", "other_org"]
# Outcomes weighted roughly as county offices see them (予以公开 and 无法提供 most often).
WEIGHTS = {"disclose": 30, "already_public": 12, "partial": 8, "unavailable_not_held": 18, "withheld_process": 3,
           "withheld_third_party": 2, "withheld_internal": 2, "rejected_petition": 4, "rejected_repeat": 3,
           "unavailable_needs_creation": 3, "other_special_law": 2}
SUBJECTS = ["2025年度部门预算执行情况", "某项目环境影响评价批复", "农贸市场改造补助资金分配", "企业年度抽查结果",
            "价格监测数据", "政府采购合同", "城区道路改造立项批复", "食品安全抽检不合格名单", "某小区规划许可证",
            "就业补贴发放名单（去除个人信息）", "会议纪要", "行政处罚决定书"]
MANUAL = {"县发改委": {"licensing": "186", "penalty": "3", "enforcement": "0", "fees": "0"},
          "县财政局": {"licensing": "12", "penalty": "0", "enforcement": "0", "fees": "0"},
          "县市场监管局": {"licensing": "2417", "penalty": "358", "enforcement": "41", "fees": "12.68"},
          "gov": {"licensing": "0", "penalty": "0", "enforcement": "0", "fees": "0"}}
SECTION1 = ("{year}年，{name}认真贯彻《中华人民共和国政府信息公开条例》和上级政务公开工作要点，坚持以公开为常态、不公开为例外，"
            "主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作有序推进。")
SECTION5 = ("一是政策解读形式还不够丰富，图解、视频解读比重偏低；二是依申请公开办理质量有待提升，个别申请答复用时较长。"
            "下一步，将推进解读与文件同步发布，加强办理人员培训，压缩答复用时。")
SECTION6 = "本年度未收取信息处理费。本机关无其他需要报告的事项。"


def _date_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _requests(rng: random.Random, actor: Any, org: Any, count: int) -> int:
    outcomes = [o.code for o in OUTCOMES if o.code in WEIGHTS]
    weights = [WEIGHTS[c] for c in outcomes]
    made = 0
    data = {"name": "演示申请人", "id_type": "居民身份证", "phone": "13800000000", "email": "demo@example.com",
            "address": "江苏省青溪县人民路 8 号", "form_wanted": "electronic", "delivery": "email"}
    plan: list[tuple[date, date | None]] = []
    for _ in range(3):  # received late in 2024, replied in January 2025: carried over
        received = _date_in(rng, date(YEAR - 1, 12, 10), date(YEAR - 1, 12, 28))
        plan.append((received, received + timedelta(days=rng.randrange(12, 26))))
    for _ in range(count):
        received = _date_in(rng, date(YEAR, 1, 3), date(YEAR, 12, 12))
        plan.append((received, received + timedelta(days=rng.randrange(1, 30))))
    for _ in range(2):  # received at the end of 2025, replied in January 2026: carried forward
        received = _date_in(rng, date(YEAR, 12, 16), date(YEAR, 12, 29))
        plan.append((received, received + timedelta(days=rng.randrange(14, 24))))
    for received, replied in plan:
        app, _code = app_services.application_submit(
            actor=actor, organisation=org, channel="in_person", submitted_on=received,
            data=data | {"applicant_kind": rng.choice(KINDS), "description": rng.choice(SUBJECTS)})
        if replied is not None:
            code = rng.choices(outcomes, weights)[0]
            app_services.application_reply(actor=actor, application=app, outcome_code=code, replied_on=replied)
            if made % 17 == 5:
                kind = rng.choice(["reconsideration", "reconsideration", "litigation_direct", "litigation_after"])
                filed = replied + timedelta(days=rng.randrange(10, 50))
                if filed <= date(YEAR, 12, 31):
                    result = rng.choice(["upheld", "upheld", "corrected", "other", "pending"])
                    app_services.application_review_record(
                        actor=actor, application=app, kind=kind, filed_on=filed, result=result,
                        decided_on=None if result == "pending" else filed + timedelta(days=40))
        made += 1
    return made


def _policies(actor: Any, org: Any, short: str) -> int:
    """A 规范性文件 issued in 2025 (its 文号 on the 规 series) repealing an older one."""
    prefix = PREFIX[short]
    docs = []
    for n, (title, written) in enumerate(((f"{org.name}关于规范行政事业性收费管理的办法", date(YEAR - 2, 5, 6)),
                                          (f"{org.name}关于印发专项资金管理办法的通知", date(YEAR, 9, 9))), start=1):
        year = written.year
        doc = pub_services.document_create(actor=actor, organisation=org, data={
            "title": title, "doc_no": f"{prefix}规〔{year}〕{n}号", "genre": "通知", "topic": "综合政务",
            "body_text": f"{title}。第一条 为规范管理，制定本办法。第二条 本办法自印发之日起施行。",
            "written_on": written, "changed_on": written})
        pub_services.document_submit(actor=actor, document=doc)
        pub_services.document_review(actor=actor, document=doc, approve=True, secrecy_checked=True, opinion="同意公开。")
        pub_services.document_publish(actor=actor, document=doc, published_on=written + timedelta(days=5))
        docs.append(doc)
    pub_services.document_set_validity(actor=actor, document=docs[0], validity="repealed", on=date(YEAR, 9, 9),
                                       by=docs[1], reason="被新办法废止")
    return len(docs)


def seed_content(orgs: dict[str, Any]) -> str:
    if AnnualReport.objects.exists():
        return "已有年度报告，跳过。"
    User = get_user_model()
    admin = User.objects.get(username="admin")
    rng = random.Random(2025)
    counts = {}
    published = []
    for short, volume in zip(DEPARTMENTS, VOLUMES, strict=True):
        org = orgs[short]
        counts[short] = _requests(rng, admin, org, volume)
        _policies(admin, org, short)
        report = services.report_create(actor=admin, organisation=org, year=YEAR)
        services.report_update(actor=admin, report=report, manual=MANUAL[short], sections={
            "section1": SECTION1.format(year=YEAR, name=org.name), "section5": SECTION5, "section6": SECTION6})
        published.append(services.report_publish(actor=admin, report=report))
    gov = orgs["gov"]
    counts["gov"] = _requests(rng, admin, gov, GOV_VOLUME)
    county = services.report_create(actor=admin, organisation=gov, year=YEAR)
    services.report_update(actor=admin, report=county, manual=MANUAL["gov"], sections={
        "section1": SECTION1.format(year=YEAR, name=gov.name) + "本报告汇总了县政府办公室和县发改委、县财政局、县市场监管局的年度报告。",
        "section5": SECTION5, "section6": SECTION6})
    services.report_aggregate(actor=admin, report=county)
    services.report_publish(actor=admin, report=county)
    # The 市场监管局's report on the current year, still a draft: a figure typed from the old paper register
    # breaks 一+二=三（七）+四, and publishing is refused with the cell named.
    draft = services.report_create(actor=admin, organisation=orgs["县市场监管局"], year=YEAR + 1)
    services.report_update(actor=admin, report=draft, manual=MANUAL["县市场监管局"])
    services.report_override(actor=admin, report=draft, cell="三|一|0", value="9",
                             reason="按纸质登记簿填写（含窗口登记未录入系统的申请）")
    total = sum(counts.values())
    return (f"{YEAR}年依申请公开 {total} 件、规范性文件 6 件；3 个部门和县政府的{YEAR}年度报告已发布（县政府报告汇总各部门），"
            f"县市场监管局{YEAR + 1}年度报告草稿有一处勾稽关系不符。")
