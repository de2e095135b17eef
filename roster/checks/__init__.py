"""Rule checks of the families beyond the foundation, one module per family."""
