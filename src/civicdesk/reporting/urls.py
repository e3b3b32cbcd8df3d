from django.urls import path

from civicdesk.reporting.views import dashboard, open_data, public

app_name = "reporting"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/live/", dashboard.live, name="live"),
    path("dashboard/requests/", dashboard.requests_list, name="requests"),
    path("dashboard/tables/<slug:slug>.csv", dashboard.table_csv, name="table-csv"),
    path("performance/", public.performance, name="performance"),
    path("open-data/", open_data.index, name="open-data"),
    path("open-data/requests.csv", open_data.requests_csv, name="open-data-csv"),
    path("open-data/requests.jsonl", open_data.requests_jsonl, name="open-data-jsonl"),
]
