"""Explanation builders: the sentences and captions that put a page's computed numbers into
words, through the translation function ``t``. One module per page; pure functions (numbers in,
translated Markdown out), so they are tested without AppTest."""
