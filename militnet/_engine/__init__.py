"""The time engine: the time index and snapshots, the tie type, the attestation of ties,
the numerical kernels and the backend seam.
"""
