using ScottPlot;

namespace Paddle.Bench.Report;

/// <summary>
/// ratios.png: one horizontal bar per ratio on a log₂ axis (bars left of 1× = Paddle.NET faster).
/// Managed cases get two bars (vs managed C#, vs ORT), native cases one (vs plain C++).
/// </summary>
internal static class RatioChart
{
    private static readonly Color VsManaged = Colors.SteelBlue, VsOrt = Colors.DarkOrange, VsCpp = Colors.SeaGreen;

    public static void Save(string path, List<BenchResult> managed, NativeResults? native)
    {
        // SkiaSharp's fontconfig-free Linux build reads fonts from /usr/share/fonts; with none it
        // draws a chart without a single label (text measures 0 wide) instead of failing.
        using (var probe = new SkiaSharp.SKFont(SkiaSharp.SKTypeface.Default, 12))
            if (!(probe.MeasureText("ratio") > 0))
                throw new InvalidOperationException("no fonts found for the chart's text: install a TrueType font, e.g. apt-get install fonts-dejavu-core");
        var rows = new List<(string label, (double? ratio, Color color)[] bars)>();
        foreach (var c in managed.Cases())
            rows.Add((c.Name, new[] { (c.VsManaged, VsManaged), (c.VsOrt, VsOrt) }));
        if (native is not null)
            foreach (var p in native.Pairs.Where(p => p.Side == "paddle"))
                rows.Add(("native " + p.Case, new (double?, Color)[] { (p.Ratio, VsCpp) }));

        var plot = new Plot();
        var bars = new List<Bar>();
        var tickPos = new List<double>();
        var tickLabels = new List<string>();
        double lo = 0, hi = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            double y = rows.Count - 1 - i;   // first row on top
            tickPos.Add(y);
            tickLabels.Add(rows[i].label);
            var present = rows[i].bars.Where(b => b.ratio is > 0).ToArray();
            double size = 0.8 / Math.Max(1, present.Length);
            for (int j = 0; j < present.Length; j++)
            {
                double v = Math.Log2(present[j].ratio!.Value);
                lo = Math.Min(lo, v); hi = Math.Max(hi, v);
                bars.Add(new Bar
                {
                    Position = y + 0.4 - size * (j + 0.5),
                    Value = v,
                    Size = size * 0.9,
                    FillColor = present[j].color,
                    LineWidth = 0,
                    Label = present[j].ratio!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
        var bp = plot.Add.Bars(bars);
        bp.Horizontal = true;
        bp.ValueLabelStyle.FontSize = 10;

        var one = plot.Add.VerticalLine(0);
        one.Color = Colors.Black;
        one.LineWidth = 1.5f;

        int tlo = (int)Math.Floor(lo) - 1, thi = (int)Math.Ceiling(hi) + 1;
        var xTicks = Enumerable.Range(tlo, thi - tlo + 1).Select(e => (double)e).ToArray();
        var xLabels = xTicks.Select(e => e >= 0 ? $"{Math.Pow(2, e):0.##}×" : $"1/{Math.Pow(2, -e):0}×").ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xTicks, xLabels);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(tickPos.ToArray(), tickLabels.ToArray());
        plot.Axes.SetLimits(tlo, thi, -0.7, rows.Count - 0.3);

        plot.Title("Paddle.NET time / other time (log scale; left of 1× = Paddle.NET faster)");
        plot.XLabel("ratio");
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "vs managed C#", FillColor = VsManaged });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "vs ONNX Runtime", FillColor = VsOrt });
        if (native is not null) plot.Legend.ManualItems.Add(new LegendItem { LabelText = "native engine vs plain C++", FillColor = VsCpp });
        plot.ShowLegend(Edge.Bottom);
        plot.Font.Set("DejaVu Sans");

        plot.SavePng(path, 1100, 160 + 34 * rows.Count);
    }
}
