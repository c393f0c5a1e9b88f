// What an offload trial holds and does around its fault: a device (the trial's DeviceSession) with
// the store's connection installed, pointed at a proxy of its own in front of the run's Swift; its
// recordings made through the rig API; the dock input moved through the rig API; the offload's
// phase read from GET /api/status. After the fault, DockUntilDoneAsync docks again (undocking
// first) with the fault gone until the offload is Done.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BodyCamDevice.DevServices;
using BodyCamDevice.Torture.Checks;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Offload;

internal sealed class DockedTrial(Trial trial, DeviceSession session, StoreProxy proxy, SwiftDevStore store, string officer, EncryptedClips? encryption)
{
    /// <summary>Docks the device gets, with the fault gone, to finish its offload.</summary>
    public const int DocksToFinish = 4;

    /// <summary>How long one dock's offload may take to end (Done or Failing) once the fault is gone.</summary>
    public static readonly TimeSpan OffloadBound = TimeSpan.FromSeconds(90);

    // Back-offs of tens of milliseconds and few retries: the faults are met quickly, and a dock that
    // gives up is docked again.
    public const string QuickOffload = """
        "Offload": { "RetryDelay": "00:00:00.0500000", "RetryMaxDelay": "00:00:00.5000000", "RetryAttempts": 3, "StallTimeout": "00:00:05" }
        """;

    public Trial Trial { get; } = trial;

    public DeviceSession Session { get; } = session;

    public StoreProxy Proxy { get; } = proxy;

    public SwiftDevStore Store { get; } = store;

    public string Officer { get; } = officer;

    /// <summary>The store key the device encrypts to, when the trial's connection asks for encryption (null: clips in clear).</summary>
    public EncryptedClips? Encryption { get; } = encryption;

    /// <summary>Every file of the recordings folder before the first dock, with its hash (the torture's own).</summary>
    public LocalSnapshot Snapshot { get; set; } = LocalSnapshot.Empty;

    public DeviceProcess Device => Session.Device!;

    /// <summary>`bodycam connection set` with the store's connection file pointed at the proxy, asking for encryption to <see cref="Encryption"/> when the trial has it.</summary>
    public bool InstallConnection()
    {
        var json = JsonNode.Parse(File.ReadAllText(Store.ConnectionFile))!;
        json["AuthenticationTokenURI"] = new JsonArray(Proxy.AuthUri.ToString());
        Encryption?.AskForEncryption(json);
        string file = Path.Combine(Session.Workspace.Root, "store-connection.json");
        File.WriteAllText(file, json.ToJsonString());
        var info = new ProcessStartInfo(Session.Environment.BodycamCommand[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in Session.Environment.BodycamCommand.Skip(1).Concat(["connection", "set", file, "--state-dir", Session.Workspace.StateDirectory]))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Trial.Break("trial", $"bodycam connection set exited {process.ExitCode}: {output}{error.Result}");
            return false;
        }

        return true;
    }

    /// <summary>One or two recordings of 1.5–5 s (with the 3 s clip length: one to three clips each).</summary>
    public async Task<bool> RecordAsync()
    {
        int recordings = Trial.Random.Next(1, 3);
        for (int index = 0; index < recordings; index++)
        {
            if (!await Device.PostAsync("api/recording/start") || !await Session.ExpectStateAsync(Trial, "after a start request", "Recording"))
            {
                return false;
            }

            await Task.Delay(Trial.Random.Next(1500, 5000));
            await Device.PostAsync("api/recording/stop");
            if (!await Session.ExpectStateAsync(Trial, "after a stop request", "Buffering"))
            {
                return false;
            }
        }

        return true;
    }

    public async Task<bool> SetDockAsync(bool docked)
    {
        try
        {
            using var answer = await Device.Api.PutAsJsonAsync("api/inputs/dock", new Dictionary<string, bool> { ["active"] = docked });
            if (!answer.IsSuccessStatusCode)
            {
                Trial.Break("trial", $"PUT /api/inputs/dock answered {(int)answer.StatusCode}");
                return false;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Trial.Break("trial", $"PUT /api/inputs/dock: {exception.Message}");
            return false;
        }

        Trial.Log(docked ? "docked" : "undocked");
        return await Session.ExpectStateAsync(Trial, docked ? "after docking" : "after undocking", docked ? "Docked" : "Buffering");
    }

    /// <summary>The offload's phase and reason from GET /api/status (null when the device does not answer).</summary>
    public async Task<(string Phase, string? Reason)?> OffloadAsync()
    {
        using JsonDocument? status = await Device.StatusAsync();
        if (status is null || !status.RootElement.TryGetProperty("offload", out var offload) || offload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return (offload.GetProperty("phase").GetString() ?? "", offload.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null);
    }

    /// <summary>Waits until the offload's phase is one of <paramref name="phases"/>; the last phase and reason seen, and whether it got there.</summary>
    public async Task<(bool Reached, string? Phase, string? Reason)> WaitForPhaseAsync(TimeSpan bound, params string[] phases)
    {
        var clock = Stopwatch.StartNew();
        (string Phase, string? Reason)? last = null;
        while (clock.Elapsed < bound && !Device.HasExited)
        {
            last = await OffloadAsync() ?? last;
            if (last is { } seen && phases.Contains(seen.Phase))
            {
                Trial.Log($"offload {seen.Phase} after {clock.Elapsed.TotalSeconds:F2} s{(seen.Reason is null ? "" : ": " + seen.Reason)}");
                return (true, seen.Phase, seen.Reason);
            }

            await Task.Delay(100);
        }

        return (false, last?.Phase, last?.Reason);
    }

    /// <summary>
    /// Docks the device (undocking it first if it is docked) until one dock's offload is Done, at
    /// most DocksToFinish times; a dock still uploading is waited for first.
    /// </summary>
    public async Task<bool> DockUntilDoneAsync()
    {
        bool docked = await Device.StateAsync() == "Docked";
        for (int dock = 0; dock <= DocksToFinish; dock++)
        {
            if (docked)
            {
                var (reached, phase, reason) = await WaitForPhaseAsync(OffloadBound, "Done", "Failing");
                if (phase == "Done")
                {
                    return true;
                }

                if (!reached)
                {
                    Trial.Break("recovery", $"the offload neither finished nor failed within {OffloadBound.TotalSeconds} s of a dock (phase {phase ?? "unknown"}{(reason is null ? "" : ": " + reason)})");
                    return false;
                }

                if (dock == DocksToFinish)
                {
                    Trial.Break("recovery", $"the offload did not finish in {DocksToFinish} docks with the fault gone: {reason}");
                    return false;
                }

                if (!await SetDockAsync(false))
                {
                    return false;
                }
            }

            if (!await SetDockAsync(true))
            {
                return false;
            }

            docked = true;
        }

        return false;
    }

    /// <summary>A random clip of the snapshot and a predicate for its object's path in the store (`…_<counter>-<clip>.mp4` in one of this officer's containers).</summary>
    public (LocalFile Clip, Func<string, bool> Path) RandomClip()
    {
        var clips = Snapshot.Clips;
        var clip = clips[Trial.Random.Next(clips.Count)];
        string suffix = $"_{clip.RecordingCounter}-{clip.ClipIndex}.mp4";
        string prefix = $"/{Officer}_";
        return (clip, path => path.Contains(prefix, StringComparison.Ordinal) && path.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>
    /// Docks with one random clip's PUT held by the proxy after a random number of its bytes, and
    /// returns once the body is held (the offload is then mid-transfer); null when it never was.
    /// </summary>
    public async Task<BodyPause?> DockMidUploadAsync()
    {
        var (clip, path) = RandomClip();
        long after = Trial.Random.NextInt64(1, Math.Max(2, clip.Size));
        var pause = Proxy.PauseBody("PUT", path, after);
        Trial.Log($"holding the PUT of {clip.Name} after {after} of {clip.Size} bytes");
        if (!await SetDockAsync(true))
        {
            pause.Release();
            return null;
        }

        try
        {
            await pause.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            pause.Release();
            Trial.Break("trial", $"the PUT of {clip.Name} never reached byte {after} within 60 s of the dock");
            return null;
        }

        return pause;
    }

    /// <summary>Predicate: a path in one of this officer's containers.</summary>
    public Func<string, bool> OwnPaths => path => path.Contains($"/{Officer}_", StringComparison.Ordinal);
}
