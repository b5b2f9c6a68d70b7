"""Optional reference: PyTorch's autograd and optimizers (skipped when torch is absent).

The hyper-parameters are mapped explicitly: PyTorch's eps defaults differ from the book's
1e-7, RMSprop's ``alpha`` is the book's ``rho``, and Adam's ``betas`` are ``beta_1, beta_2``.
Book momentum equals PyTorch's only while the learning rate is constant (no decay).
Everything runs in float64; the tolerance covers only the order of float64 operations.
"""
import pytest

import purenn

torch = pytest.importorskip("torch")

RELATIVE = 1e-12
STEPS = 6


def gradients(step):
    """Gradients for a (3, 2) weight array and a (1, 2) bias row that change every step."""
    stream = purenn.random.RandomState(seed=100 + step)
    return stream.randn(3, 2), stream.randn(1, 2)


def run_purenn(optimizer, engine):
    ops = optimizer.ops
    layer = purenn.Layer_Dense(3, 2, engine=ops)
    layer.weights = ops.array(purenn.random.RandomState(seed=7).randn(3, 2))
    layer.biases = ops.array([[0.5, -0.25]])
    for step in range(STEPS):
        dweights, dbiases = gradients(step)
        layer.dweights, layer.dbiases = ops.array(dweights), ops.array(dbiases)
        optimizer.pre_update_params()
        optimizer.update_params(layer)
        optimizer.post_update_params()
    return ops.to_list(layer.weights), ops.to_list(layer.biases)


def run_torch(make_optimizer):
    weights = torch.tensor(purenn.random.RandomState(seed=7).randn(3, 2), dtype=torch.float64,
                           requires_grad=True)
    biases = torch.tensor([[0.5, -0.25]], dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([weights, biases])
    for step in range(STEPS):
        dweights, dbiases = gradients(step)
        weights.grad = torch.tensor(dweights, dtype=torch.float64)
        biases.grad = torch.tensor(dbiases, dtype=torch.float64)
        optimizer.step()
    return weights.detach().tolist(), biases.detach().tolist()


def flat(arrays):
    return [x for array in arrays for row in array for x in row]


def assert_close(mine, gold):
    assert flat(mine) == pytest.approx(flat(gold), rel=RELATIVE), f"mine {mine}\ngold {gold}"


CASES = {
    "sgd": (lambda: purenn.Optimizer_SGD(learning_rate=0.5),
            lambda p: torch.optim.SGD(p, lr=0.5)),
    "sgd-momentum": (lambda: purenn.Optimizer_SGD(learning_rate=0.5, momentum=0.9),
                     lambda p: torch.optim.SGD(p, lr=0.5, momentum=0.9)),
    "adagrad-decay": (lambda: purenn.Optimizer_Adagrad(learning_rate=0.5, decay=1e-2),
                      lambda p: torch.optim.Adagrad(p, lr=0.5, lr_decay=1e-2, eps=1e-7)),
    "rmsprop": (lambda: purenn.Optimizer_RMSprop(learning_rate=0.02, rho=0.999),
                lambda p: torch.optim.RMSprop(p, lr=0.02, alpha=0.999, eps=1e-7)),
    "adam": (lambda: purenn.Optimizer_Adam(learning_rate=0.05, beta_1=0.8, beta_2=0.99),
             lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-7)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_optimizer_matches_pytorch(name, engine):
    purenn.init(dtype="float64", engine=engine)
    make_mine, make_gold = CASES[name]
    assert_close(run_purenn(make_mine(), engine), run_torch(make_gold))


def test_book_momentum_with_decay_is_not_pytorch_momentum(engine):
    # With decay, the book scales the whole update by the current rate; PyTorch scales its
    # momentum buffer by it: after a few steps the weights differ well beyond rounding.
    purenn.init(dtype="float64", engine=engine)
    mine = run_purenn(purenn.Optimizer_SGD(learning_rate=0.5, decay=0.5, momentum=0.9), engine)
    gold = run_torch(lambda p: torch.optim.SGD(p, lr=0.5, momentum=0.9))
    assert flat(mine) != pytest.approx(flat(gold), rel=1e-3)


def test_combined_softmax_crossentropy_gradient_matches_autograd(engine):
    purenn.init(dtype="float64", engine=engine)
    logits = purenn.random.RandomState(seed=3).randn(5, 4)
    labels = [0, 3, 1, 1, 2]
    combined = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()
    loss = combined.forward(logits, labels)
    combined.backward(combined.output, labels)
    gold_logits = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    gold_loss = torch.nn.functional.cross_entropy(gold_logits, torch.tensor(labels))
    gold_loss.backward()
    assert float(loss) == pytest.approx(gold_loss.item(), rel=RELATIVE)
    mine = [x for row in combined.ops.to_list(combined.dinputs) for x in row]
    gold = [x for row in gold_logits.grad.tolist() for x in row]
    assert mine == pytest.approx(gold, rel=RELATIVE, abs=1e-15)
