"""Routes of the sponsorship app."""

from django.urls import URLPattern

app_name = "sponsorship"
urlpatterns: list[URLPattern] = []
