from django.urls import URLPattern, URLResolver

app_name = "applications_staff"
urlpatterns: list[URLPattern | URLResolver] = []
