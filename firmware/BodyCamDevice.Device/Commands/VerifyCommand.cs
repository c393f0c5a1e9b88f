// `bodycam verify CLIP`: recomputes the clip's SHA-256 and compares it with its manifest.
// Prints one verdict line; exit 0 only on a match (see ExitCodes for the others).
using BodyCamDevice.Device.Recordings;

namespace BodyCamDevice.Device.Commands;

internal static class VerifyCommand
{
    public static async Task<int> RunAsync(string clipPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var result = await ClipVerifier.VerifyAsync(clipPath, cancellationToken).ConfigureAwait(false);
        var line = $"{Word(result.Verdict)}: {result.ClipPath}: {result.Detail}";
        if (result.Verdict == ClipVerdict.Match)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await error.WriteLineAsync(line).ConfigureAwait(false);
        return result.Verdict switch
        {
            ClipVerdict.Mismatch => ExitCodes.CheckFailed,
            ClipVerdict.ManifestMissing => ExitCodes.ManifestMissing,
            _ => ExitCodes.Unreadable,
        };
    }

    private static string Word(ClipVerdict verdict) => verdict switch
    {
        ClipVerdict.Match => "match",
        ClipVerdict.Mismatch => "MISMATCH",
        ClipVerdict.ManifestMissing => "MISSING MANIFEST",
        _ => "UNREADABLE",
    };
}
