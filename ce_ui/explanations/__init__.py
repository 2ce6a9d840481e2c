"""Sentences, captions and tables of each page: pure functions, numbers in, translated strings (or
the columns of a ``page.table``) out, one module per page (``ce_ui.explanations.<page>``), tested
without Streamlit."""
