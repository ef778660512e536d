"""Demo site settings for 青溪县人民政府 (made-up region 320199): every footer item of 国办发〔2017〕47号."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from gongkai.portal import services
from gongkai.portal.models import SiteSettings


def seed_content(orgs: dict[str, Any]) -> str:
    if SiteSettings.objects.exists():
        return "已有网站设置，跳过。"
    gov = orgs["gov"]
    admin = get_user_model().objects.get(username="admin")
    services.site_settings_update(actor=admin, organisation=gov, values={
        "site_name": gov.name, "sponsor": gov.name, "organiser": "青溪县人民政府办公室",
        "contact_phone": "025-57210305", "contact_email": "gongkai@qingxi.gov.cn",
        "contact_address": "江苏省青溪县人民路 1 号", "site_id_code": "3201990001",
        "icp_number": "苏ICP备20260001号-1", "police_number": "苏公网安备 32019902000123号",
        "conac_url": "https://bszs.conac.cn/sitename?method=show&id=QINGXI-DEMO",
    })
    return "网站设置：页眉政府名称与页脚标识（网站标识码 3201990001）。"
