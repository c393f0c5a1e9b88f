// Why a request to the evidence store failed, sorted by what the offload does about it. The
// message names the request and says what the store answered (status and the start of its body)
// or what failed on the way.
using System.Net;

namespace BodyCamDevice.Firmware.Offload.Store;

public enum StoreFailureKind
{
    /// <summary>400: the store can never take this content. The recording is kept, "not transferred".</summary>
    Rejected,

    /// <summary>401 after a fresh token, or the credentials refused: nothing more this dock.</summary>
    Unauthorized,

    /// <summary>402: no licence for this camera or user.</summary>
    LicenceRequired,

    /// <summary>403: the account may not do this.</summary>
    Forbidden,

    /// <summary>404 where the object or container should exist.</summary>
    NotFound,

    /// <summary>422 or an answered ETag that is not the MD5 sent: the body arrived damaged.</summary>
    Corrupt,

    /// <summary>503: the store is busy; back off and retry.</summary>
    Busy,

    /// <summary>507: the store is full; stop until the next dock.</summary>
    Full,

    /// <summary>500, 502, 504 and other server errors; retried like a network failure.</summary>
    ServerError,

    /// <summary>Connection refused or reset, DNS, a request that made no progress: back off and retry.</summary>
    Transport,

    /// <summary>The server's certificate is not one the connection file pins.</summary>
    CertificateRefused,

    /// <summary>A local file could not be read while it was sent.</summary>
    LocalFile,

    /// <summary>An answer the API does not allow (no token, a storage URL of the wrong scheme, …).</summary>
    Unexpected,
}

public sealed class StoreException(StoreFailureKind kind, string message, HttpStatusCode? status = null, Exception? inner = null)
    : Exception(message, inner)
{
    public StoreFailureKind Kind { get; } = kind;

    public HttpStatusCode? Status { get; } = status;

    /// <summary>Worth retrying after a back-off.</summary>
    public bool IsTransient => Kind is StoreFailureKind.Busy or StoreFailureKind.ServerError or StoreFailureKind.Transport;

    /// <summary>Nothing else can succeed this dock either: the offload stops.</summary>
    public bool StopsOffload => Kind is StoreFailureKind.Unauthorized or StoreFailureKind.LicenceRequired
        or StoreFailureKind.Forbidden or StoreFailureKind.Full or StoreFailureKind.CertificateRefused;

    public static StoreFailureKind KindOf(HttpStatusCode status) => (int)status switch
    {
        400 => StoreFailureKind.Rejected,
        401 => StoreFailureKind.Unauthorized,
        402 => StoreFailureKind.LicenceRequired,
        403 => StoreFailureKind.Forbidden,
        404 => StoreFailureKind.NotFound,
        422 => StoreFailureKind.Corrupt,
        503 => StoreFailureKind.Busy,
        507 => StoreFailureKind.Full,
        >= 500 => StoreFailureKind.ServerError,
        _ => StoreFailureKind.Unexpected,
    };
}
