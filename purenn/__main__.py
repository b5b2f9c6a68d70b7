"""``python -m purenn``: the teaching calculator (see purenn/tools/calculator.py), and

    python -m purenn step SCRIPT [ARGS...]   run a script under pdb, stepping only into the
                                             book's arithmetic (purenn/tools/stepping.py)
    python -m purenn web                     serve the page that runs the chapters in the
                                             browser (purenn/tools/web.py)
    python -m purenn mnist-images            write the book's chapter 19 folder of PNG
                                             images (purenn/tools/mnist_images.py)
"""
import sys


def main(argv=None):
    """Dispatch ``step``, ``web`` and ``mnist-images`` to their tools, everything else to the calculator."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["step"]:
        from .tools.stepping import main as step
        return step(argv[1:])
    if argv[:1] == ["web"]:
        from .tools.web import main as web
        return web(argv[1:])
    if argv[:1] == ["mnist-images"]:
        from .tools.mnist_images import main as mnist_images
        return mnist_images(argv[1:])
    from .tools.calculator import main as calculate
    return calculate(argv)


if __name__ == "__main__":
    sys.exit(main())
