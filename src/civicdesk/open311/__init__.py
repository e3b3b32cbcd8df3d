"""The Open311 GeoReport v2 API: discovery, services, requests, tokens and the mySociety updates."""
