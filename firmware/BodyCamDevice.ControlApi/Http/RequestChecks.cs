// Checks every endpoint of the control API makes before it acts: which query parameters it
// takes (a misspelt "sinse" must not quietly mean "the whole trace"), whether it takes a body at
// all, and every number against its range (a press of 1e308 ms or a NaN window is a 400 naming
// the field and the range, never a 500 from deep inside).
using System.Globalization;
using BodyCamDevice.ControlApi.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BodyCamDevice.ControlApi.Http;

internal static class RequestChecks
{
    /// <summary>
    /// The endpoint takes the query parameters <paramref name="query"/> (case-insensitive, as
    /// ASP.NET Core binds them) and, unless <paramref name="body"/>, no body.
    /// </summary>
    public static TBuilder Takes<TBuilder>(this TBuilder endpoint, bool body = false, params string[] query)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            if (request.Query.Keys.FirstOrDefault(key => !query.Contains(key, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            {
                var takes = query.Length == 0 ? "no query parameters" : string.Join(", ", query);
                return Invalid($"Unknown query parameter '{unknown}'; {request.Method} {request.Path} takes {takes}.");
            }

            if (!body && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
            {
                return Invalid($"{request.Method} {request.Path} takes no body.");
            }

            return await next(context);
        });

    /// <summary>
    /// A query parameter as a number: null and <paramref name="value"/> null when absent; a 400
    /// naming it when it is not a number. Parsed here rather than bound by ASP.NET Core, whose
    /// binding failure is a bare 400 that says nothing about which parameter or why.
    /// </summary>
    public static IResult? Number(string field, string? text, out double? value)
    {
        value = null;
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return Invalid($"{field} must be a number, not '{text}'.");
        }

        value = number;
        return null;
    }

    /// <summary>Null when <paramref name="value"/> is absent or from <paramref name="minimum"/> to <paramref name="maximum"/>; else a 400 naming it.</summary>
    public static IResult? Range(string field, double? value, double minimum, double maximum, string unit = "")
    {
        if (value is not { } number || (double.IsFinite(number) && number >= minimum && number <= maximum))
        {
            return null;
        }

        return Invalid($"{field} must be from {Text(minimum)} to {Text(maximum)}{unit}, not {Text(number)}.");
    }

    /// <summary>As <see cref="Range"/>, but the minimum itself is not allowed.</summary>
    public static IResult? RangeAbove(string field, double? value, double minimum, double maximum, string unit = "")
    {
        if (value is not { } number || (double.IsFinite(number) && number > minimum && number <= maximum))
        {
            return null;
        }

        return Invalid($"{field} must be more than {Text(minimum)} and at most {Text(maximum)}{unit}, not {Text(number)}.");
    }

    /// <summary>A time on the rig timeline (since, until): milliseconds, finite, within <see cref="RequestLimits.LargestTimeMs"/> either way.</summary>
    public static IResult? Time(string field, double? value) => Range(field, value, -RequestLimits.LargestTimeMs, RequestLimits.LargestTimeMs, " ms");

    public static IResult Invalid(string message) => Results.BadRequest(new ErrorView(message));

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
