"""The reporting pages: the internal dashboard, the public performance page, open data."""
