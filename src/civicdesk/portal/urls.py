from django.urls import path

from civicdesk.portal.views import public, report

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("manifest.webmanifest", public.manifest, name="manifest"),
    path("report/", report.report_choose, name="report_choose"),
    path("report/address-suggestions/", public.address_suggest, name="address_suggest"),
    path("report/done/<str:public_id>/", report.report_done, name="report_done"),
    path("report/<str:code>/", report.report_details, name="report_details"),
    path("report/<str:code>/location/", report.report_location, name="report_location"),
    path("report/<str:code>/already-reported/", report.report_duplicates, name="report_duplicates"),
    path("report/<str:code>/photos/", report.report_photos, name="report_photos"),
    path("report/<str:code>/photos/<str:key>/", report.report_photo, name="report_photo"),
    path("report/<str:code>/contact/", report.report_contact, name="report_contact"),
    path("report/<str:code>/review/", report.report_review, name="report_review"),
    path("requests/", public.request_list, name="request_list"),
    path("requests/find/", public.track_find, name="track_find"),
    path("requests/<str:public_id>/", public.track, name="track"),
    path("requests/<str:public_id>/follow/", public.follow, name="follow"),
    path("follow/<str:token>/confirm/", public.follow_confirm, name="follow_confirm"),
    path("follow/<str:token>/stop/", public.follow_stop, name="follow_stop"),
]
