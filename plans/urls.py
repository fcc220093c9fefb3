"""Routes of the plans app; each views module lists its own patterns."""

from plans.views import documents, excel, plans, tasks

app_name = "plans"
urlpatterns = [
    *plans.urlpatterns,
    *tasks.urlpatterns,
    *documents.urlpatterns,
    *excel.urlpatterns,
]
