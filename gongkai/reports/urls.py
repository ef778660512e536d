from django.urls import path

from gongkai.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("statistics/", views.public_statistics, name="statistics"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("<int:pk>/report.<str:fmt>", views.public_export, name="export"),
]
