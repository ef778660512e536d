"""The demo county: 青溪县人民政府 (made-up region 320199, valid GB 32100 check characters),
its 政府信息公开工作机构 and three departments, and one demo user per role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.core.creditcode import make_credit_code
from gongkai.core.models import Membership, Organisation, Role

DEMO_PASSWORD = "Qingxi-demo-2026"
REGION = "320199"

GOVERNMENT = {
    "name": "青溪县人民政府", "short_name": "县政府", "serial": "MB123456",
    "address": "江苏省青溪县人民路 1 号", "phone": "025-57210000", "postal_code": "211299",
    "office_hours": "工作日 上午 8:30–12:00，下午 14:00–17:30（法定节假日除外）",
    "email": "gongkai@qingxi.gov.cn", "website": "https://www.qingxi.gov.cn",
}
OFFICE = {"name": "青溪县人民政府办公室", "short_name": "县政府办", "serial": "MB123457",
          "address": "江苏省青溪县人民路 1 号 3 楼 305 室", "phone": "025-57210305"}
DEPARTMENTS = [
    {"name": "青溪县发展和改革委员会", "short_name": "县发改委", "serial": "MB123458",
     "address": "江苏省青溪县人民路 3 号", "phone": "025-57211100"},
    {"name": "青溪县财政局", "short_name": "县财政局", "serial": "MB123459",
     "address": "江苏省青溪县文昌路 18 号", "phone": "025-57212200"},
    {"name": "青溪县市场监督管理局", "short_name": "县市场监管局", "serial": "MB123461",
     "address": "江苏省青溪县秦淮大道 66 号", "phone": "025-57213300"},
]

# username, full name, role, organisation key ("gov", "office", or a department short name)
USERS = [
    ("admin", "系统管理员", Role.ADMIN, "gov"),
    ("zhuguan", "王主管", Role.SUPERVISOR, "gov"),
    ("jingban", "李经办", Role.OFFICER, "office"),
    ("shenhe", "张审核", Role.REVIEWER, "office"),
    ("fabu", "陈发布", Role.PUBLISHER, "office"),
    ("cz_jingban", "赵经办（财政局）", Role.OFFICER, "县财政局"),
    ("cz_shenhe", "钱审核（财政局）", Role.REVIEWER, "县财政局"),
    ("cz_fabu", "孙发布（财政局）", Role.PUBLISHER, "县财政局"),
]


def _org(parent: Organisation | None, kind: str, spec: dict[str, str]) -> Organisation:
    code = make_credit_code("11", REGION, spec["serial"])
    fields = {k: v for k, v in spec.items() if k != "serial"}
    org, _ = Organisation.objects.update_or_create(
        credit_code=code,
        defaults=fields | {"parent": parent, "kind": kind, "level": Organisation.Level.COUNTY, "region_code": REGION,
                           "office_hours": spec.get("office_hours", GOVERNMENT["office_hours"])},
    )
    return org


@transaction.atomic
def seed_organisations_and_users() -> dict[str, Any]:
    gov = _org(None, Organisation.Kind.GOVERNMENT, GOVERNMENT)
    office = _org(gov, Organisation.Kind.OFFICE, OFFICE)
    orgs = {"gov": gov, "office": office}
    for spec in DEPARTMENTS:
        dept = _org(gov, Organisation.Kind.DEPARTMENT, spec)
        _org(dept, Organisation.Kind.OFFICE, {"name": spec["name"] + "办公室", "short_name": spec["short_name"] + "办",
                                              "serial": spec["serial"][:-2] + "9" + spec["serial"][-1],
                                              "address": spec["address"], "phone": spec["phone"]})
        orgs[spec["short_name"]] = dept
    User = get_user_model()
    for username, full_name, role, key in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == Role.ADMIN
            user.is_superuser = role == Role.ADMIN
            user.save()
        Membership.objects.get_or_create(user=user, organisation=orgs[key], role=role)
        if key == "office":
            # The government's 工作机构 also publishes in the government's name.
            Membership.objects.get_or_create(user=user, organisation=orgs["gov"], role=role)
        elif key != "gov":
            # A department's staff also work in its 政府信息公开工作机构, which handles its requests.
            for office in orgs[key].children.filter(kind=Organisation.Kind.OFFICE):
                Membership.objects.get_or_create(user=user, organisation=office, role=role)
    return orgs


def logins_table() -> str:
    lines = ["", f"演示账号（密码均为 {DEMO_PASSWORD}）："]
    for username, full_name, role, _key in USERS:
        lines.append(f"  {username:<12} {Role(role).label:<6} {full_name}")
    lines += ["", "公众门户  http://127.0.0.1:8000/", "工作台    http://127.0.0.1:8000/staff/",
              "API 文档  http://127.0.0.1:8000/api/v1/docs", ""]
    return "\n".join(lines)
