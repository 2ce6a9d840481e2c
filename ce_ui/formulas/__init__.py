"""Formula builders: the LaTeX of each page's formula with the user's own numbers in it.

One module per topic (``ce_ui.formulas.<topic>``); pure functions, numbers in, a LaTeX string
out, so they are tested without Streamlit. Formulas stay untranslated; operands carry the digits
their result needs (:func:`ce_ui.format.digits_for`).
"""
