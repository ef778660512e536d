from django.urls import path

from gongkai.reports import views

app_name = "reports_staff"
urlpatterns = [
    path("", views.staff_list, name="list"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("statistics/", views.staff_statistics, name="statistics"),
    path("<int:pk>/", views.staff_detail, name="detail"),
    path("<int:pk>/action/<str:name>/", views.staff_action, name="action"),
    path("<int:pk>/export.<str:fmt>", views.staff_export, name="export"),
]
