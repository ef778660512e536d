"""parsing.py and sources.py: the four seed 要点 against the hand counts, the bad inputs of issue 16."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from gongkai.ledger.fixtures import fixture_index, fixture_text, hand_counts
from gongkai.ledger.parsing import NotAWorkplanError, marker, paragraphs, parse_plan, sentences
from gongkai.ledger.rules import match_items
from gongkai.ledger.sources import plan_from_file, plan_from_text

SEEDS = hand_counts()["seeds"]


@pytest.fixture(scope="module")
def seed_plans(request):
    from django.conf import settings

    folder = Path(settings.SEEDS_DIR)
    return {name: plan_from_file(folder / name) for name in SEEDS}


@pytest.mark.parametrize("name", list(SEEDS))
def test_seed_tree_matches_the_hand_count(seed_plans, name) -> None:
    plan, want = seed_plans[name], SEEDS[name]
    assert (plan.title, plan.doc_no, plan.year) == (want["title"], want["doc_no"], want["year"])
    assert len(plan.sections) == want["sections"]
    assert [len(s.items) for s in plan.sections] == want["items_per_section"]
    found = sorted((t.path.rsplit(".", 1)[0], t.deadline.text, t.deadline.due) for t in plan.tasks() if t.deadline.due)
    expected = sorted((d["item"], d["phrase"], d["date"]) for d in want["deadlines"])
    assert found == expected
    assert not any(t.deadline.needs_review for t in plan.tasks())


def test_seed_000_gets_title_and_doc_no_from_the_sidecar(seed_plans) -> None:
    """The 2021 national text has neither; metadata.csv beside it has both (as the importer reads it)."""
    plan = seed_plans["000_9e8f2a5be9429129.txt"]
    assert plan.doc_no == "国办发〔2021〕12号"
    item = plan.sections[2].items[1]
    assert (item.path, item.title) == ("三.（二）", "完善政务公开平台")
    ipv6 = next(t for t in item.tasks if "互联网协议第6版" in t.text)
    assert ipv6.as_dict() == {"path": ipv6.path, "text": "2021年底前，县级以上政府门户网站全部支持互联网协议第6版。",
                              "deadline": "2021-12-31", "deadline_text": "2021年底前", "continuous": False,
                              "owners": ["县级以上政府"], "needs_review": False}


def test_run_on_item_line_gives_title_and_tasks(seed_plans) -> None:
    """000 puts "（一）做好各类规划主动公开。县级以上…" on one line: the lead phrase is the title, the rest tasks."""
    item = seed_plans["000_9e8f2a5be9429129.txt"].sections[0].items[0]
    assert item.title == "做好各类规划主动公开"
    assert [t.path for t in item.tasks] == ["一.（一）.1", "一.（一）.2"]
    assert item.tasks[0].owners == ["县级以上各级人民政府"]
    assert not any(t.text == "做好各类规划主动公开。" for t in item.tasks)


def test_page_breaks_inside_sentences_are_joined(seed_plans) -> None:
    """001 (a PDF copy) breaks "…政府信息公开\\n\\n专栏集中公开" across pages."""
    texts = [t.text for t in seed_plans["001_cc845f6525a31310.txt"].tasks()]
    assert any("通过政府网站的政府信息公开专栏集中公开" in t for t in texts)
    assert any("加强市场规则标准和监管执法信息公开" in t for t in texts)
    assert not any(t.startswith(("专栏", "管执法", "职工作人员")) for t in texts)


def test_cover_notice_and_closing_are_not_tasks(seed_plans) -> None:
    for plan in seed_plans.values():
        texts = " ".join(t.text for t in plan.tasks())
        assert "现印发给你们" not in texts
        assert "纳入政府信息公开工作年度报告" not in texts
        assert "抄送" not in texts


def test_provincial_items_link_to_their_national_origin(seed_plans) -> None:
    """Every Jiangsu item is linked, and to an item the hand-made list accepts (precision 13/13)."""
    links = hand_counts()["links"]
    province = seed_plans[links["provincial"]]
    nation = seed_plans[links["national"]]
    matches = match_items([(i.path, i.text) for i in province.items()], [(i.path, i.text) for i in nation.items()])
    assert {m.path: m.origin_path for m in matches if m.origin_path in links["pairs"][m.path]} == {
        m.path: m.origin_path for m in matches}
    assert len(matches) == len(links["pairs"])


MIXED = """关于印发某县2022年政务公开工作要点的通知
各乡镇人民政府：
现印发给你们。
某县2022年政务公开工作要点
一．做好重点领域公开
(一)做好财政信息公开。县财政局要在2022年6月底前公开部门预算。
（2）做好规划公开。
县发展改革委要于年内公开“十四五”专项规划。
二、强化平台建设
1、加强网站建设。县政府办公室要在春节前完成网站改版。
2. 加强新媒体管理。长期坚持先审后发。
三、加强组织保障
各乡镇要加强组织领导，持续做好培训。
"""


def test_mixed_brackets_numerals_and_missing_levels() -> None:
    plan = parse_plan(MIXED, title="关于印发某县2022年政务公开工作要点的通知")
    assert plan.year == 2022
    assert [(s.path, s.title) for s in plan.sections] == [("一", "做好重点领域公开"), ("二", "强化平台建设"),
                                                          ("三", "加强组织保障")]
    one, two, three = plan.sections
    # Half-width "(一)" and Arabic "（2）" are both items of section 一.
    assert [(i.path, i.title) for i in one.items] == [("一.（一）", "做好财政信息公开"), ("一.（2）", "做好规划公开")]
    assert one.items[0].tasks[0].deadline.due == date(2022, 6, 30)
    assert one.items[1].tasks[0].deadline.due == date(2022, 12, 31)
    # Section 二 has no （一） items: its "1、" and "2." paragraphs stand in as numbered tasks of one implicit item.
    assert [t.path for i in two.items for t in i.tasks] == ["二.1", "二.2"]
    # Section 三 has neither: its text is one implicit item.
    assert three.items[0].path == "三" and three.items[0].tasks[0].deadline.continuous


def test_an_unreadable_deadline_is_kept_and_flagged() -> None:
    plan = parse_plan(MIXED, title="关于印发某县2022年政务公开工作要点的通知")
    flagged = [t for t in plan.tasks() if t.deadline.needs_review]
    assert [(t.deadline.text, t.deadline.due) for t in flagged] == [("春节前", None)]
    assert any("春节前" in w and "人工确认" in w for w in plan.warnings)


@pytest.mark.parametrize("text", [
    "国办：对政务新媒体“娱乐化”“空壳”等问题开展清理\n国务院办公厅日前印发《2021年政务公开工作要点》。",
    "2021年上海市政府信息公开工作年度报告\n一、总体情况\n（一）主动公开方面。全年发布信息。",
    "",
])
def test_a_document_that_is_not_a_workplan_is_refused(text) -> None:
    with pytest.raises(NotAWorkplanError) as caught:
        parse_plan(text, title=text.split("\n")[0])
    assert "工作要点" in caught.value.message or "任务" in caught.value.message


def test_a_workplan_title_with_no_tasks_is_refused() -> None:
    with pytest.raises(NotAWorkplanError):
        parse_plan("2022年政务公开工作要点\n全文另行印发。", title="关于印发2022年政务公开工作要点的通知")


def test_html_input(settings) -> None:
    html = ("<html><head><style>p{color:red}</style></head><body><h1>2020年政务公开工作要点</h1>"
            "<p>一、加强平台建设</p><p>（一）完善政府网站。</p><p>各级政府要在2020年底前完成网站集约化。</p>"
            "<script>var x=1;</script></body></html>")
    plan = plan_from_text(html, title="国务院办公厅关于印发2020年政务公开工作要点的通知")
    task = plan.tasks()[0]
    assert (task.path, task.deadline.due, task.owners) == ("一.（一）.1", date(2020, 12, 31), ["各级政府"])


def test_docx_input(tmp_path) -> None:
    import docx

    document = docx.Document()
    for line in ["关于印发2021年某市政务公开工作要点的通知", "2021年某市政务公开工作要点", "一、深化重点领域公开",
                 "（一）做好规划公开。市发展改革委要于10月底前公开专项规划。"]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "plan.docx"
    path.write_bytes(buffer.getvalue())
    plan = plan_from_file(path)
    assert plan.year == 2021
    assert plan.tasks()[0].deadline.due == date(2021, 10, 31)
    assert plan.tasks()[0].owners == ["市发展改革委"]


@pytest.mark.parametrize("name", list(fixture_index()))
def test_fixtures_from_other_years_and_places(name) -> None:
    meta = fixture_index()[name]
    if not meta["workplan"]:
        with pytest.raises(NotAWorkplanError):
            plan_from_text(fixture_text(name))
        return
    plan = plan_from_text(fixture_text(name))
    assert plan.year == meta["year"]
    assert plan.sections and plan.tasks()


def test_markers_and_sentences() -> None:
    assert marker("（一）做好公开") == ("cn_paren", "一", "做好公开")
    assert marker("(１２)做好公开") == ("ar_paren", "12", "做好公开")
    assert marker("1.5倍于去年") is None
    assert marker("2021年底前完成") is None
    assert marker("12345热线") is None
    assert paragraphs(["一、标题", "正文第一段，未完", "接着写。", "（一）下一项"]) == ["一、标题", "正文第一段，未完接着写。",
                                                                                 "（一）下一项"]
    assert sentences("甲要做好A。乙要做好B（含《办法》。）。（县财政局负责）") == [
        "甲要做好A。", "乙要做好B（含《办法》。）。", "（县财政局负责）"]
