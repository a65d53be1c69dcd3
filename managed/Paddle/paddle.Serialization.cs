using Paddle.Serialization;

namespace Paddle;

/// <summary>Which file format <see cref="paddle.save"/> writes.</summary>
public enum SaveFormat
{
    /// <summary>By the path's extension: <c>.pdparams</c>, <c>.pdopt</c>, <c>.pkl</c> and
    /// <c>.pickle</c> get <see cref="Pickle"/>, every other path <see cref="PaddleNet"/>.</summary>
    Auto,
    /// <summary>Paddle.NET's own checkpoint format (header, typed records, CRC-32C trailer;
    /// see README "Checkpoint format").</summary>
    PaddleNet,
    /// <summary>The pickle Python Paddle 2.x <c>paddle.load</c> reads (protocol 2, 3 or 4).</summary>
    Pickle,
}

public static partial class paddle
{
    /// <summary>
    /// <c>paddle.save(obj, path, protocol=4)</c>: saves a Tensor, a (nested) state dict
    /// (<c>IDictionary</c> with string or integer keys), lists/arrays of them, numeric .NET arrays
    /// (saved as tensors), and plain values (string, byte[], bool, integers, floating-point numbers,
    /// null). The write is atomic: the file appears complete under <paramref name="path"/> or the
    /// previous file stays untouched. Missing parent directories are created.
    /// <para><paramref name="format"/> <see cref="SaveFormat.Auto"/> writes the pickle format that
    /// Python Paddle loads for <c>.pdparams</c>/<c>.pdopt</c>/<c>.pkl</c>/<c>.pickle</c> paths (with
    /// <paramref name="protocol"/>), and Paddle.NET's checkpoint format otherwise.</para>
    /// </summary>
    /// <exception cref="ArgumentException">protocol outside 2..4, a path that is a directory, a
    /// reference cycle.</exception>
    /// <exception cref="NotSupportedException">an object of a type that cannot be saved.</exception>
    public static void save(object? obj, string path, int protocol = 4, SaveFormat format = SaveFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (protocol < 2 || protocol > 4)
            throw new ArgumentException($"paddle.save: expected 1 < protocol < 5, but received protocol={protocol}", nameof(protocol));
        if (path.Length == 0) throw new ArgumentException("paddle.save: the path is empty", nameof(path));
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full) || path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
            throw new ArgumentException($"paddle.save: the path '{path}' is a directory; expected a file path such as 'model.pdparams'", nameof(path));
        if (format == SaveFormat.Auto)
        {
            string ext = Path.GetExtension(full).ToLowerInvariant();
            format = ext is ".pdparams" or ".pdopt" or ".pkl" or ".pickle" ? SaveFormat.Pickle : SaveFormat.PaddleNet;
        }
        if (format != SaveFormat.Pickle && format != SaveFormat.PaddleNet)
            throw new ArgumentException($"paddle.save: unknown format {format}", nameof(format));
        AtomicWrite(full, s =>
        {
            if (format == SaveFormat.Pickle) PickleWriter.Write(s, obj, protocol);
            else PaddleBinaryFormat.Write(s, obj);
        });
    }

    /// <summary>
    /// <c>paddle.load(path)</c>: reads a file written by <see cref="save"/> (either format) or by
    /// Python Paddle 2.x <c>paddle.save</c> (<c>.pdparams</c>/<c>.pdopt</c> pickles, protocols 2–5).
    /// Returns a Tensor, <c>Dictionary&lt;string, object?&gt;</c> (or
    /// <c>Dictionary&lt;object, object?&gt;</c> when a key is not a string), <c>List&lt;object?&gt;</c>
    /// (Python lists and tuples), string, byte[], long (all integers), double (all floats, NumPy
    /// scalars included), bool or null. NumPy arrays become Tensors (numpy uint16 = bfloat16, as in
    /// Paddle). For a Python state dict, the "StructuredToParameterName@@" name table is dropped
    /// unless <paramref name="keep_name_table"/>, and split big parameters ("UnpackBigParamInfor@@")
    /// are joined again. The caller owns the returned tensors.
    /// </summary>
    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="InvalidDataException">the file is truncated, corrupted, of another format,
    /// or a pickle that uses anything beyond what Paddle writes (such pickles are never executed).</exception>
    public static object? load(string path, bool keep_name_table = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            if (Directory.Exists(path))
                throw new ArgumentException($"paddle.load: '{path}' is a directory; expected a file written by paddle.save", nameof(path));
            throw new FileNotFoundException($"paddle.load: the path '{path}' to load does not exist", path);
        }
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        Span<byte> head = stackalloc byte[8];
        int n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        fs.Position = 0;
        if (PaddleBinaryFormat.HasMagic(head)) return PaddleBinaryFormat.Read(fs, path);
        if (PickleReader.LooksLikePickle(head)) return PickleReader.Read(fs, path, keep_name_table);
        if (n == 0) throw new InvalidDataException($"paddle.load: '{path}' is empty");
        if (n < 8 && "PDNETCKP"u8.StartsWith(head))
            throw new InvalidDataException($"paddle.load: '{path}' is truncated: only {n} bytes of a Paddle.NET checkpoint header");
        throw new InvalidDataException(
            $"paddle.load: '{path}' is neither a Paddle.NET checkpoint nor a Python Paddle pickle (it starts with bytes {Convert.ToHexString(head)}); " +
            "inference models (.pdmodel/.pdiparams) are not loaded by paddle.load");
    }

    /// <summary>Writes through a temporary file in the same directory, fsyncs it and renames it
    /// over <paramref name="path"/>; on any failure the temporary file is removed and the target
    /// is left as it was.</summary>
    internal static void AtomicWrite(string path, Action<Stream> write)
    {
        string dir = Path.GetDirectoryName(path) ?? ".";
        if (dir.Length > 0) Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
