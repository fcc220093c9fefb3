from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "Tiếp công dân, đối thoại, đơn thư"
