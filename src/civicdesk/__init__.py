"""CivicDesk: an open-source 311 and citizen-CRM platform for cities and counties."""

__version__ = "0.1.0"
