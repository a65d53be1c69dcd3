namespace Paddle.Interop.Generator;

public static class Program
{
    public static int Main(string[] args) => InteropGenerator.Run(args, Console.Out, Console.Error);
}
