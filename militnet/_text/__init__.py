"""Candidate ties from news text: names, cues and dates in sentences."""
