// One object to put into a recording's container: its name, what it is, where its bytes come
// from (a local file, or bytes made at the dock such as a bookmark or the GNSS track), their size
// and MD5 (the ETag the store must answer), and its metadata by API key (values not yet encoded).
namespace BodyCamDevice.Firmware.Offload.Bwi;

public enum StoreObjectKind
{
    Clip,
    Key,
    Manifest,
    Bookmark,
    GnssTrack,
    GnssTrackKey,
    CategoryRecord,
}

/// <param name="ClipIndex">The clip it belongs to (1-based); 0 for the recording's own objects.</param>
/// <param name="LocalPath">The file sent; null when <paramref name="Bytes"/> are.</param>
public sealed record StoreObjectPlan(
    string Name,
    StoreObjectKind Kind,
    int ClipIndex,
    string? LocalPath,
    byte[]? Bytes,
    long Size,
    string Md5,
    string ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Metadata);

/// <param name="ContainerMetadata">By API key, without Status (the upload sets it).</param>
/// <param name="Notes">What was left out and why (e.g. a track the store did not ask for).</param>
public sealed record RecordingLayout(
    string Container,
    IReadOnlyList<KeyValuePair<string, string>> ContainerMetadata,
    IReadOnlyList<StoreObjectPlan> Objects,
    IReadOnlyList<string> Notes);
