// One JSON shape for the API, the event stream and the clients that read them.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BodyCamDevice.ControlApi.Contracts;

public static class ControlApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the API's settings to <paramref name="options"/> (ASP.NET Core's own instance).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        if (!options.Converters.Any(converter => converter is JsonStringEnumConverter))
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        }

        if (!options.Converters.Any(converter => converter is UtcTimeConverter))
        {
            options.Converters.Add(new UtcTimeConverter());
        }

        return options;
    }
}
