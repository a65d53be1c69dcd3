namespace Paddle;

public static partial class paddle
{
    /// <summary><c>paddle.fluid</c>: the 1.x-style API kept in 2.0 (LoD tensors, fluid.layers).</summary>
    public static partial class fluid
    {
        /// <summary><c>paddle.fluid.layers</c>.</summary>
        public static partial class layers
        {
        }
    }

    /// <summary><c>paddle.vision</c>.</summary>
    public static partial class vision
    {
        /// <summary><c>paddle.vision.ops</c>.</summary>
        public static partial class ops
        {
        }
    }
}
