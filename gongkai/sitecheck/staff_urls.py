from django.urls import path

from gongkai.sitecheck import views

app_name = "sitecheck_staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.site_new, name="site_new"),
    path("<int:pk>/", views.site_detail, name="site"),
    path("<int:pk>/check/", views.site_check, name="check"),
    path("<int:pk>/columns/", views.column_add, name="column_add"),
    path("<int:pk>/columns/<int:column_id>/disable/", views.column_disable, name="column_disable"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
]
