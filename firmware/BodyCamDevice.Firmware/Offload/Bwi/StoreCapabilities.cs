// What the store supports, from System/Capabilities.json ({"Read":{},"Store":{},"StoreAndRead":{}}
// of name → true). A missing or malformed file means none; FullStoreAndReadSupport in the
// connection file means all. Only the capabilities this camera acts on are kept.
using System.Text.Json;

namespace BodyCamDevice.Firmware.Offload.Bwi;

public sealed record StoreCapabilities(
    bool ReadCategories,
    bool StoreBookmarks,
    bool StoreGnssTrackRecording,
    bool StoreRejectedContent,
    bool StoreSignedVideo)
{
    public static StoreCapabilities None { get; } = new(false, false, false, false, false);

    public static StoreCapabilities All { get; } = new(true, true, true, true, true);

    /// <summary>The capabilities a file declares; None when it is not the published shape.</summary>
    public static StoreCapabilities Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return None;
            }

            var declared = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in document.RootElement.EnumerateObject())
            {
                if (group.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var capability in group.Value.EnumerateObject())
                {
                    if (capability.Value.ValueKind == JsonValueKind.True)
                    {
                        declared.Add(capability.Name);
                    }
                }
            }

            return new(
                declared.Contains("ReadCategories"),
                declared.Contains("StoreBookmarks"),
                declared.Contains("StoreGNSSTrackRecording"),
                declared.Contains("StoreRejectedContent"),
                declared.Contains("StoreSignedVideo"));
        }
        catch (JsonException)
        {
            return None;
        }
    }
}
