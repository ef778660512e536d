from django.urls import URLPattern, URLResolver

app_name = "publishing_staff"
urlpatterns: list[URLPattern | URLResolver] = []
