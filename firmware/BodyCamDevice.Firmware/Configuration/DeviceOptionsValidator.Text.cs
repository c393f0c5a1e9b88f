// Rules for the text settings: the identity (IdentityRules: file names, manifests, the evidence
// store's names and metadata), whether the burnt-in watermark fits the picture, and paths,
// which must fit Linux's limits (PATH_MAX 4096 bytes with the terminating NUL, NAME_MAX 255 bytes
// per name) with the files the device puts under them. No text setting may hold a control
// character: each ends up in a file name, a command line or a log line.
using System.Text;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Configuration;

public static partial class DeviceOptionsValidator
{
    /// <summary>Longest path Linux takes, in bytes, without the terminating NUL.</summary>
    public const int LongestPathBytes = 4095;

    /// <summary>Longest name of one file or directory, in bytes.</summary>
    public const int LongestNameBytes = 255;

    /// <summary>
    /// Room kept under Recording.Directory for the files the device writes there: '/' and the
    /// longest clip, manifest or temporary name (a 24-character serial, the time, the counter,
    /// the clip number and the extension come to 59).
    /// </summary>
    public const int RecordingNameReserveBytes = 64;

    // DejaVu Sans Mono, the watermark's font: each character advances 0.602 of the font size,
    // and the line starts half a line height (about 0.58 of the font size) in from the left,
    // inside a 3-pixel box border on each side.
    private const double WatermarkAdvance = 0.61;
    private const double WatermarkIndent = 0.6;
    private const int WatermarkBoxBorders = 6;

    private static void ValidateIdentity(IdentityOptions identity, List<ConfigurationError> errors)
    {
        if (IdentityRules.SerialProblem(identity.DeviceSerial) is { } serial)
        {
            errors.Add(new("Identity.DeviceSerial", Quote(identity.DeviceSerial is null ? null : Printable(Shortened(identity.DeviceSerial))), serial));
        }

        if (IdentityRules.OfficerIdProblem(identity.OfficerId) is { } officer)
        {
            errors.Add(new("Identity.OfficerId", Quote(identity.OfficerId is null ? null : Printable(Shortened(identity.OfficerId))), officer));
        }
    }

    // The identity line ("SN <serial>  ID <officer>") is drawn at a font size of a 27th of the
    // picture's height, at least 12 pixels (WatermarkFilter); it must fit the picture's width, or
    // the part of the identity that does not is simply missing from the footage.
    private static void ValidateWatermark(IdentityOptions identity, CameraOptions camera, List<ConfigurationError> errors)
    {
        if (IdentityRules.SerialProblem(identity.DeviceSerial) is not null || IdentityRules.OfficerIdProblem(identity.OfficerId) is not null
            || camera.Width is < 16 or > 4096 || camera.Height is < 16 or > 4096)
        {
            return;
        }

        var characters = $"SN {identity.DeviceSerial}  ID {identity.OfficerId}".Length;
        var fontSize = Math.Max(12, camera.Height / 27.0);
        var needed = (int)Math.Ceiling(fontSize * ((WatermarkAdvance * characters) + WatermarkIndent)) + WatermarkBoxBorders;
        if (camera.Width < needed)
        {
            errors.Add(new("Camera.Width", Number(camera.Width), $"is too narrow for the burnt-in watermark \"SN {identity.DeviceSerial}  ID {identity.OfficerId}\" ({characters} characters need {needed} pixels at Camera.Height {camera.Height}): use a wider picture or a shorter Identity"));
        }
    }

    /// <summary>A path the device opens or creates; <paramref name="reserveBytes"/> is kept for names the device adds under it.</summary>
    private static bool FileSystemPath(string field, string? path, int reserveBytes, string what, List<ConfigurationError> errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add(new(field, Quote(path), $"must name {what}"));
            return false;
        }

        if (!PlainText(field, path, errors))
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes + reserveBytes > LongestPathBytes)
        {
            var room = reserveBytes > 0 ? $" ({reserveBytes} are kept for the names of the files in it)" : "";
            errors.Add(new(field, Quote(Shortened(path)), $"is {bytes} bytes long: at most {LongestPathBytes - reserveBytes}{room}"));
            return false;
        }

        if (path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(name => Encoding.UTF8.GetByteCount(name) > LongestNameBytes) is { } longName)
        {
            errors.Add(new(field, Quote(Shortened(path)), $"has a name of {Encoding.UTF8.GetByteCount(longName)} bytes (\"{Shortened(longName)}\"): a file or directory name is at most {LongestNameBytes} bytes"));
            return false;
        }

        return true;
    }

    /// <summary>Text without control characters (a NUL, a line break, an escape), at most a path's length.</summary>
    private static bool PlainText(string field, string? text, List<ConfigurationError> errors)
    {
        if (text is null)
        {
            return true;
        }

        if (text.Any(char.IsControl))
        {
            errors.Add(new(field, Quote(Printable(text)), "must not contain control characters"));
            return false;
        }

        if (Encoding.UTF8.GetByteCount(text) > LongestPathBytes)
        {
            errors.Add(new(field, Quote(Shortened(text)), $"is longer than {LongestPathBytes} bytes"));
            return false;
        }

        return true;
    }

    // Control characters shown as \uXXXX, so the error line itself stays one clean line.
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    // Very long values are echoed by their start and their length.
    private static string Shortened(string text) => text.Length <= 80 ? text : $"{text[..60]}… ({text.Length} characters)";
}
