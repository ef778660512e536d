from django.urls import URLPattern, URLResolver

app_name = "qa_staff"
urlpatterns: list[URLPattern | URLResolver] = []
