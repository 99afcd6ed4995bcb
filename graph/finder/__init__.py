"""The newcomer finder: a need, a place and a stage in, ranked actors with their reasons out."""
