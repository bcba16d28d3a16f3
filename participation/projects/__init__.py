"""Candidate projects: the planner's shortlist, its publication, exports and the open-data feed."""
