"""The resident portal's pages: home, the report form, tracking, browsing and following."""
