from django.contrib.auth import views as auth_views
from django.urls import path

from civicdesk.crm import views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.ConsoleLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="console:login"), name="logout"),
    path("start", views.start, name="start"),
    path("end", views.end, name="end"),
    path("call", views.call, name="call"),
    path("contacts/new", views.contact_new, name="contact_new"),
    path("contacts/<int:contact_id>/", views.contact_detail, name="contact"),
    path("contacts/<int:contact_id>/knowledge", views.knowledge_panel, name="knowledge"),
    path("contacts/<int:contact_id>/edit", views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/merge", views.contact_merge, name="contact_merge"),
    path("contacts/<int:contact_id>/answer", views.answer, name="answer"),
    path("contacts/<int:contact_id>/log", views.log_outcome, name="log"),
    path("contacts/<int:contact_id>/request", views.request_new, name="request_new"),
    path("contacts/<int:contact_id>/requests/", views.request_lookup, name="request_lookup"),
    path(
        "contacts/<int:contact_id>/requests/<str:public_id>/",
        views.request_status,
        name="request_status",
    ),
]
