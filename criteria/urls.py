from django.urls import path

from criteria import views

app_name = "criteria"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("matrix/<int:area_id>/<int:year>/", views.matrix, name="matrix"),
    path("commune/<int:unit_id>/<int:year>/", views.scorecard, name="scorecard"),
    path("progress/<int:unit_id>/", views.progress, name="progress"),
    path("recognitions/<int:area_id>/", views.recognitions, name="recognitions"),
    path("roadmap/<int:area_id>/", views.roadmap, name="roadmap"),
    path("sets/", views.set_list, name="sets"),
    path("sets/<slug:set_id>/draft/", views.start_draft, name="start-draft"),
    path("sets/<slug:set_id>/v<int:number>/", views.version_detail, name="version"),
    path("sets/<slug:set_id>/v<int:number>/publish/", views.publish, name="publish"),
    path(
        "sets/<slug:set_id>/v<int:number>/threshold/<str:code>/",
        views.edit_threshold,
        name="edit-threshold",
    ),
]
