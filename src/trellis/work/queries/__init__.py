"""Every read of the work app, scoped to the user, in a fixed number of queries.

Split by sub-domain: rubrics, work (assignments, submissions, feedback pages), calibration.
"""
