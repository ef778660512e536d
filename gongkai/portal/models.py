"""The site frame: which government runs the portal and the footer items that 国办发〔2017〕47号
《政府网站发展指引》 requires on every page (主办单位, 联系方式, 网站标识码, ICP备案编号, 公安机关备案号,
党政机关网站标识, 政府网站找错)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.models import Organisation

DEFAULT_ERROR_REPORT_URL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html"


class SiteSettings(models.Model):
    """One row per government that runs a site ("一个单位原则上只开设一个网站"); the portal shows the
    first one. Written only through `portal.services.site_settings_update` (audited)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="site_settings",
                                        verbose_name="网站所属人民政府")
    site_name = models.CharField("网站名称", max_length=60, help_text="显示在页眉，如“青溪县人民政府”")
    sponsor = models.CharField("主办单位", max_length=100)
    organiser = models.CharField("承办单位", max_length=100, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    contact_address = models.CharField("通信地址", max_length=200, blank=True)
    site_id_code = models.CharField("网站标识码", max_length=10, blank=True)
    icp_number = models.CharField("ICP备案编号", max_length=40, blank=True)
    police_number = models.CharField("公安机关备案号", max_length=40, blank=True)
    conac_url = models.URLField("党政机关网站标识链接", blank=True,
                                help_text="中央机构编制委员会办公室核发的党政机关网站标识的验证地址")
    error_report_url = models.URLField("政府网站找错地址", default=DEFAULT_ERROR_REPORT_URL)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="更新人")

    class Meta:
        verbose_name = "网站设置"
        verbose_name_plural = "网站设置"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.site_name
