from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:unit_id>/<int:year>/", views.entry, name="entry"),
    path("<int:unit_id>/<int:year>/preview/", views.preview, name="preview"),
    path("<int:unit_id>/<int:year>/approve/", views.approve, name="approve"),
    path("<int:unit_id>/<int:year>/reopen/", views.reopen, name="reopen"),
    path("<int:unit_id>/<int:year>/history/", views.history, name="history"),
    path(
        "<int:unit_id>/<int:year>/evidence/<str:code>/",
        views.upload_evidence,
        name="upload-evidence",
    ),
    path("evidence/<int:evidence_id>/", views.download_evidence, name="evidence"),
    path("evidence/<int:evidence_id>/remove/", views.remove_evidence, name="remove-evidence"),
    path("excel/template/<int:unit_id>/<int:year>/", views.excel_template, name="excel-template"),
    path("excel/upload/<int:unit_id>/<int:year>/", views.excel_upload, name="excel-upload"),
    path("export/<int:unit_id>/<int:year>/", views.export_matrix, name="export"),
]
