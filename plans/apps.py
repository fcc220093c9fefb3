from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Chương trình, kế hoạch, nhiệm vụ"
