from django.apps import AppConfig


class SponsorshipConfig(AppConfig):
    name = "sponsorship"
    verbose_name = "Đỡ đầu xã xây dựng nông thôn mới"
