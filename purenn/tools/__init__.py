"""The tools around the book: nothing here is the book's arithmetic.

    calculator, expression   ``python -m purenn``: the book's computations on your numbers
    stepping                 ``python -m purenn step SCRIPT``: pdb that skips the machinery
    printing                 ``purenn.show`` and ``array_str``: arrays printed as NumPy prints them
    progress                 the Model's log, Keras' bar, plain lines
    notebook                 ``%load_ext purenn`` and every class's display in Jupyter
    cli                      the command-line options every chapter example shares
    book_logs                the book's training logs, and where purenn's depart from them
    web, browser, svg        ``python -m purenn web``: the page that runs the chapters in
                             Pyodide, what its worker calls, and the pictures it draws
    mnist_images             ``python -m purenn mnist-images``: the book's folder of PNGs
"""
