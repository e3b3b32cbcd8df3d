"""The demo city of Alderport: our own fictional catalog, staff and a year of requests."""
