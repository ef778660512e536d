from django.urls import path

from gongkai.newmedia import views

app_name = "newmedia_staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.account_new, name="account_new"),
    path("warnings/", views.warnings_list, name="warnings"),
    path("wordlists/", views.wordlists, name="wordlists"),
    path("<int:pk>/", views.account_detail, name="account"),
    path("<int:pk>/filing/", views.filing_new, name="filing_new"),
    path("<int:pk>/import/", views.posts_import, name="import"),
    path("<int:pk>/check/", views.account_check, name="check"),
    path("filings/<int:pk>/", views.filing_decide, name="filing_decide"),
    path("warnings/<int:pk>/resolve/", views.warning_resolve, name="warning_resolve"),
]
