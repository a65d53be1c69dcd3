namespace Paddle.Tests;
public class SmokeTests
{
    [Fact]
    public void AddTwoTensors()
    {
        using var x = paddle.to_tensor(new float[] { 1, 2, 3 });
        using var y = paddle.to_tensor(new float[] { 4, 5, 6 });
        using var z = paddle.add(x, y);
        Assert.Equal(new float[] { 5, 7, 9 }, z.ToArray<float>());
    }
}
