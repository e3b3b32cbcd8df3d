"""What every CivicDesk app shares: the base model, errors, the clock, environment reading."""
