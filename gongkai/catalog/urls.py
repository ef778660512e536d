from django.urls import path

from gongkai.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:org>/", views.public_catalogue, name="catalogue"),
]
