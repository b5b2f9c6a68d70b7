"""Optimizers: SGD with decay and momentum, AdaGrad, RMSprop and Adam (book chapter 10).

Each optimizer is used the book's way, once per training step:

    optimizer.pre_update_params()     # decay the learning rate
    optimizer.update_params(dense1)   # change a layer's weights and biases
    optimizer.update_params(dense2)
    optimizer.post_update_params()    # count the step

Learning-rate decay (1/t): ``current_learning_rate = learning_rate / (1 + decay * iterations)``.

Every hyperparameter is checked when the optimizer is created and kept as a Python float
(a NumPy float64 would turn the numpy engine's float32 arrays into float64 ones):
``learning_rate``, ``decay`` and ``momentum`` >= 0 (as PyTorch checks them); ``epsilon`` > 0
(it keeps the division away from 0); ``rho`` in [0, 1] and ``beta_1``, ``beta_2`` in [0, 1)
(moving-average rates; a beta of 1 would make Adam's correction divide by 1 - 1 = 0).

As in the book, the per-parameter state (``weight_momentums``, ``weight_cache``, ...) lives on
the layer; ``Layer_Dense.__init__`` declares it as None so a debugger shows it from the start.
"""
from .engine.config import get_engine
from .engine.shapes import check_parameters, check_real
from .tools.notebook import optimizer_text, pretty


class _Optimizer:
    """What every chapter 10 optimizer shares: learning-rate decay and the step count."""

    # The constructor arguments, in order, that __repr__ shows
    _hyperparameters = ("learning_rate", "decay")

    def __init__(self, learning_rate, decay, engine):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        # Differs from book: each hyperparameter is checked and kept as a Python float.
        self.learning_rate = check_real(learning_rate, "learning_rate", minimum=0)
        self.current_learning_rate = self.learning_rate
        self.decay = check_real(decay, "decay", minimum=0)
        self.iterations = 0

    def __repr__(self):
        settings = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._hyperparameters)
        return (f"{type(self).__name__}({settings}, current_learning_rate="
                f"{self.current_learning_rate!r}, iterations={self.iterations})")

    # In a notebook: the repr, the current learning rate, steps and hyperparameters
    _repr_pretty_ = pretty(optimizer_text)

    def pre_update_params(self):
        """Call once before any parameter updates: decays the learning rate."""
        if self.decay:
            self.current_learning_rate = self.learning_rate * \
                (1. / (1. + self.decay * self.iterations))

    def post_update_params(self):
        """Call once after all parameter updates: counts the step."""
        self.iterations += 1

    def _create_cache(self, layer):
        """Give the layer cache arrays filled with zeros, if it has none yet."""
        if layer.weight_cache is None:
            layer.weight_cache = self.ops.zeros_like(layer.weights)
            layer.bias_cache = self.ops.zeros_like(layer.biases)


class Optimizer_SGD(_Optimizer):
    """Stochastic gradient descent, with optional 1/t decay and momentum.

    Convention: the book's momentum keeps the update itself,
    ``update = momentum * previous_update - current_learning_rate * gradient``. PyTorch's SGD
    keeps ``buf = momentum * buf + gradient`` and steps by ``lr * buf``: the two agree only
    while the learning rate is constant (no decay).
    """

    _hyperparameters = ("learning_rate", "decay", "momentum")

    def __init__(self, learning_rate=1., decay=0., momentum=0., engine=None):
        super().__init__(learning_rate, decay, engine)
        self.momentum = check_real(momentum, "momentum", minimum=0)

    def update_params(self, layer):
        """Change ``layer.weights`` and ``layer.biases`` by one step against the gradient."""
        ops = self.ops
        # If we use momentum
        if self.momentum:
            # If the layer has no momentum arrays yet, create them filled with zeros
            if layer.weight_momentums is None:
                layer.weight_momentums = ops.zeros_like(layer.weights)
                layer.bias_momentums = ops.zeros_like(layer.biases)
            # Differs from book: what the update reads is checked (a learner may have
            # edited it), and replaced on the layer by its copy
            check_parameters(ops, layer, "weight_momentums", "bias_momentums")
            # Build weight updates with momentum: the previous updates multiplied by the
            # retain factor, minus the current gradients times the learning rate; keep them
            # as the momentums and update the weights with them; then the biases
            # Differs from book: new arrays replace the old ones instead of += in place.
            layer.weights, layer.weight_momentums = ops.sgd_momentum(
                layer.weights, layer.dweights, layer.weight_momentums, self)
            layer.biases, layer.bias_momentums = ops.sgd_momentum(
                layer.biases, layer.dbiases, layer.bias_momentums, self)
        # Vanilla SGD updates (as before momentum update)
        else:
            check_parameters(ops, layer)
            # Differs from book: a new array replaces the old one instead of += in place.
            layer.weights = ops.sgd(layer.weights, layer.dweights, self)
            layer.biases = ops.sgd(layer.biases, layer.dbiases, self)


class Optimizer_Adagrad(_Optimizer):
    """AdaGrad: each parameter's step divided by the root of its summed squared gradients.

    Convention: epsilon is added outside the square root, ``sqrt(cache) + epsilon``, as in
    PyTorch's Adagrad (pass ``eps=1e-7`` there: its default is 1e-10).
    """

    _hyperparameters = ("learning_rate", "decay", "epsilon")

    def __init__(self, learning_rate=1., decay=0., epsilon=1e-7, engine=None):
        super().__init__(learning_rate, decay, engine)
        self.epsilon = check_real(epsilon, "epsilon", above=0)

    def update_params(self, layer):
        """Add the squared gradients to the layer's cache, then take a normalized step."""
        ops = self.ops
        # If the layer has no cache arrays yet, create them filled with zeros
        self._create_cache(layer)
        # Differs from book: what the update reads is checked (a learner may have edited
        # it), and replaced on the layer by its copy
        check_parameters(ops, layer, "weight_cache", "bias_cache")
        # Update cache with squared current gradients; vanilla SGD parameter update +
        # normalization with the square-rooted cache; the weights, then the biases
        layer.weights, layer.weight_cache = ops.adagrad(
            layer.weights, layer.dweights, layer.weight_cache, self)
        layer.biases, layer.bias_cache = ops.adagrad(
            layer.biases, layer.dbiases, layer.bias_cache, self)


class Optimizer_RMSprop(_Optimizer):
    """RMSprop: like AdaGrad, but the cache is a moving average of squared gradients.

    Convention: the book's ``rho`` is PyTorch's ``alpha`` (cache decay rate); epsilon is added
    outside the square root, as in PyTorch (pass ``eps=1e-7``: its default is 1e-8).
    """

    _hyperparameters = ("learning_rate", "decay", "epsilon", "rho")

    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9, engine=None):
        super().__init__(learning_rate, decay, engine)
        self.epsilon = check_real(epsilon, "epsilon", above=0)
        self.rho = check_real(rho, "rho", minimum=0, maximum=1)

    def update_params(self, layer):
        """Move the cache towards the squared gradients, then take a normalized step."""
        ops = self.ops
        # If the layer has no cache arrays yet, create them filled with zeros
        self._create_cache(layer)
        # Differs from book: what the update reads is checked (a learner may have edited
        # it), and replaced on the layer by its copy
        check_parameters(ops, layer, "weight_cache", "bias_cache")
        # Update cache: rho * cache + (1 - rho) * gradient ** 2; vanilla SGD parameter
        # update + normalization with the square-rooted cache; the weights, then the biases
        layer.weights, layer.weight_cache = ops.rmsprop(
            layer.weights, layer.dweights, layer.weight_cache, self)
        layer.biases, layer.bias_cache = ops.rmsprop(
            layer.biases, layer.dbiases, layer.bias_cache, self)


# The arrays Adam keeps on each layer, beside its weights and biases
ADAM_STATE = ("weight_momentums", "weight_cache", "bias_momentums", "bias_cache")


class Optimizer_Adam(_Optimizer):
    """Adam: momentum and an RMSprop cache, both bias-corrected for the first steps.

    Convention: epsilon is added outside the square root of the corrected cache, as in
    PyTorch's Adam (pass ``eps=1e-7``: its default is 1e-8); ``beta_1``, ``beta_2`` are
    PyTorch's ``betas``. The step count used in the correction is ``iterations + 1``.
    """

    _hyperparameters = ("learning_rate", "decay", "epsilon", "beta_1", "beta_2")

    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9,
                 beta_2=0.999, engine=None):
        super().__init__(learning_rate, decay, engine)
        self.epsilon = check_real(epsilon, "epsilon", above=0)
        self.beta_1 = check_real(beta_1, "beta_1", minimum=0, below=1)
        self.beta_2 = check_real(beta_2, "beta_2", minimum=0, below=1)

    def update_params(self, layer):
        """Update momentums and cache, correct both, then take a normalized step."""
        ops = self.ops
        # If the layer has no cache arrays yet, create them filled with zeros
        if layer.weight_cache is None:
            layer.weight_momentums = ops.zeros_like(layer.weights)
            layer.weight_cache = ops.zeros_like(layer.weights)
            layer.bias_momentums = ops.zeros_like(layer.biases)
            layer.bias_cache = ops.zeros_like(layer.biases)
        # Differs from book: what the update reads is checked (a learner may have edited
        # it), and replaced on the layer by its copy
        check_parameters(ops, layer, *ADAM_STATE)
        # Update momentum with current gradients; get corrected momentum (iterations is 0
        # at the first pass, and we need to start with 1); update cache with squared
        # current gradients; get corrected cache; vanilla SGD parameter update +
        # normalization with the square-rooted cache: the weights, then the biases
        layer.weights, layer.weight_momentums, layer.weight_cache = ops.adam(
            layer.weights, layer.dweights, layer.weight_momentums, layer.weight_cache, self)
        layer.biases, layer.bias_momentums, layer.bias_cache = ops.adam(
            layer.biases, layer.dbiases, layer.bias_momentums, layer.bias_cache, self)
