from django.urls import path

from gongkai.applications import redaction_views as views

app_name = "redaction"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:did>/", views.mark, name="mark"),
    path("<int:did>/marks/<int:mid>/withdraw/", views.unmark, name="unmark"),
    path("<int:did>/preview/<int:page>.png", views.preview, name="preview"),
    path("<int:did>/release/", views.release, name="release"),
    path("<int:did>/original/", views.original, name="original"),
    path("released/<int:rid>/", views.released, name="released"),
]
