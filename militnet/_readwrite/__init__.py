"""Exports to other tools (GraphML, GEXF, JSON, CSV) and importers of other datasets (MMP)."""
