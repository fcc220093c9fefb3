"""Placeholder: filled in by the discipline screens."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
