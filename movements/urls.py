"""Routes of the movements app."""

from django.urls import URLPattern

app_name = "movements"
urlpatterns: list[URLPattern] = []
