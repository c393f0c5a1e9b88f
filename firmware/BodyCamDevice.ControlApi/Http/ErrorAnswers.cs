// Every error answer of the control API carries {"error": "..."}, as docs/control-api.md promises:
// those of the endpoints (which write their own), those ASP.NET Core gives a request that cannot
// be bound to its endpoint (malformed or mistyped JSON, a missing body, a Content-Type that is not
// JSON, a query value that is not a number: BadHttpRequestException, described by RequestErrors),
// those Kestrel gives a body above RequestLimits.LargestBodyBytes (413), and those no endpoint
// produced at all (no such route: 404, wrong method: 405).
using BodyCamDevice.ControlApi.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace BodyCamDevice.ControlApi.Http;

internal static class ErrorAnswers
{
    /// <summary>Goes first in the pipeline, so it sees every answer.</summary>
    public static void UseErrorAnswers(this WebApplication app)
    {
        app.UseStatusCodePages(WriteBodilessErrorAsync);
        app.Use(AnswerBadRequestsAsync);
    }

    private static async Task AnswerBadRequestsAsync(HttpContext context, RequestDelegate next)
    {
        // A body that says its size is refused before anything reads it, on every endpoint (those
        // without a body too); Kestrel then reads and drops the rest (up to its own, larger
        // limit), so the client gets this answer rather than a reset connection. A body sent in
        // chunks is cut off where it passes the limit.
        var request = context.Request;
        if (request.ContentLength > RequestLimits.LargestBodyBytes)
        {
            await WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, RequestErrors.TooLarge);
            return;
        }

        if (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0)
        {
            request.Body = new CappedRequestBody(request.Body, RequestLimits.LargestBodyBytes);
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteAsync(context.Response, exception.StatusCode, RequestErrors.Describe(exception));
        }
    }

    // Answers no endpoint wrote a body for (UseStatusCodePages leaves answers with a body alone).
    private static Task WriteBodilessErrorAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var request = context.Request;
        var message = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"No such endpoint: {request.Method} {request.Path}. docs/control-api.md lists them.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}; it takes {context.Response.Headers.Allow}.",
            StatusCodes.Status413PayloadTooLarge => RequestErrors.TooLarge,
            StatusCodes.Status415UnsupportedMediaType => RequestErrors.NotJson(request.ContentType),
            var code => $"{code} {ReasonPhrases.GetReasonPhrase(code)}: {request.Method} {request.Path}",
        };
        return WriteAsync(context.Response, context.Response.StatusCode, message);
    }

    private static Task WriteAsync(HttpResponse response, int statusCode, string message)
    {
        response.StatusCode = statusCode;
        return response.WriteAsJsonAsync(new ErrorView(message), ControlApiJson.ErrorViewInfo);
    }
}
