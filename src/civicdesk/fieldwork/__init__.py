"""Field work: crews, work orders made from one or more requests, and the crew view at /crew/."""
