// Rig mode's only gate: every request must carry "Authorization: Bearer <token>". The presented
// token is compared with the configured one in constant time (both hashed to SHA-256 first, so
// neither the content nor the length leaks through timing). Anything else gets 401.
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BodyCamDevice.ControlApi.Http;

public sealed class BearerTokenAuthentication(RequestDelegate next, string token)
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsAuthorised(context.Request.Headers.Authorization.ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(new Contracts.ErrorView("A valid bearer token is required."), Contracts.ControlApiJson.ErrorViewInfo);
            return;
        }

        await next(context);
    }

    private bool IsAuthorised(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }
}
