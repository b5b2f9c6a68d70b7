# The book's chapter 4 forward pass, for `python -m purenn step tests/data/forward_pass.py`
import purenn

purenn.init()
X, y = purenn.spiral_data(samples=100, classes=3)

dense1 = purenn.Layer_Dense(2, 3)
activation1 = purenn.Activation_ReLU()
dense2 = purenn.Layer_Dense(3, 3)
activation2 = purenn.Activation_Softmax()

dense1.forward(X)
activation1.forward(dense1.output)
dense2.forward(activation1.output)
activation2.forward(dense2.output)

purenn.show(activation2.output[:5])
