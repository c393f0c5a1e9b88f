// `bodycam verify PATH`: checks a recordings folder, or one clip, as evidence (EvidenceVerifier):
// per clip its hash, signature, chain link, encryption and whether it was cut off; across the
// folder the chain's numbers; the audit log's chain and checkpoints. A table for people, or
// JSON with --json. Exit 0 only when every check passes; otherwise each failure is named on
// stderr (and in the JSON). Reads everything, changes nothing.
//
// The device's public key: --key, else the identity in the state directory. The audit log:
// --audit, else audit.jsonl in the state directory when there is one. The chain head (to find
// manifests missing at the end): the state directory's manifest chain.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Evidence.Verification;

namespace BodyCamDevice.Device.Commands;

/// <param name="Key">A PEM file with the device's public key; null: the state directory's identity.</param>
/// <param name="Audit">The audit log; null: audit.jsonl in the state directory, if there.</param>
/// <param name="StateDirectory">The device's state directory (as for run).</param>
internal sealed record VerifyArguments(string Path, string? Key, string? Audit, string StateDirectory, bool Json);

internal static class VerifyCommand
{
    public static int Run(VerifyArguments arguments, TextWriter output, TextWriter error)
    {
        string path = Path.GetFullPath(arguments.Path);
        bool oneClip = !Directory.Exists(path);
        if (oneClip && !File.Exists(path))
        {
            error.WriteLine($"bodycam: verify: no such clip or folder: {path}");
            return ExitCodes.Unreadable;
        }

        string? publicKey;
        try
        {
            publicKey = DevicePublicKey(arguments);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DeviceIdentityException)
        {
            error.WriteLine($"bodycam: verify: {exception.Message}");
            return ExitCodes.Unreadable;
        }

        EvidenceVerifier verifier;
        try
        {
            verifier = new EvidenceVerifier(publicKey);
        }
        catch (ArgumentException exception)
        {
            error.WriteLine($"bodycam: verify: {arguments.Key}: {exception.Message}");
            return ExitCodes.Unreadable;
        }

        string? audit = arguments.Audit ?? (File.Exists(Path.Combine(arguments.StateDirectory, "audit.jsonl")) ? Path.Combine(arguments.StateDirectory, "audit.jsonl") : null);
        long? head = ManifestChain.ReadLastSequence(ManifestChain.PathIn(arguments.StateDirectory));
        VerificationReport report = verifier.Verify(path, audit, head);

        if (arguments.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, VerifyJsonContext.Default.VerificationReport));
        }
        else
        {
            WriteTable(report, output);
        }

        if (report.Passed)
        {
            if (!arguments.Json)
            {
                output.WriteLine("ok: every check passed");
            }

            return ExitCodes.Success;
        }

        string[] failures = [.. report.Failures];
        error.WriteLine($"FAILED ({failures.Length}):");
        foreach (string failure in failures)
        {
            error.WriteLine("  " + failure);
        }

        if (oneClip && report.Clips.Single().Find("manifest") is { Status: CheckStatus.Failed } manifest)
        {
            return manifest.Detail.StartsWith("no manifest", StringComparison.Ordinal) ? ExitCodes.ManifestMissing
                : manifest.Detail.StartsWith("unreadable", StringComparison.Ordinal) ? ExitCodes.Unreadable
                : ExitCodes.CheckFailed;
        }

        return ExitCodes.CheckFailed;
    }

    private static string? DevicePublicKey(VerifyArguments arguments)
    {
        if (arguments.Key is not null)
        {
            return File.ReadAllText(arguments.Key);
        }

        string publicFile = FileDeviceSigningKey.PublicPathIn(arguments.StateDirectory);
        if (File.Exists(publicFile))
        {
            return File.ReadAllText(publicFile);
        }

        string privateFile = FileDeviceSigningKey.PathIn(arguments.StateDirectory);
        if (!File.Exists(privateFile))
        {
            return null;
        }

        using var key = FileDeviceSigningKey.Load(privateFile);
        return key.PublicKeyPem;
    }

    private static void WriteTable(VerificationReport report, TextWriter output)
    {
        output.WriteLine($"verify {report.Path}: {report.Clips.Count} clip(s); device key {report.KeyFingerprint ?? "none (give --key): signatures not checked"}");
        if (report.Clips.Count > 0)
        {
            int width = Math.Max(4, report.Clips.Max(clip => clip.Clip.Length));
            output.WriteLine($"{"CLIP".PadRight(width)}  {"NO.",5}  {"HASH",-6}  {"SIGNATURE",-9}  {"CHAIN",-6}  {"ENCRYPTION",-10}  {"INTERRUPTED",-11}  MANIFEST");
            foreach (ClipReport clip in report.Clips)
            {
                string sequence = clip.Sequence?.ToString(CultureInfo.InvariantCulture) ?? "-";
                output.WriteLine(
                    $"{clip.Clip.PadRight(width)}  {sequence,5}  {Word(clip, "hash"),-6}  {Word(clip, "signature"),-9}  {Word(clip, "chain"),-6}  " +
                    $"{Word(clip, "encryption", clear: "clear"),-10}  {Word(clip, "interrupted", ok: "no", warning: "yes"),-11}  {Word(clip, "manifest")}");
            }
        }

        foreach (Check check in report.Chain)
        {
            output.WriteLine($"chain: {Status(check.Status)}: {check.Detail}");
        }

        if (report.Audit is { } audit)
        {
            output.WriteLine(
                $"audit {audit.Path}: {audit.Lines} lines (seq {audit.FirstSequence}..{audit.LastSequence}), {audit.ChainedLines} linked, " +
                $"{audit.Checkpoints} checkpoint(s), {audit.LinesAfterLastCheckpoint} line(s) after the last: {(audit.Passed ? "ok" : "FAILED")}");
            foreach (Check check in audit.Checks.Where(check => check.Status is CheckStatus.Warning))
            {
                output.WriteLine($"  warn: {check.Detail}");
            }
        }
        else
        {
            output.WriteLine("audit: no audit log given (--audit FILE)");
        }

        foreach (ClipReport clip in report.Clips)
        {
            foreach (Check check in clip.Checks.Where(check => check.Status == CheckStatus.Warning))
            {
                output.WriteLine($"  warn: {clip.Clip}: {check.Name}: {check.Detail}");
            }
        }
    }

    private static string Word(ClipReport clip, string name, string ok = "ok", string warning = "warn", string clear = "-") =>
        clip.Find(name)?.Status switch
        {
            CheckStatus.Ok => ok,
            CheckStatus.Warning => warning,
            CheckStatus.Failed => "FAILED",
            CheckStatus.NotApplicable => clear,
            _ => "-",
        };

    private static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Warning => "warn",
        CheckStatus.Failed => "FAILED",
        _ => "-",
    };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(VerificationReport))]
internal sealed partial class VerifyJsonContext : JsonSerializerContext;
