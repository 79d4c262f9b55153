"""Core records and rules: errors, problems, dates, names, the record types, the table
schema, the tie policy, argument checks, citations. Imports nothing else of militnet.
"""
