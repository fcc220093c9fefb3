"""Placeholder: filled in by the cases screens."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
