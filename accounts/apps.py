from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    # Permissions of every app must exist before roles can point at them.
    from django.contrib.auth.management import create_permissions

    from accounts.services import sync_roles

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    sync_roles()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles_after_migrate, sender=self)
