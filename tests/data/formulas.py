# The book's chapter 14-16 training step (L2, dropout, sigmoid, binary cross-entropy) and
# chapter 5's categorical cross-entropy, for `python -m purenn step tests/data/formulas.py
# [OPTIMIZER]` (OPTIMIZER: adam, the default, sgd, momentum, adagrad or rmsprop)
import sys

import purenn

purenn.init()
X, y = purenn.spiral_data(samples=100, classes=2)
# Reshape labels to be a list of lists (the book: y = y.reshape(-1, 1))
y = [[label] for label in y]

dense1 = purenn.Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
activation1 = purenn.Activation_ReLU()
dropout1 = purenn.Layer_Dropout(0.1)
dense2 = purenn.Layer_Dense(64, 1)
activation2 = purenn.Activation_Sigmoid()
loss_function = purenn.Loss_BinaryCrossentropy()
optimizers = {
    "adam": purenn.Optimizer_Adam(decay=5e-7),
    "sgd": purenn.Optimizer_SGD(),
    "momentum": purenn.Optimizer_SGD(decay=1e-3, momentum=0.9),
    "adagrad": purenn.Optimizer_Adagrad(decay=1e-4),
    "rmsprop": purenn.Optimizer_RMSprop(decay=1e-4),
}
optimizer = optimizers[sys.argv[1] if len(sys.argv) > 1 else "adam"]

dense1.forward(X)
activation1.forward(dense1.output)
dropout1.forward(activation1.output)
dense2.forward(dropout1.output)
activation2.forward(dense2.output)
data_loss = loss_function.calculate(activation2.output, y)
regularization_loss = loss_function.regularization_loss(dense1)

loss_function.backward(activation2.output, y)
activation2.backward(loss_function.dinputs)
dense2.backward(activation2.dinputs)
dropout1.backward(dense2.dinputs)
activation1.backward(dropout1.dinputs)
dense1.backward(activation1.dinputs)

optimizer.pre_update_params()
optimizer.update_params(dense1)
optimizer.update_params(dense2)
optimizer.post_update_params()

# Chapter 5: categorical cross-entropy on a softmax's output
softmax = purenn.Activation_Softmax()
softmax.forward(dense1.output[:3])
categorical_loss = purenn.Loss_CategoricalCrossentropy()
loss = categorical_loss.calculate(softmax.output, [0, 1, 1])
