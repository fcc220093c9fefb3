"""Placeholder: filled in by the letters screens."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
