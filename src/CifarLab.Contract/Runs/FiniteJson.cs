using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CifarLab.Contract;

/// <summary>
/// The one form a NaN or infinite number takes in everything the lab writes (CLI JSON, run files, the REST API, the
/// live hub, CSV, the database): null, i.e. "no valid value"; the run's error says why. System.Text.Json would
/// otherwise throw on such a number and take the whole output down with it.
/// </summary>
public static class FiniteJson
{
    /// <summary>The value when finite, otherwise null.</summary>
    public static double? OrNull(double value) => double.IsFinite(value) ? value : null;

    /// <inheritdoc cref="OrNull(double)"/>
    public static double? OrNull(double? value) => value is { } v ? OrNull(v) : null;

    /// <summary>Adds the converter that writes non-finite doubles as null to <paramref name="options"/> and returns them.</summary>
    public static JsonSerializerOptions WriteNonFiniteAsNull(this JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new NonFiniteAsNullConverter());
        return options;
    }

    /// <summary>
    /// Writes NaN/±infinity as null; reads numbers as usual (and numeric strings only where the options allow them).
    /// Nullable doubles use it too (System.Text.Json wraps it), so a null read back is a null again.
    /// </summary>
    private sealed class NonFiniteAsNullConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String
                && options.NumberHandling.HasFlag(JsonNumberHandling.AllowReadingFromString)
                && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
            return reader.GetDouble();
        }

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
