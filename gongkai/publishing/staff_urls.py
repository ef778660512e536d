from django.urls import path

from gongkai.publishing import views

app_name = "publishing_staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("late/", views.late, name="late"),
    path("preview/", views.preview, name="preview_new"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/revisions/<int:number>/", views.revision, name="revision"),
    path("<int:pk>/<str:name>/", views.action, name="action"),
]
