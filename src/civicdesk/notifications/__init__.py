"""Messages to residents: queued as tasks after commit, sent once, in the resident's language."""
