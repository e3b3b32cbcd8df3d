from django.urls import path

from civicdesk.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.help_index, name="index"),
    path("topics/<slug:slug>/", views.category_detail, name="category"),
    path("<slug:slug>/", views.article_detail, name="article"),
    path("<slug:slug>/feedback/", views.article_feedback, name="feedback"),
]
