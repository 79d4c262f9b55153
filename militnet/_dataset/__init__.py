"""The dataset on disk: reading CSV folders, screening and validating them, saving
atomically, the bundled datasets and their identity.
"""
