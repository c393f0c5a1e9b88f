// One JSON shape for the API, the event stream and the clients that read them. Types come from
// the source-generated ControlApiJsonContext: Options knows those and nothing else, and the
// server's own options ask the context first.
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BodyCamDevice.ControlApi.Contracts;

public static class ControlApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>The error body, for answers written outside an endpoint's own result.</summary>
    public static JsonTypeInfo<ErrorView> ErrorViewInfo => (JsonTypeInfo<ErrorView>)Options.GetTypeInfo(typeof(ErrorView));

    /// <summary>
    /// Applies the API's settings to <paramref name="options"/> (ASP.NET Core's own instance).
    /// The context goes first in the resolver chain; a host that allows reflection keeps it behind
    /// (the emulator's page endpoints), the device's trimmed build has none.
    /// </summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        if (!options.TypeInfoResolverChain.Contains(ControlApiJsonContext.Default))
        {
            options.TypeInfoResolverChain.Insert(0, ControlApiJsonContext.Default);
        }

        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;

        // Readable with curl: error messages quote field names ('activ'), which the default
        // encoder writes as \u0027. The answers are JSON for clients, never embedded in HTML.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
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
