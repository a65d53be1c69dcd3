using System.Runtime.InteropServices;
using Xunit;

namespace Paddle.Interop.Tests;

[Collection(NativeCollection.Name)]
public unsafe class NativeMethodsTests
{
    private static string Utf8(byte* p) => Marshal.PtrToStringUTF8((nint)p) ?? "";

    private static (long bytes, long tensors, long storages, long nodes) LiveStats()
    {
        long b, t, s, n;
        NativeMethods.pd_live_stats(&b, &t, &s, &n);
        return (b, t, s, n);
    }

    [Fact]
    public void LoadsThroughTheResolverAndReportsVersions()
    {
        var version = Utf8(NativeMethods.pd_version());
        Assert.False(string.IsNullOrWhiteSpace(version));
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        Assert.Equal(NativeMethods.PD_ABI_VERSION, NativeMethods.pd_abi_version());
        Assert.NotEqual(0, NativeLibraryLoader.Load());
    }

    [Fact]
    public void CreateFromDataRoundTripsAndReleasesThroughSafeHandle()
    {
        var baseline = LiveStats();
        long[] shape = { 2, 3 };
        float[] data = { 1, 2, 3, 4, 5, 6 };

        TensorHandle t;
        fixed (long* ps = shape)
        fixed (float* pd = data)
        {
            var st = NativeMethods.pd_tensor_create_from_data((int)pd_dtype.PD_FLOAT32, ps, shape.Length,
                (int)pd_place_kind.PD_PLACE_CPU, pd, data.Length * sizeof(float), out t);
            Assert.True(st == pd_status.PD_OK, Utf8(NativeMethods.pd_last_error_message()));
        }

        using (t)
        {
            Assert.False(t.IsInvalid);
            var during = LiveStats();
            Assert.Equal(baseline.tensors + 1, during.tensors);
            Assert.True(during.bytes >= baseline.bytes + data.Length * sizeof(float));

            int ndim, dtype;
            Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_ndim(t, &ndim));
            Assert.Equal(2, ndim);
            var got = new long[ndim];
            fixed (long* pg = got) Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_shape(t, pg, ndim));
            Assert.Equal(shape, got);
            Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_dtype(t, &dtype));
            Assert.Equal(pd_dtype.PD_FLOAT32, (pd_dtype)dtype);
            long numel;
            Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_numel(t, &numel));
            Assert.Equal(6, numel);

            var back = new float[6];
            fixed (float* pb = back)
                Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_copy_to(t, pb, back.Length * sizeof(float)));
            Assert.Equal(data, back);

            // A second reference through retain, wrapped by FromOwned-style SafeHandle, also goes away on Dispose.
            Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_retain(t, out var t2));
            t2.Dispose();
        }

        Assert.True(t.IsClosed);
        Assert.Equal(baseline, LiveStats());
    }

    [Fact]
    public void ReleasedAndDoubleReleasedRawHandlesAreErrorsNotCrashes()
    {
        var baseline = LiveStats();
        long[] shape = { 4 };
        nint raw;
        fixed (long* ps = shape)
        {
            Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_create((int)pd_dtype.PD_FLOAT32, ps, 1,
                (int)pd_place_kind.PD_PLACE_CPU, out var owned));
            raw = owned.DangerousGetHandle();
            owned.SetHandleAsInvalid();   // take the reference out of the SafeHandle: released by hand below
        }
        Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_release(raw));
        Assert.Equal(baseline, LiveStats());

        // The same value again: defined, reported, and nothing else is disturbed.
        Assert.Equal(pd_status.PD_INVALID_ARGUMENT, NativeMethods.pd_tensor_release(raw));
        Assert.Contains("is not a live tensor", Utf8(NativeMethods.pd_last_error_message()));
        using (var dead = TensorHandle.FromOwned(raw))
        {
            long numel;
            Assert.Equal(pd_status.PD_INVALID_ARGUMENT, NativeMethods.pd_tensor_numel(dead, &numel));
            Assert.StartsWith("pd_tensor_numel: tensor handle", Utf8(NativeMethods.pd_last_error_message()));
        }   // its SafeHandle release fails quietly: Dispose must not throw

        // A made-up value and NULL.
        Assert.Equal(pd_status.PD_INVALID_ARGUMENT, NativeMethods.pd_tensor_release(unchecked((nint)0xDEADBEEF0)));
        Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_release(0));
        Assert.Equal(baseline, LiveStats());
    }

    [Fact]
    public void FromOwnedReleasesARawReference()
    {
        var baseline = LiveStats();
        long[] shape = { 4 };
        fixed (long* ps = shape)
        {
            Assert.Equal(pd_status.PD_OK, NativeMethods.pd_tensor_create((int)pd_dtype.PD_INT64, ps, 1,
                (int)pd_place_kind.PD_PLACE_CPU, out var t));
            // Hand the reference over as a raw pointer, then wrap it again.
            var raw = t.DangerousGetHandle();
            t.SetHandleAsInvalid();
            using var owned = TensorHandle.FromOwned(raw);
            Assert.False(owned.IsInvalid);
            Assert.Equal(baseline.tensors + 1, LiveStats().tensors);
        }
        Assert.Equal(baseline, LiveStats());
    }

    [Fact]
    public void NegativeDimensionIsAnInvalidArgumentWithAMessage()
    {
        var baseline = LiveStats();
        long[] shape = { 2, -1 };
        fixed (long* ps = shape)
        {
            var st = NativeMethods.pd_tensor_create((int)pd_dtype.PD_FLOAT32, ps, shape.Length,
                (int)pd_place_kind.PD_PLACE_CPU, out var t);
            Assert.Equal(pd_status.PD_INVALID_ARGUMENT, st);
            Assert.True(t.IsInvalid);
            t.Dispose();
        }
        var message = Utf8(NativeMethods.pd_last_error_message());
        Assert.Contains("negative dimension", message);
        Assert.Equal(pd_status.PD_INVALID_ARGUMENT, NativeMethods.pd_last_error_status());
        Assert.Equal(baseline, LiveStats());
    }

    [Fact]
    public void StringParametersAreMarshalledAsUtf8()
    {
        int opId;
        var st = NativeMethods.pd_op_lookup("no_such_op_\u00e9", &opId);
        Assert.Equal(pd_status.PD_NOT_FOUND, st);
        Assert.Contains("no_such_op_\u00e9", Utf8(NativeMethods.pd_last_error_message()));
    }
}
