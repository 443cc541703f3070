"""Every write of the work app, split by sub-domain: rubrics, submissions, feedback, peer."""
