# The book's chapter 19 Model, for `python -m purenn step tests/data/model_train.py`
import purenn

purenn.init()
X, y = purenn.spiral_data(samples=100, classes=3)

model = purenn.Model()
model.add(purenn.Layer_Dense(2, 64))
model.add(purenn.Activation_ReLU())
model.add(purenn.Layer_Dense(64, 3))
model.add(purenn.Activation_Softmax())
model.set(loss=purenn.Loss_CategoricalCrossentropy(), optimizer=purenn.Optimizer_Adam(),
          accuracy=purenn.Accuracy_Categorical())
model.finalize()

model.train(X, y, epochs=1, batch_size=32)
