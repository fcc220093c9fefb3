"""Routes of the petitions app."""

from django.urls import URLPattern

app_name = "petitions"
urlpatterns: list[URLPattern] = []
