// Paddle's dotted path is the C# path: the tensor type is `paddle.Tensor`. Inside this assembly
// (and in code that adds the same alias) it is simply `Tensor`.
global using Tensor = Paddle.paddle.Tensor;
