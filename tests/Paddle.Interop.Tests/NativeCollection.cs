using Xunit;

namespace Paddle.Interop.Tests;

/// <summary>Tests that call the native library run one at a time so pd_live_stats baselines are exact.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeCollection
{
    public const string Name = "native";
}
