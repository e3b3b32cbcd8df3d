from django.urls import path

from civicdesk.surveys import views

app_name = "surveys"

urlpatterns = [
    path("<str:token>/", views.survey_page, name="survey"),
    path("<str:token>/stop/", views.survey_stop, name="stop"),
]
