// The program tests/Paddle.Package.Tests (ConsumptionTests) puts into a brand-new console project
// that references nothing but the Paddle-cpu package. It prints where the engine and its bundled
// libraries were loaded from, trains a linear regression for a few SGD steps with autograd, and runs
// multiclass_nms on a case computed by hand; the test checks every printed line.
using System.Globalization;
using Paddle;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"native version {paddle.Runtime.Version}");

// y = 3·x0 − 2·x1 + 0.5, learned from zeros by plain gradient descent on the mean squared error.
float[,] xs = { { 0.5f, 1.0f }, { 1.5f, -0.5f }, { -1.0f, 2.0f }, { 2.0f, 0.0f },
                { 0.0f, -1.5f }, { -0.5f, -1.0f }, { 1.0f, 1.0f }, { -2.0f, 0.5f } };
var ys = new float[8, 1];
for (int i = 0; i < 8; i++) ys[i, 0] = 3 * xs[i, 0] - 2 * xs[i, 1] + 0.5f;
using var x = paddle.to_tensor(xs);
using var y = paddle.to_tensor(ys);
using var w = paddle.zeros(new[] { 2, 1 });
using var b = paddle.zeros(new[] { 1 });
w.stop_gradient = false;
b.stop_gradient = false;
const float LearningRate = 0.15f;
for (int step = 0; step < 12; step++)
{
    using var scope = paddle.NewScope();
    var loss = paddle.mean(paddle.square(paddle.matmul(x, w) + b - y));
    loss.backward();
    w.set_value(w - w.grad! * LearningRate);
    b.set_value(b - b.grad! * LearningRate);
    w.clear_gradient();
    b.clear_gradient();
    Console.WriteLine($"step {step} loss {loss.item<float>():R}");
}
var wv = w.ToArray<float>();
Console.WriteLine($"learned w0 {wv[0]:R} w1 {wv[1]:R} b {b.ToArray<float>()[0]:R}");

// One image, four boxes, classes 0 (background), 1 and 2. Boxes 0 and 1 overlap with IoU 81/119.
using var boxes = paddle.to_tensor(new float[,,] { { { 0, 0, 10, 10 }, { 1, 1, 11, 11 }, { 20, 20, 30, 30 }, { 50, 50, 60, 60 } } });
using var scores = paddle.to_tensor(new float[,,] { { { 0.10f, 0.20f, 0.30f, 0.40f },
                                                      { 0.90f, 0.80f, 0.70f, 0.05f },
                                                      { 0.30f, 0.95f, 0.20f, 0.60f } } });
using var nms = paddle.fluid.layers.multiclass_nms(boxes, scores, score_threshold: 0.1, nms_top_k: 10, keep_top_k: 10,
                                                   nms_threshold: 0.5, normalized: true);
Console.WriteLine($"nms shape [{string.Join(", ", nms.shape)}] lod [{string.Join(", ", nms.lod()[0])}]");
var rows = nms.ToArray<float>();
for (int r = 0; r < rows.Length / 6; r++)
    Console.WriteLine($"nms {rows[6 * r]:0} {rows[6 * r + 1]:0.00} {rows[6 * r + 2]:0} {rows[6 * r + 3]:0} {rows[6 * r + 4]:0} {rows[6 * r + 5]:0}");

// Which files the dynamic loader mapped: the package's copies, not the system's.
if (OperatingSystem.IsLinux())
{
    var maps = File.ReadAllLines("/proc/self/maps");
    foreach (var lib in new[] { "libpaddle_native.so", "libdnnl.so.2", "libgomp.so.1", "libOpenCL.so.1" })
    {
        var path = maps.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                       .Where(f => f.Length >= 6 && Path.GetFileName(f[5]) == lib)
                       .Select(f => f[5]).FirstOrDefault() ?? "(not loaded)";
        Console.WriteLine($"loaded {lib} from {Path.GetDirectoryName(path)}");
    }
}
