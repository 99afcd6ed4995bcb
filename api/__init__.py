"""Aktörskartan's outer layer: the command line (and, from the query-service issue on, the
Flask app). Only translates argv/HTTP to calls into :mod:`graph` and back."""
