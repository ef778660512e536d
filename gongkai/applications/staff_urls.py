from django.urls import include, path

from gongkai.applications import views

app_name = "applications_staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("overview/", views.overview, name="overview"),
    path("new/", views.staff_entry, name="new"),
    path("letter-settings/", views.letter_settings, name="letter_settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/personal-data/", views.personal_data, name="personal_data"),
    path("<int:pk>/action/<str:name>/", views.action, name="action"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("<int:pk>/letters/<int:letter_id>.<str:fmt>", views.letter_download, name="letter"),
    path("<int:pk>/letters/retry/<int:job_id>/", views.letter_retry, name="letter_retry"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/redact/", include("gongkai.applications.redaction_urls")),
]
