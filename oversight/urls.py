"""Routes of the oversight app; each views module lists its own patterns."""

from oversight.views import cases, discipline, letters, statistics

app_name = "oversight"
urlpatterns = [
    *cases.urlpatterns,
    *discipline.urlpatterns,
    *letters.urlpatterns,
    *statistics.urlpatterns,
]
