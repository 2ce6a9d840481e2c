"""Reading a page's typed inputs: pure functions from the text in a field to the numbers a page
uses, raising ``ce_ui.inputs.InputProblem`` with a message naming the field. One module per page."""
