from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "Kiểm tra, giám sát, kỷ luật"
