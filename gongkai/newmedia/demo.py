"""Demo 政务新媒体 for the county: accounts in every lifecycle state, posts and messages that raise a
warning of each kind (missing annotation, repost without source, stale, unanswered, 娱乐化, a leader's
title written wrong, two accounts on one platform)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.newmedia import services
from gongkai.newmedia.models import Account, Leader, Message, Post, WordRule

WORDS = [("entertainment", "冲鸭", "", "网络流行语，政务账号不宜使用"),
         ("entertainment", "家人们", "", "娱乐化称呼"),
         ("entertainment", "绝绝子", "", "网络流行语"),
         ("severe", "中华人民共合国", "中华人民共和国", "国名错字"),
         ("severe", "习大大", "习近平总书记", "对领导人的不规范称呼")]
LEADERS = [("周明", "县长"), ("吴芳", "副县长"), ("郑强", "县委书记")]


def seed_content(orgs: dict[str, Any]) -> str:
    if Account.objects.exists():
        return ""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["jingban", "cz_jingban", "zhuguan"])}
    officer, cz_officer, supervisor = users["jingban"], users["cz_jingban"], users["zhuguan"]
    today = timezone.localdate()
    for kind, phrase, suggestion, note in WORDS:
        WordRule.objects.get_or_create(kind=kind, phrase=phrase, defaults={"suggestion": suggestion, "note": note})
    for name, title in LEADERS:
        Leader.objects.get_or_create(name=name, title=title, defaults={"organisation": orgs["gov"]})

    def live(actor: Any, org: Any, platform: str, name: str, account_id: str, sponsor: str, purpose: str,
             days_ago: int = 400) -> Account:
        filing = services.account_register(actor=actor, organisation=org, platform=platform, name=name,
                                           account_id=account_id, sponsor=sponsor, purpose=purpose,
                                           url=f"https://weixin.example.gov.cn/{account_id}",
                                           opened_on=today - timedelta(days=days_ago))
        services.filing_decide(actor=supervisor, filing=filing, approve=True, note="符合开设条件")
        filing.account.refresh_from_db()
        return filing.account

    gov, cz = orgs["gov"], orgs["县财政局"]
    main = live(officer, gov, "wechat", "青溪发布", "gh_qingxi_fabu", "青溪县人民政府办公室", "发布县政府权威信息")
    weibo = live(officer, gov, "weibo", "青溪发布微博", "6300000001", "青溪县人民政府办公室", "政务信息发布与互动")
    cz_main = live(cz_officer, cz, "wechat", "青溪财政", "gh_qingxi_cz", "青溪县财政局", "财政政策和预决算公开")
    live(cz_officer, cz, "wechat", "青溪财政服务", "gh_qingxi_czfw", "青溪县财政局", "财政业务办理指引")  # a duplicate
    douyin = live(cz_officer, cz, "douyin", "青溪财政短视频", "dy_qingxi_cz", "青溪县财政局", "财政政策短视频解读", 300)
    toutiao = live(officer, gov, "toutiao", "青溪头条号", "tt_qingxi", "青溪县人民政府办公室", "转载县内新闻", 500)
    kuaishou = live(officer, gov, "kuaishou", "青溪快手号", "ks_qingxi", "青溪县人民政府办公室", "活动直播", 500)
    services.account_register(actor=officer, organisation=gov, platform="channels", name="青溪发布视频号",
                              account_id="sph_qingxi", sponsor="青溪县人民政府办公室", purpose="政务短视频")  # 待备案
    for account, kind, reason, target in (
        (toutiao, "merge", "内容与“青溪发布”重复，整合运维力量", main),
        (kuaishou, "shut", "长期无力运维，依规关停", None),
    ):
        filing = services.filing_request(actor=officer, account=account, kind=kind, reason=reason,
                                         effective_on=today - timedelta(days=30), merge_into=target)
        services.filing_decide(actor=supervisor, filing=filing, approve=True, note="同意")
    cancel = services.filing_request(actor=officer, account=kuaishou, kind="cancel", reason="关停满三个月，注销账号",
                                     effective_on=today - timedelta(days=2))
    services.filing_decide(actor=supervisor, filing=cancel, approve=True, note="同意注销")
    services.filing_request(actor=cz_officer, account=cz_main, kind="change", reason="账号更名",
                            effective_on=today, changes={"name": "青溪财政发布"})  # waits for the supervisor

    def at(days_ago: int, hour: int = 9) -> datetime:
        return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), datetime.min.time())
                                   + timedelta(hours=hour))

    signed: dict[str, Any] = {"drafter": "刘洋", "reviewer": "陈静", "publisher": "王磊"}
    posts: list[tuple[Account, str, int, str, str, dict[str, Any]]] = [
        (main, "p1", 1, "县政府常务会议研究部署冬季安全生产", "周明县长主持会议。", signed),
        (main, "p2", 2, "青溪县2026年民生实事进展", "各项工作有序推进。", {}),  # no annotation
        (main, "p3", 3, "转发：省政府办公厅关于做好冬季供暖工作的通知", "转载", {"is_repost": True, "publisher": "王磊"}),
        (main, "p4", 4, "家人们，冲鸭！青溪马拉松报名开启", "报名从速。", signed),
        (main, "p5", 5, "吴芳县长调研农村公路建设", "调研中强调……", signed),
        (cz_main, "c1", 2, "2026年县级预算公开", "预算全文见附件。", signed),
        (douyin, "d1", 40, "一分钟看懂惠企政策", "短视频。", signed),  # nothing since: stale
        (weibo, "w1", 1, "今日青溪", "中华人民共合国成立纪念日活动。", signed),
    ]
    for account, external_id, days_ago, title, text, fields in posts:
        Post.objects.create(account=account, external_id=external_id, published_at=at(days_ago), title=title,
                            text=text, **fields)
    Message.objects.create(account=weibo, external_id="m1", received_at=at(20), text="请问城区供暖什么时候开始？")
    Message.objects.create(account=weibo, external_id="m2", received_at=at(3), text="谢谢解答", answered_at=at(2),
                           answer="不客气")
    checked = services.checks_run_all(today=today)
    return f"{Account.objects.count()} 个政务新媒体账号（各生命周期状态），检查了 {checked} 个运行中账号"
