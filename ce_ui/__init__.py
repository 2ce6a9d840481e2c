"""Shared UI code of the Cross-Entropy Playground: page frame, translations, URL state, number
formatting and the Plotly figure builders. Pages stay thin: read inputs, call ce_core and these."""
