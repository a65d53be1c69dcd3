using Paddle.Interop;

namespace Paddle;

public static partial class paddle
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// The LoD (level of detail) offsets, Paddle's <c>Tensor.lod()</c>: one list of offsets per
        /// level (e.g. <c>[[0, 2, 5]]</c> = two sequences of 2 and 3 rows). Empty when there is none.
        /// </summary>
        public unsafe List<List<long>> lod()
        {
            int levels;
            Native.Check(NativeMethods.pd_tensor_lod_levels(Handle, &levels));
            var result = new List<List<long>>(levels);
            for (int l = 0; l < levels; l++)
            {
                long size;
                Native.Check(NativeMethods.pd_tensor_lod_level(Handle, l, null, 0, &size));
                var offsets = new long[size];
                fixed (long* p = offsets) Native.Check(NativeMethods.pd_tensor_lod_level(Handle, l, p, size, &size));
                result.Add(new List<long>(offsets));
            }
            return result;
        }

        /// <summary>Sets the LoD offsets (validated natively: each level starts at 0, never
        /// decreases, and the last level ends at the first dimension).</summary>
        public unsafe void set_lod(IReadOnlyList<IReadOnlyList<long>> lod)
        {
            ArgumentNullException.ThrowIfNull(lod);
            var sizes = new long[lod.Count];
            var flat = new List<long>();
            for (int l = 0; l < lod.Count; l++)
            {
                sizes[l] = lod[l].Count;
                flat.AddRange(lod[l]);
            }
            long[] f = flat.ToArray();
            fixed (long* pf = f)
            fixed (long* ps = sizes)
                Native.Check(NativeMethods.pd_tensor_set_lod(Handle, pf, ps, lod.Count));
        }

        /// <summary>Sets the LoD from per-sequence lengths (Paddle's <c>set_recursive_sequence_lengths</c>).</summary>
        public void set_recursive_sequence_lengths(IReadOnlyList<IReadOnlyList<long>> lengths)
        {
            ArgumentNullException.ThrowIfNull(lengths);
            var lod = new List<IReadOnlyList<long>>();
            foreach (var level in lengths)
            {
                var offsets = new List<long> { 0 };
                foreach (var n in level)
                {
                    if (n < 0) throw new ArgumentException($"set_recursive_sequence_lengths: sequence length {n} is negative");
                    offsets.Add(offsets[^1] + n);
                }
                lod.Add(offsets);
            }
            set_lod(lod);
        }

        /// <summary>Per-sequence lengths of each LoD level (<c>recursive_sequence_lengths()</c>).</summary>
        public List<List<long>> recursive_sequence_lengths()
        {
            var result = new List<List<long>>();
            foreach (var level in lod())
            {
                var lens = new List<long>();
                for (int i = 1; i < level.Count; i++) lens.Add(level[i] - level[i - 1]);
                result.Add(lens);
            }
            return result;
        }
    }
}
