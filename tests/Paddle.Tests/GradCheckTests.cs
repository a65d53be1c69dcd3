using F = Paddle.paddle.nn.functional;

namespace Paddle.Tests;

/// <summary>Every differentiable op of the first set, against central differences.</summary>
public class GradCheckTests
{
    [Fact] public void Add() => T.GradCheck(a => paddle.add(a[0], a[1]), new[] { T.R(1, 2, 3), T.R(2, 3) });
    [Fact] public void Subtract() => T.GradCheck(a => paddle.subtract(a[0], a[1]), new[] { T.R(1, 2, 1), T.R(2, 1, 3) });
    [Fact] public void Multiply() => T.GradCheck(a => paddle.multiply(a[0], a[1]), new[] { T.R(1, 2, 3), T.R(2, 2, 3) });
    [Fact] public void Divide() => T.GradCheck(a => paddle.divide(a[0], a[1]), new[] { T.R(1, 2, 3), T.Pos(2, 3) });
    [Fact] public void Pow() => T.GradCheck(a => paddle.pow(a[0], a[1]), new[] { T.Pos(1, 2, 3), T.R(2, 2, 3) });
    [Fact] public void Maximum() => T.GradCheck(a => paddle.maximum(a[0], a[1]), new[] { T.R(1, 2, 3), T.R(2, 2, 3) });
    [Fact] public void Minimum() => T.GradCheck(a => paddle.minimum(a[0], a[1]), new[] { T.R(1, 2, 3), T.R(2, 3) });
    [Fact] public void Exp() => T.GradCheck(a => paddle.exp(a[0]), new[] { T.R(1, 2, 3) });
    [Fact] public void Log() => T.GradCheck(a => paddle.log(a[0]), new[] { T.Pos(1, 2, 3) });
    [Fact] public void Sqrt() => T.GradCheck(a => paddle.sqrt(a[0]), new[] { T.Pos(1, 2, 3) });
    [Fact] public void Abs() => T.GradCheck(a => paddle.abs(a[0]), new[] { T.R(1, 2, 3) });
    [Fact] public void Sin() => T.GradCheck(a => paddle.sin(a[0]), new[] { T.R(1, 4) });
    [Fact] public void Cos() => T.GradCheck(a => paddle.cos(a[0]), new[] { T.R(1, 4) });
    [Fact] public void Tanh() => T.GradCheck(a => paddle.tanh(a[0]), new[] { T.R(1, 4) });
    [Fact] public void Square() => T.GradCheck(a => paddle.square(a[0]), new[] { T.R(1, 4) });
    [Fact] public void Scale() => T.GradCheck(a => paddle.scale(a[0], 2.5, 1.0), new[] { T.R(1, 4) });
    [Fact] public void Clip() => T.GradCheck(a => paddle.clip(a[0], -0.5, 0.5), new[] { T.R(5, 6) });
    [Fact] public void Sum() => T.GradCheck(a => paddle.sum(a[0], axis: 1, keepdim: true), new[] { T.R(1, 2, 3) });
    [Fact] public void SumAll() => T.GradCheck(a => paddle.sum(a[0]), new[] { T.R(1, 2, 3) });
    [Fact] public void Mean() => T.GradCheck(a => paddle.mean(a[0], axis: 0), new[] { T.R(1, 2, 3) });
    [Fact] public void Max() => T.GradCheck(a => paddle.max(a[0], axis: -1), new[] { T.R(1, 2, 3) });
    [Fact] public void Min() => T.GradCheck(a => paddle.min(a[0]), new[] { T.R(1, 2, 3) });
    [Fact] public void Prod() => T.GradCheck(a => paddle.prod(a[0], axis: 1), new[] { T.R(1, 2, 3) });
    [Fact] public void Matmul() => T.GradCheck(a => paddle.matmul(a[0], a[1]), new[] { T.R(1, 2, 3), T.R(2, 3, 4) });
    [Fact] public void MatmulBatchedTransposed() =>
        T.GradCheck(a => paddle.matmul(a[0], a[1], transpose_x: true, transpose_y: true), new[] { T.R(1, 2, 3, 2), T.R(2, 4, 3) });
    [Fact] public void MatmulVector() => T.GradCheck(a => paddle.matmul(a[0], a[1]), new[] { T.R(1, 3), T.R(2, 3, 2) });
    [Fact] public void Reshape() => T.GradCheck(a => paddle.reshape(a[0], new[] { 3, 2 }) * a[1], new[] { T.R(1, 2, 3), T.R(2, 3, 2) });
    [Fact] public void Transpose() => T.GradCheck(a => paddle.transpose(a[0], new[] { 1, 0 }) * a[1], new[] { T.R(1, 2, 3), T.R(2, 3, 2) });
    [Fact] public void Concat() => T.GradCheck(a => paddle.concat(new[] { a[0], a[1] }, axis: 1), new[] { T.R(1, 2, 3), T.R(2, 2, 2) });
    [Fact] public void Split() => T.GradCheck(a => paddle.split(a[0], 2, axis: 1)[1] * 3.0, new[] { T.R(1, 2, 4) });
    [Fact] public void Slice() => T.GradCheck(a => paddle.slice(a[0], new[] { 1 }, new[] { 1 }, new[] { 3 }), new[] { T.R(1, 2, 4) });
    [Fact] public void Gather() => T.GradCheck(a => paddle.gather(a[0], paddle.to_tensor(new long[] { 2, 0, 2 })), new[] { T.R(1, 3, 2) });
    [Fact] public void Cast() => T.GradCheck(a => paddle.cast(paddle.cast(a[0], "float32"), "float64") * a[0], new[] { T.R(1, 3) }, eps: 1e-3, tol: 1e-3);
    [Fact] public void Indexing() => T.GradCheck(a => a[0][1.., TensorIndex.Slice(null, null, -1)], new[] { T.R(1, 3, 3) });
    [Fact] public void Relu() => T.GradCheck(a => F.relu(a[0]), new[] { T.R(1, 2, 5) });
    [Fact] public void Sigmoid() => T.GradCheck(a => F.sigmoid(a[0]), new[] { T.R(1, 2, 5) });
    [Fact] public void Softmax() => T.GradCheck(a => F.softmax(a[0]), new[] { T.R(1, 2, 5) });
    [Fact] public void SoftmaxAxis0() => T.GradCheck(a => F.softmax(a[0], axis: 0), new[] { T.R(1, 3, 2) });
    [Fact] public void CrossEntropy() =>
        T.GradCheck(a => F.cross_entropy(a[0], paddle.to_tensor(new long[] { 1, 0, 3 })), new[] { T.R(1, 3, 4) });
}
