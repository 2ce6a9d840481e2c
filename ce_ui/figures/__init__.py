"""Pure functions that build the app's Plotly figures, one module per page and the shared look in
``style``. They take numbers and already-translated text and return a Plotly ``Figure``."""
