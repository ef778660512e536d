from django.urls import path

from gongkai.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.xlsx", views.audit_export, name="audit_export"),
    path("calendar/", views.workday_calendar, name="calendar"),
    path("calendar/day/", views.calendar_edit_day, name="calendar_edit_day"),
    path("calendar/load/", views.calendar_load_form, name="calendar_load_form"),
    path("calendar/load/submit/", views.calendar_load_year, name="calendar_load_year"),
]
