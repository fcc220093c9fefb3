"""Routes of the sponsorship app: an area's sponsorships, entry, the sponsor's view, downloads."""

from django.urls import URLPattern

from sponsorship import views

app_name = "sponsorship"
urlpatterns: list[URLPattern] = [*views.urlpatterns]
