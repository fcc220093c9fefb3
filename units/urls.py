from django.urls import path

from units import views

app_name = "units"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:unit_id>/", views.detail, name="detail"),
    path("<int:unit_id>/children/", views.children, name="children"),
    path("<int:unit_id>/edit/", views.edit, name="edit"),
    path("<int:unit_id>/succession/", views.add_succession, name="add-succession"),
    path("<int:unit_id>/history/", views.history, name="history"),
]
