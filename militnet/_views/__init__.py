"""What users look at: the interactive HTML page, citable reports, and the shared visual
style.
"""
