// `bodycam verify --json` over a trial's recordings folder, with the state directory's identity,
// chain head and audit log: the evidence verifier as a separate process.
using System.Diagnostics;
using System.Text.Json;

namespace BodyCamDevice.Torture.Checks;

internal sealed record EvidenceVerification(int ExitCode, string Failures, IReadOnlyDictionary<string, string> InterruptedStatus)
{
    public bool Passed => ExitCode == 0;

    public static EvidenceVerification Run(TortureEnvironment environment, string recordings, string state)
    {
        var info = new ProcessStartInfo(environment.BodycamCommand[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in environment.BodycamCommand.Skip(1).Concat(["verify", recordings, "--state-dir", state, "--json"]))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        // clip name -> the status of its "interrupted" check (Ok: not cut off; Warning: cut off and sealed).
        var interrupted = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var report = JsonDocument.Parse(output);
            foreach (var clip in report.RootElement.GetProperty("clips").EnumerateArray())
            {
                foreach (var check in clip.GetProperty("checks").EnumerateArray())
                {
                    if (check.GetProperty("name").GetString() == "interrupted")
                    {
                        interrupted[clip.GetProperty("clip").GetString()!] = check.GetProperty("status").GetString()!;
                    }
                }
            }
        }
        catch (JsonException)
        {
            return new EvidenceVerification(process.ExitCode == 0 ? -1 : process.ExitCode, "not JSON: " + output + error.Result, interrupted);
        }

        return new EvidenceVerification(process.ExitCode, error.Result.Trim(), interrupted);
    }
}
