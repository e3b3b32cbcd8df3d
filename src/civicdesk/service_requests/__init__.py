"""Service requests, their timeline, the status workflow and the one intake function."""
