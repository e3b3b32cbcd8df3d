"""Staff users, their roles (scoped to departments), API keys and the audit log."""
