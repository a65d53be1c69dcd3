namespace DetectionService;

internal static class Tensors
{
    /// <summary>
    /// A float32 tensor of the request's shape, registered in the current DisposeScope. The
    /// engine's own limits (rank at most 9) come back with the field name in front.
    /// </summary>
    public static Tensor From(string field, DenseTensor d)
    {
        try
        {
            // reshape reads 0 as "copy this input dimension", so zero-size tensors are made directly.
            return d.Data.Length == 0
                ? paddle.zeros(d.Shape, DType.float32)
                : paddle.reshape(paddle.to_tensor(d.Data), d.Shape);
        }
        catch (PaddleArgumentException e)
        {
            throw new RequestValidationException($"{field}: {e.Message}", e);
        }
    }
}
