from django.apps import AppConfig


class SitecheckConfig(AppConfig):
    name = "gongkai.sitecheck"
    label = "sitecheck"
    verbose_name = "网站检查"
