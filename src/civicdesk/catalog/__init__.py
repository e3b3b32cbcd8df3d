"""The service catalog: departments, services and their forms, SLA policies, business calendars."""
