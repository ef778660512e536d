from django.urls import path

from gongkai.newmedia import views

app_name = "newmedia"
urlpatterns = [
    path("", views.directory, name="directory"),
]
