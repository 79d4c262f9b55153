"""The Network class: the tables of a dataset, in memory, with their snapshots."""
