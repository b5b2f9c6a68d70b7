# The book's chapter 16 pass, for `python -m purenn step tests/data/binary_pass.py`
import purenn

purenn.init()
X, y = purenn.spiral_data(samples=100, classes=2)
# Reshape labels to be a list of lists (the book: y = y.reshape(-1, 1))
y = [[label] for label in y]

dense1 = purenn.Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
activation1 = purenn.Activation_ReLU()
dense2 = purenn.Layer_Dense(64, 1)
activation2 = purenn.Activation_Sigmoid()
loss_function = purenn.Loss_BinaryCrossentropy()
optimizer = purenn.Optimizer_Adam(decay=5e-7)

# Forward pass
dense1.forward(X)
activation1.forward(dense1.output)
dense2.forward(activation1.output)
activation2.forward(dense2.output)
data_loss = loss_function.calculate(activation2.output, y)
regularization_loss = (loss_function.regularization_loss(dense1)
                       + loss_function.regularization_loss(dense2))
loss = data_loss + regularization_loss

# Backward pass
loss_function.backward(activation2.output, y)
activation2.backward(loss_function.dinputs)
dense2.backward(activation2.dinputs)
activation1.backward(dense2.dinputs)
dense1.backward(activation1.dinputs)

# Update weights and biases
optimizer.pre_update_params()
optimizer.update_params(dense1)
optimizer.update_params(dense2)
optimizer.post_update_params()

purenn.show("loss:", loss)
