"""Placeholder: filled in by the statistics screens."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
