using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace CifarLab.Training.Checkpoints;

/// <summary>
/// The safetensors format (huggingface/safetensors): 8-byte little-endian header length, a JSON
/// header mapping names to dtype/shape/byte offsets (plus string metadata), then raw little-endian
/// tensor bytes. PyTorch loads it with `safetensors.torch.load_file`, so this is the
/// framework-neutral export of a run's weights.
/// </summary>
public static class SafeTensors
{
    private static readonly Dictionary<ScalarType, string> DTypeNames = new()
    {
        [ScalarType.Float32] = "F32", [ScalarType.Float64] = "F64", [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16", [ScalarType.Int64] = "I64", [ScalarType.Int32] = "I32",
        [ScalarType.Byte] = "U8", [ScalarType.Int8] = "I8", [ScalarType.Bool] = "BOOL",
    };

    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null, RunStorage? storage = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var scope = NewDisposeScope();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata)
            {
                meta[k] = v;
            }
            header["__metadata__"] = meta;
        }
        var blobs = new List<Tensor>();
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var t = tensor.detach().cpu().contiguous();
            if (!DTypeNames.TryGetValue(t.dtype, out var dtype))
            {
                throw new NotSupportedException($"safetensors export: tensor '{name}' has dtype {t.dtype}, which this writer does not map.");
            }
            var size = t.NumberOfElements * t.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
            blobs.Add(t);
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8; // keep the data 8-byte aligned, padding with spaces as the spec allows
        AtomicFile.Write(path, stream =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            stream.Write(len);
            stream.Write(json);
            for (var i = json.Length; i < padded; i++)
            {
                stream.WriteByte((byte)' ');
            }
            foreach (var t in blobs)
            {
                if (t.NumberOfElements > 0)
                {
                    stream.Write(t.bytes);
                }
            }
        }, storage);
    }

    /// <summary>Reads every tensor (on the CPU) and the metadata. Caller disposes the tensors.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (shorter than its 8-byte header length).");
        }
        var headerLen = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLen <= 0 || 8 + headerLen > bytes.Length)
        {
            throw new InvalidDataException($"{path}: safetensors header length {headerLen} does not fit a {bytes.Length}-byte file.");
        }
        var header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLen))?.AsObject()
            ?? throw new InvalidDataException($"{path}: empty safetensors header.");
        var dataStart = 8 + headerLen;
        var tensors = new Dictionary<string, Tensor>();
        var meta = new Dictionary<string, string>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (k, v) in node!.AsObject())
                {
                    meta[k] = v!.GetValue<string>();
                }
                continue;
            }
            var dtypeName = node!["dtype"]!.GetValue<string>();
            var dtype = DTypeNames.FirstOrDefault(kv => kv.Value == dtypeName).Key;
            if (!DTypeNames.TryGetValue(dtype, out var known) || known != dtypeName)
            {
                throw new InvalidDataException($"{path}: tensor '{name}' has unsupported dtype {dtypeName}.");
            }
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offs = node["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (offs.Length != 2 || offs[0] < 0 || offs[1] < offs[0] || dataStart + offs[1] > bytes.Length)
            {
                throw new InvalidDataException($"{path}: tensor '{name}' has data offsets outside the file.");
            }
            var t = empty(shape, dtype);
            var span = t.bytes;
            if (span.Length != offs[1] - offs[0])
            {
                t.Dispose();
                throw new InvalidDataException($"{path}: tensor '{name}' holds {offs[1] - offs[0]} bytes but shape [{string.Join(",", shape)}] of {dtypeName} needs {span.Length}.");
            }
            bytes.AsSpan((int)(dataStart + offs[0]), span.Length).CopyTo(span);
            tensors[name] = t;
        }
        return (tensors, meta);
    }

    public static Dictionary<string, string> ReadMetadata(string path)
    {
        var (tensors, meta) = Read(path);
        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }
        return meta;
    }

    internal static string ToJson(object value) => JsonSerializer.Serialize(value);
}
