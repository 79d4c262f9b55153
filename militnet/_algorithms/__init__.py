"""Measures on networks: centrality, communities, brokerage, balance, series, sensitivity,
diff, combine, lineage, explain, and the provenance every result carries.
"""
