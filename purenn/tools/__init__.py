"""The tools around the book: nothing here is the book's arithmetic.

    calculator, expression   ``python -m purenn``: the book's computations on your numbers
    stepping                 ``python -m purenn step SCRIPT``: pdb that skips the machinery
    printing                 ``purenn.show`` and ``array_str``: arrays printed as NumPy prints them
    progress                 the Model's log, Keras' bar, plain lines
    cli                      the command-line options every chapter example shares
    book_logs                the book's training logs, and where purenn's depart from them
"""
