// Trains a 2-layer MLP on two interleaved spirals with Paddle.NET autograd and plain SGD.
// Run: dotnet run --project samples/MlpSpirals -c Release
using Paddle;
using F = Paddle.paddle.nn.functional;

const int PointsPerClass = 200, Hidden = 128, Epochs = 1000;
const double LearningRate = 0.2;

paddle.seed(2024);
var (features, labels) = MakeSpirals(PointsPerClass, seed: 7);
using var x = paddle.to_tensor(features);   // [400, 2] float32
using var y = paddle.to_tensor(labels);     // [400, 1] int64

// Parameters, trainable (stop_gradient = false). Wide first-layer init so the ReLU kinks cover
// the whole input square from the start.
using var w1 = paddle.uniform(new[] { 2, Hidden }, min: -4.0, max: 4.0);
using var b1 = paddle.uniform(new[] { Hidden }, min: -2.0, max: 2.0);
using var w2 = paddle.uniform(new[] { Hidden, 2 }, min: -0.3, max: 0.3);
using var b2 = paddle.zeros(new[] { 2 });
Tensor[] parameters = { w1, b1, w2, b2 };
foreach (var p in parameters) p.stop_gradient = false;

for (int epoch = 0; epoch <= Epochs; epoch++)
{
    // Every intermediate tensor of the step is freed when the scope closes.
    using var scope = paddle.NewScope();
    var hidden = F.relu(paddle.matmul(x, w1) + b1);
    var logits = paddle.matmul(hidden, w2) + b2;
    var loss = F.cross_entropy(logits, y);
    loss.backward();
    foreach (var p in parameters)
    {
        var g = p.grad!;
        p.set_value(p - g * LearningRate);
        p.clear_gradient();
    }
    if (epoch % 200 == 0)
    {
        double accuracy = Accuracy(logits, labels);
        Console.WriteLine($"epoch {epoch,4}  loss {loss.item<float>():F4}  accuracy {accuracy:P1}");
    }
}

using (paddle.NewScope())
{
    var logits = paddle.matmul(F.relu(paddle.matmul(x, w1) + b1), w2) + b2;
    Console.WriteLine($"final accuracy {Accuracy(logits, labels):P1}");
}

static double Accuracy(Tensor logits, long[,] labels)
{
    bool[] cls1 = (logits[.., 1] > logits[.., 0]).ToArray<bool>();
    int correct = 0;
    for (int i = 0; i < cls1.Length; i++) if ((cls1[i] ? 1 : 0) == labels[i, 0]) correct++;
    return (double)correct / cls1.Length;
}

// Two interleaved spirals (class 0 and class 1), with a little noise.
static (float[,] X, long[,] Y) MakeSpirals(int n, int seed)
{
    var rng = new Random(seed);
    var xs = new float[2 * n, 2];
    var ys = new long[2 * n, 1];
    for (int c = 0; c < 2; c++)
    {
        for (int i = 0; i < n; i++)
        {
            double r = (double)i / n * 5.0;
            double t = 1.25 * i / n * 2 * Math.PI + c * Math.PI;
            int row = c * n + i;
            xs[row, 0] = (float)(r * Math.Sin(t) / 5.0 + rng.NextDouble() * 0.04);
            xs[row, 1] = (float)(r * Math.Cos(t) / 5.0 + rng.NextDouble() * 0.04);
            ys[row, 0] = c;
        }
    }
    return (xs, ys);
}
