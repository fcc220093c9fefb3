"""Routes of the movements app: the register of models, their counts, entry and downloads."""

from django.urls import URLPattern

from movements import views

app_name = "movements"
urlpatterns: list[URLPattern] = [*views.urlpatterns]
