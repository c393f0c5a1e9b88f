// What a device serial and an officer ID may be. Both go everywhere a recording goes: the serial
// into every file name (<serial>_<yyyyMMddTHHmmssZ>_<nnnn>_clipNN.mp4, at most 255 bytes), both
// into every manifest and the burnt-in watermark ("SN <serial>  ID <officer>"), and on offload
// into the evidence store's container name (<officer>_<serial>_<yyyyMMddTHHmmssZ>, a metadata
// value of at most 64 bytes) and its metadata values (URL-encoded UTF-8, at most 32 bytes each).
// Only characters that URL encoding leaves alone are allowed, so bytes = characters everywhere,
// and the lengths keep the container name at 20 + 1 + 24 + 1 + 16 = 62 bytes. '_' separates the
// parts of those names and is not allowed in either value; a leading '-' would read as an option
// on a command line (bodycam verify -x.mp4).
namespace BodyCamDevice.Firmware.Configuration;

public static class IdentityRules
{
    public const int MaximumSerialLength = 24;

    public const int MaximumOfficerIdLength = 20;

    /// <summary>Why <paramref name="serial"/> cannot be a device serial, or null when it can.</summary>
    public static string? SerialProblem(string? serial) =>
        Problem(serial, MaximumSerialLength, allowDot: false, "ASCII letters, digits and '-'", "it names every recording file and the evidence store's containers");

    /// <summary>Why <paramref name="officerId"/> cannot be an officer ID, or null when it can.</summary>
    public static string? OfficerIdProblem(string? officerId) =>
        Problem(officerId, MaximumOfficerIdLength, allowDot: true, "ASCII letters, digits, '-' and '.'", "it is burnt into the video and names the evidence store's containers");

    private static string? Problem(string? value, int maximumLength, bool allowDot, string allowed, string why)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"must not be empty: {why}";
        }

        if (value.Length > maximumLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || (allowDot && c == '.')) || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return $"must be 1 to {maximumLength} characters, {allowed} only, starting with a letter or digit ({value.Length} given): {why}";
        }

        return null;
    }
}
