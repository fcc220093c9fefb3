"""Routes of the petitions app (under /reception/); each views module lists its own patterns."""

from petitions.views import dialogues, matters, reports, sessions

app_name = "petitions"
urlpatterns = [
    *sessions.urlpatterns,
    *matters.urlpatterns,
    *dialogues.urlpatterns,
    *reports.urlpatterns,
]
