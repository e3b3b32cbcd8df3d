"""Residents known to the city (contacts and their identities) and every contact they made."""
