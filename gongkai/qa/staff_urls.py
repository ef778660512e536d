from django.urls import path

from gongkai.qa import views

app_name = "qa_staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("questions/<int:pk>/", views.answer_question, name="answer"),
    path("knowledge/", views.knowledge, name="knowledge"),
    path("stats/", views.stats, name="stats"),
    path("concerns/", views.concerns, name="concerns"),
]
