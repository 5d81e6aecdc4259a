"""Chain config (``keten.yaml``): model, loading and validation with file:line:column."""
