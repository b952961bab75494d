using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CifarLab.Web.Api;

/// <summary>
/// Describes <see cref="RunConfig"/> in the OpenAPI document from the option schema (<see cref="RunOptions.All"/>):
/// each property's description (help and allowed values), range (exclusive where the schema says so), enum values
/// and default, so the API reference states exactly what the validator enforces.
/// </summary>
public sealed class RunConfigSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type == typeof(RunConfig) && schema.Properties is { } properties)
        {
            foreach (var name in properties.Keys.ToList())
            {
                if (RunOptions.Find(name) is { } option)
                {
                    properties[name] = Describe(option);
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>One option's property schema, built from the option alone.</summary>
    public static OpenApiSchema Describe(RunOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        var defaults = new RunConfig();
        var schema = new OpenApiSchema { Title = option.Label };
        switch (option)
        {
            case NumberOption number:
                schema.Type = JsonSchemaType.Number;
                schema.Format = "double";
                if (number.MinExclusive)
                {
                    schema.ExclusiveMinimum = Text(number.Min);
                }
                else
                {
                    schema.Minimum = Text(number.Min);
                }
                schema.Maximum = Text(number.Max);
                schema.Default = JsonValue.Create(number.Get(defaults));
                break;
            case IntegerOption integer:
                schema.Type = JsonSchemaType.Integer;
                schema.Format = "int32";
                schema.Minimum = Text(integer.Min);
                schema.Maximum = Text(integer.Max);
                schema.Default = JsonValue.Create(integer.Get(defaults));
                break;
            case FlagOption flag:
                schema.Type = JsonSchemaType.Boolean;
                schema.Default = JsonValue.Create(flag.Get(defaults));
                break;
            case ChoiceOption choice:
                schema.Type = JsonSchemaType.String;
                schema.Enum = choice.Choices.Select(c => (JsonNode)JsonValue.Create(JsonName(c.Value))).ToList();
                schema.Default = JsonValue.Create(JsonName(choice.Current(defaults).Value));
                break;
            default:
                schema.Type = JsonSchemaType.String;
                schema.Default = JsonValue.Create(option.Format(defaults));
                break;
        }
        // The API writes and reads enum values in camelCase; everything else is allowed as the schema words it.
        var allowed = option is ChoiceOption values ? string.Join(", ", values.Choices.Select(c => JsonName(c.Value))) : option.Allowed;
        schema.Description = $"{option.Help}. Allowed: {allowed}.";
        return schema;
    }

    private static string JsonName(string enumName) => JsonNamingPolicy.CamelCase.ConvertName(enumName);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
