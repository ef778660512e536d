from django.urls import path

from gongkai.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.apply, name="apply"),
    path("done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("track/correction/", views.track_correction, name="track_correction"),
    path("track/exit/", views.track_exit, name="track_exit"),
    path("letters/<int:letter_id>/", views.applicant_letter, name="letter"),
    path("released/<int:copy_id>/", views.applicant_released, name="released"),
]
