using System.Globalization;
using System.Text;

namespace Paddle;

/// <summary>Formats tensors as Paddle 2.x prints them:
/// <c>Tensor(shape=[2, 3], dtype=float32, place=Place(cpu), stop_gradient=True,</c> then the
/// values NumPy-style (aligned columns, "1." for integral floats, summarised with "..." past
/// 1000 elements).</summary>
internal static class TensorPrinter
{
    private const int Threshold = 1000, EdgeItems = 3;

    public static string Format(Tensor t)
    {
        if (t.IsDisposed) return "Tensor(disposed)";
        long[] dims = t.shape;
        DType dt = t.dtype;
        var sb = new StringBuilder();
        sb.Append("Tensor(shape=").Append(Tensor.ShapeString(dims)).Append(", dtype=").Append(dt.Name)
          .Append(", place=").Append(t.place).Append(", stop_gradient=").Append(t.stop_gradient ? "True" : "False")
          .Append(",\n       ");
        string[] cells = Cells(t, dt, out int count);
        long n = cells.Length;
        bool summarize = t.size > Threshold;
        int width = 0;
        foreach (var c in cells) width = Math.Max(width, c.Length);
        if (dims.Length == 0)
        {
            sb.Append(cells.Length > 0 ? cells[0] : "");
        }
        else
        {
            long pos = 0;
            Append(sb, dims, 0, cells, ref pos, width, summarize, 8);
        }
        sb.Append(')');
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, long[] dims, int d, string[] cells, ref long pos, int width, bool summarize, int indent)
    {
        long size = dims[d];
        sb.Append('[');
        bool cut = summarize && size > 2 * EdgeItems;
        for (long i = 0; i < size; i++)
        {
            if (cut && i == EdgeItems)
            {
                sb.Append("...");
                long skip = size - 2 * EdgeItems;
                long inner = 1;
                for (int k = d + 1; k < dims.Length; k++) inner *= dims[k];
                pos += skip * inner;
                i += skip - 1;
                if (d == dims.Length - 1) sb.Append(", "); else sb.Append(",\n").Append(' ', indent);
                continue;
            }
            if (d == dims.Length - 1)
            {
                sb.Append(cells[pos++].PadLeft(width));
                if (i < size - 1) sb.Append(", ");
            }
            else
            {
                Append(sb, dims, d + 1, cells, ref pos, width, summarize, indent + 1);
                if (i < size - 1)
                {
                    sb.Append(',');
                    sb.Append('\n', dims.Length - d - 1);
                    sb.Append(' ', indent);
                }
            }
        }
        sb.Append(']');
    }

    private static string[] Cells(Tensor t, DType dt, out int count)
    {
        Array flat = FlatValues(t, dt);
        count = flat.Length;
        var cells = new string[flat.Length];
        if (dt.IsFloatingPoint)
        {
            var v = new double[flat.Length];
            for (int i = 0; i < v.Length; i++) v[i] = ToDouble(flat.GetValue(i)!);
            bool allIntegral = true;
            double maxAbs = 0;
            foreach (var x in v)
            {
                if (double.IsFinite(x)) { maxAbs = Math.Max(maxAbs, Math.Abs(x)); if (x != Math.Floor(x)) allIntegral = false; }
            }
            bool sci = maxAbs >= 1e8 || (maxAbs > 0 && maxAbs < 1e-4);
            for (int i = 0; i < v.Length; i++) cells[i] = FormatFloat(v[i], allIntegral, sci);
        }
        else if (dt == DType.@bool)
        {
            // NumPy pads booleans on the right: [True , False].
            bool anyFalse = false;
            for (int i = 0; i < flat.Length; i++) anyFalse |= !(bool)flat.GetValue(i)!;
            for (int i = 0; i < flat.Length; i++) cells[i] = (bool)flat.GetValue(i)! ? (anyFalse ? "True " : "True") : "False";
        }
        else
        {
            for (int i = 0; i < flat.Length; i++) cells[i] = Convert.ToString(flat.GetValue(i), CultureInfo.InvariantCulture)!;
        }
        return cells;
    }

    private static double ToDouble(object o) => o switch
    {
        float f => f, double d => d, Half h => (double)h, BFloat16 b => (float)b, _ => Convert.ToDouble(o, CultureInfo.InvariantCulture),
    };

    private static string FormatFloat(double x, bool integral, bool sci)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsPositiveInfinity(x)) return "inf";
        if (double.IsNegativeInfinity(x)) return "-inf";
        if (sci) return x.ToString("0.00000000e+00", CultureInfo.InvariantCulture);
        if (integral) return x.ToString("0", CultureInfo.InvariantCulture) + ".";
        return x.ToString("F8", CultureInfo.InvariantCulture);
    }

    private static Array FlatValues(Tensor t, DType dt)
    {
        if (dt == DType.float32) return t.ToArray<float>();
        if (dt == DType.float64) return t.ToArray<double>();
        if (dt == DType.int32) return t.ToArray<int>();
        if (dt == DType.int64) return t.ToArray<long>();
        if (dt == DType.@bool) return t.ToArray<bool>();
        if (dt == DType.int16) return t.ToArray<short>();
        if (dt == DType.int8) return t.ToArray<sbyte>();
        if (dt == DType.uint8) return t.ToArray<byte>();
        if (dt == DType.float16) return t.ToArray<Half>();
        if (dt == DType.bfloat16) return t.ToArray<BFloat16>();
        if (dt == DType.complex64) return t.ToArray<ComplexFloat>();
        return t.ToArray<System.Numerics.Complex>();
    }
}
