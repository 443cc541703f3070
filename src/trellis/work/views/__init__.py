"""Pages of the work app, split by sub-domain: rubrics and work."""
