from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "gongkai.qa"
    label = "qa"
    verbose_name = "政策问答与回应关切"
