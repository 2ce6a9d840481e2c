"""Sentences and captions of the pages: pure functions, numbers (computed by ce_core) and a
language in, translated text out, so they are tested without Streamlit. One module per page."""
