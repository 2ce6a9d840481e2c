"""Table builders: pure functions, numbers and a language in, the columns ``Frame.table`` shows
out (``{column title: [cell text, …]}``), with the rows to shade or set in bold. One module per
page; tested without Streamlit."""
