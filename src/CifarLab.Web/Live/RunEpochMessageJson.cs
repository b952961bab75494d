using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CifarLab.Web.Live;

/// <summary>
/// Writes a <see cref="RunEpochMessage"/> as one flat object, { runId, epoch, trainLoss, ... }, the shape hub clients
/// have always received, while the message itself carries the engine's <see cref="EpochMetrics"/> unchanged.
/// </summary>
internal sealed class RunEpochMessageJson : JsonConverter<RunEpochMessage>
{
    public override RunEpochMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject node)
        {
            throw new JsonException("A RunEpoch message must be a JSON object.");
        }
        var runId = node.FirstOrDefault(p => string.Equals(p.Key, nameof(RunEpochMessage.RunId), StringComparison.OrdinalIgnoreCase)).Value
            ?? throw new JsonException("A RunEpoch message needs its runId.");
        var metrics = node.Deserialize<EpochMetrics>(options) ?? throw new JsonException("A RunEpoch message needs its metrics.");
        return new RunEpochMessage(runId.GetValue<int>(), metrics);
    }

    public override void Write(Utf8JsonWriter writer, RunEpochMessage value, JsonSerializerOptions options)
    {
        var metrics = JsonSerializer.SerializeToNode(value.Metrics, options)?.AsObject() ?? [];
        writer.WriteStartObject();
        writer.WriteNumber(options.PropertyNamingPolicy?.ConvertName(nameof(RunEpochMessage.RunId)) ?? nameof(RunEpochMessage.RunId), value.RunId);
        foreach (var (name, field) in metrics)
        {
            writer.WritePropertyName(name);
            if (field is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                field.WriteTo(writer, options);
            }
        }
        writer.WriteEndObject();
    }
}
