"""Routes of the ratings app (views.py holds the list next to the views)."""

from django.urls import URLPattern

from ratings.views import urlpatterns as view_patterns

app_name = "ratings"
urlpatterns: list[URLPattern] = list(view_patterns)
