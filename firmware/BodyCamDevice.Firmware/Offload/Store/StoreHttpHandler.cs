// The HTTP stack the offload talks to the store through: HttpClient's SocketsHttpHandler, with the
// connection file's certificates pinned when it lists any (HTTPS), and plain HTTP otherwise. No
// redirects (a token must not follow one to another host), no cookies, no proxy from the
// environment (the store's address is the connection file's).
using System.Net;

namespace BodyCamDevice.Firmware.Offload.Store;

public static class StoreHttpHandler
{
    public static SocketsHttpHandler Create(PinnedCertificates? pinned, TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = connectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            // Swift answers a PUT's Expect: 100-continue at once; a refusal (401, 507) then comes
            // before the body is sent.
            Expect100ContinueTimeout = TimeSpan.FromSeconds(1),
        };
        if (pinned is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = pinned.Validate;
        }

        return handler;
    }
}
