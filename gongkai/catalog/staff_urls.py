from django.urls import path

from gongkai.catalog import views

app_name = "catalog_staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("completeness/", views.completeness, name="completeness"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_sheet, name="import"),
    path("domains/", views.add_domain, name="add_domain"),
    path("entries/new/", views.entry_edit, name="entry_new"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("auto-link/", views.auto_link, name="auto_link"),
]
