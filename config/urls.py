from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language


def home(request):
    """The start page: the unit tree until the dashboards arrive."""
    return redirect("units:tree")


urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("units/", include("units.urls")),
    path("ntm/values/", include("monitoring.urls")),
    path("audit/", include("audit.urls")),
    path("ntm/", include("criteria.urls")),
    path("plans/", include("plans.urls")),
    path("oversight/", include("oversight.urls")),
    path("reception/", include("petitions.urls")),
    path("ratings/", include("ratings.urls")),
    path("movements/", include("movements.urls")),
    path("sponsorship/", include("sponsorship.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
